package io.naisrec.zoo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.naisrec.model.FismCandidates;
import io.naisrec.model.ItemSimilarityBlock;
import io.naisrec.model.NoGradient;
import io.naisrec.model.RaggedHistory;
import io.naisrec.model.RaggedRanking;

/**
 * Every kind of query a model server sends, mixed in one batch, in one forward pass: the block
 * of a model loaded for {@code Input} → {@code Output} (DJL Serving's contract). It wraps the
 * trained {@link ItemSimilarityBlock}, whose parameters it uses; {@link RecommendationBlock}
 * documents the recommendation outputs and {@link SimilarItemsBlock} the similar items.
 *
 * <p>Dimensions: U₁ users ranked exactly over T₁ history items, U₂ users ranked in two stages
 * over T₂, Q similar-items queries, K the most items any query of the batch asks for (at most
 * {@link #topK()}); each group's K is K clamped to what it can return: N for exact ranking, the
 * longest shortlist for two stages, N − 1 for similar items.
 *
 * <p>Inputs: exact items (T₁) and offsets (U₁) int32; two-stage items (T₂), offsets (U₂) and
 * shortlist sizes (U₂) int32 (each 1 to N); query items (Q) int32; K (1) int32. Outputs: exact
 * items (U₁, K), logits (U₁, K), weights (T₁, K); two-stage items (U₂, K), logits (U₂, K),
 * weights (T₂, K); similar items (Q, K) and similarities (Q, K). An empty group gives empty
 * outputs.
 */
public final class ServingBlock extends QueryBlock {

    /**
     * @param scorer a trained block, whose parameters this block uses
     * @param maxTopK the most items one query may ask for, at least 1
     */
    public ServingBlock(ItemSimilarityBlock scorer, int maxTopK) {
        super(scorer, maxTopK);
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        int k = Math.min(topK(), inputs.get(6).toIntArray()[0]);
        if (k < 1) {
            throw new IllegalArgumentException("K must be positive, got " + k);
        }
        int n = scorer().numItems();
        RaggedRanking ranking = new RaggedRanking(scorer());
        NDList out = new NDList();
        try (NoGradient off = NoGradient.enter()) {
            out.addAll(rank(ranking, store, inputs.get(0), inputs.get(1), null,
                    Math.min(k, n)));
            out.addAll(rank(ranking, store, inputs.get(2), inputs.get(3), inputs.get(4),
                    k));
            NDArray queries = inputs.get(5);
            out.addAll(queries.isEmpty()
                    ? RaggedRanking.empty(queries.getManager(), Math.max(1, Math.min(k, n - 1)), 2)
                    : ranking.similar(store, queries, Math.max(1, Math.min(k, n - 1))));
        }
        return out;
    }

    private NDList rank(RaggedRanking ranking, ParameterStore store, NDArray items,
            NDArray offsets, NDArray shortlists, int k) {
        if (offsets.isEmpty()) {
            return RaggedRanking.empty(offsets.getManager(), k, 3);
        }
        RaggedHistory histories = RaggedHistory.of(scorer(), store, items, offsets);
        if (shortlists == null) {
            return ranking.recommend(store, histories, k, null, null, 0);
        }
        NDArray sizes = shortlists.toType(DataType.INT32, false);
        int longest = sizes.max().toIntArray()[0];
        return ranking.recommend(store, histories, Math.min(k, longest),
                new FismCandidates(scorer()), sizes, longest);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long k = -1;
        return new Shape[] {new Shape(inputShapes[1].get(0), k),
            new Shape(inputShapes[1].get(0), k), new Shape(inputShapes[0].get(0), k),
            new Shape(inputShapes[3].get(0), k), new Shape(inputShapes[3].get(0), k),
            new Shape(inputShapes[2].get(0), k), new Shape(inputShapes[5].get(0), k),
            new Shape(inputShapes[5].get(0), k)};
    }
}
