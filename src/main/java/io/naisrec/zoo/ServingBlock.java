package io.naisrec.zoo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.naisrec.model.FirstStage;
import io.naisrec.model.FismCandidates;
import io.naisrec.model.ItemSimilarityBlock;
import io.naisrec.model.NoGradient;
import io.naisrec.model.RaggedHistory;
import io.naisrec.model.RaggedRanking;

/**
 * Every kind of query, mixed in one batch, in one forward pass: the block of a nais model
 * loaded through DJL's {@code Criteria}, whatever its translator ({@code UserHistory},
 * {@code SimilarItemsQuery} or DJL Serving's {@code Input} → {@code Output}). It wraps the trained
 * {@link ItemSimilarityBlock}, whose parameters it uses; {@link RecommendationBlock} documents
 * the recommendation outputs and {@link SimilarItemsBlock} the similar items.
 *
 * <p>Dimensions: U₁ users ranked exactly over T₁ history items, U₂ users ranked in two stages
 * over T₂, Q similar-items queries, K the most items any query of the batch asks for (at most
 * {@link #topK()}); each group's K is K clamped to what it can return: N for exact ranking, the
 * longest shortlist for two stages, N − 1 for similar items.
 *
 * <p>Inputs, by name in {@link Inputs}: exact items (T₁) and offsets (U₁) int32; two-stage items
 * (T₂), offsets (U₂) and shortlist sizes (U₂) int32 (each 1 to N); query items (Q) int32; K (1)
 * int32. Outputs, by name in {@link Outputs}: exact items (U₁, K), logits (U₁, K), weights
 * (T₁, K), contributions (T₁, K); two-stage items (U₂, K), logits (U₂, K), weights (T₂, K),
 * contributions (T₂, K); similar items (Q, K) and
 * similarities (Q, K). An empty group gives empty outputs. Two stages shortlist by the
 * block's {@link FirstStage}: a model folder's EASE first stage, else FISM-style scores. Every nais translator feeds this
 * block, which {@link NaisBlockFactory} makes the model's block.
 */
public final class ServingBlock extends QueryBlock {

    private static final int EXACT_ITEMS = 0;
    private static final int EXACT_OFFSETS = 1;
    private static final int STAGED_ITEMS = 2;
    private static final int STAGED_OFFSETS = 3;
    private static final int SHORTLISTS = 4;
    private static final int QUERIES = 5;
    private static final int K = 6;

    /**
     * The block's inputs by name.
     *
     * @param exactItems history items of the users ranked exactly (T₁) int32
     * @param exactOffsets where each of those users' items start (U₁) int32
     * @param stagedItems history items of the users ranked in two stages (T₂) int32
     * @param stagedOffsets where each of those users' items start (U₂) int32
     * @param shortlists each two-stage user's shortlist size (U₂) int32, 1 to N
     * @param queries the similar-items queries' items (Q) int32
     * @param k the most items any query of the batch asks for (1) int32
     */
    public record Inputs(NDArray exactItems, NDArray exactOffsets, NDArray stagedItems,
            NDArray stagedOffsets, NDArray shortlists, NDArray queries, NDArray k) {

        /** Reads the inputs from the block's input list. */
        public static Inputs of(NDList list) {
            return new Inputs(list.get(EXACT_ITEMS), list.get(EXACT_OFFSETS),
                    list.get(STAGED_ITEMS), list.get(STAGED_OFFSETS), list.get(SHORTLISTS),
                    list.get(QUERIES), list.get(K));
        }

        /** The block's input list. */
        public NDList toList() {
            return new NDList(exactItems, exactOffsets, stagedItems, stagedOffsets, shortlists,
                    queries, k);
        }
    }

    /**
     * One group of ranked users' outputs ({@link RecommendationBlock} documents them).
     *
     * @param items (U, K) int32, best first
     * @param logits (U, K) float32, −∞ where fewer items remain
     * @param weights (T, K) float32, each history item's attention weight per ranked item
     * @param contributions (T, K) float32, each history item's contribution to the logit of
     *     each ranked item
     */
    public record Ranking(NDArray items, NDArray logits, NDArray weights,
            NDArray contributions) {}

    /**
     * The block's outputs by name.
     *
     * @param exact the users ranked exactly
     * @param staged the users ranked in two stages
     * @param similarItems the most similar items of each query (Q, K) int32
     * @param similarities their similarities (Q, K) float32
     */
    public record Outputs(Ranking exact, Ranking staged, NDArray similarItems,
            NDArray similarities) {

        /** Reads the outputs from the block's output list. */
        public static Outputs of(NDList list) {
            return new Outputs(new Ranking(list.get(0), list.get(1), list.get(2), list.get(3)),
                    new Ranking(list.get(4), list.get(5), list.get(6), list.get(7)),
                    list.get(8), list.get(9));
        }

        /** The block's output list. */
        public NDList toList() {
            return new NDList(exact.items(), exact.logits(), exact.weights(),
                    exact.contributions(), staged.items(), staged.logits(), staged.weights(),
                    staged.contributions(), similarItems, similarities);
        }
    }

    private final FirstStage firstStage;

    /**
     * Two stages shortlist by FISM-style scores from the trained block's own embeddings.
     *
     * @param trained a trained block, whose parameters this block uses
     * @param maxTopK the most items one query may ask for, at least 1
     */
    public ServingBlock(ItemSimilarityBlock trained, int maxTopK) {
        this(trained, maxTopK, null);
    }

    /**
     * @param trained a trained block, whose parameters this block uses
     * @param maxTopK the most items one query may ask for, at least 1
     * @param firstStage what two stages shortlist by (a model folder's EASE first stage), over
     *     the trained block's items; {@code null}: FISM-style scores from its embeddings
     */
    public ServingBlock(ItemSimilarityBlock trained, int maxTopK, FirstStage firstStage) {
        super(trained, maxTopK);
        this.firstStage = firstStage != null ? firstStage : new FismCandidates(trained);
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList list, boolean training,
            PairList<String, Object> params) {
        Inputs inputs = Inputs.of(list);
        int k = Math.min(topK(), inputs.k().toIntArray()[0]);
        if (k < 1) {
            throw new IllegalArgumentException("K must be positive, got " + k);
        }
        int n = trainedBlock().numItems();
        RaggedRanking ranking = new RaggedRanking(trainedBlock());
        try (NoGradient off = NoGradient.enter()) {
            Ranking exact = rank(ranking, store, inputs.exactItems(), inputs.exactOffsets(),
                    null, Math.min(k, n));
            Ranking staged = rank(ranking, store, inputs.stagedItems(),
                    inputs.stagedOffsets(), inputs.shortlists(), k);
            NDArray queries = inputs.queries();
            NDList similar = queries.isEmpty()
                    ? RaggedRanking.empty(queries.getManager(), Math.max(1, Math.min(k, n - 1)), 2)
                    : ranking.similar(store, queries, Math.max(1, Math.min(k, n - 1)));
            return new Outputs(exact, staged, similar.get(0), similar.get(1)).toList();
        }
    }

    private Ranking rank(RaggedRanking ranking, ParameterStore store, NDArray items,
            NDArray offsets, NDArray shortlists, int k) {
        NDList ranked;
        if (offsets.isEmpty()) {
            ranked = RaggedRanking.empty(offsets.getManager(), k, 4);
        } else {
            RaggedHistory histories = RaggedHistory.of(trainedBlock(), store, items, offsets);
            if (shortlists == null) {
                ranked = ranking.recommend(store, histories, k, null, null, 0);
            } else {
                NDArray sizes = shortlists.toType(DataType.INT32, false);
                int longest = sizes.max().toIntArray()[0];
                ranked = ranking.recommend(store, histories, Math.min(k, longest), firstStage,
                        sizes, longest);
            }
        }
        return new Ranking(ranked.get(0), ranked.get(1), ranked.get(2), ranked.get(3));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long k = -1;
        long exactUsers = inputShapes[EXACT_OFFSETS].get(0);
        long stagedUsers = inputShapes[STAGED_OFFSETS].get(0);
        long queries = inputShapes[QUERIES].get(0);
        return new Shape[] {new Shape(exactUsers, k), new Shape(exactUsers, k),
            new Shape(inputShapes[EXACT_ITEMS].get(0), k),
            new Shape(inputShapes[EXACT_ITEMS].get(0), k), new Shape(stagedUsers, k),
            new Shape(stagedUsers, k), new Shape(inputShapes[STAGED_ITEMS].get(0), k),
            new Shape(inputShapes[STAGED_ITEMS].get(0), k), new Shape(queries, k),
            new Shape(queries, k)};
    }
}
