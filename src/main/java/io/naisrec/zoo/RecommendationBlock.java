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
 * The top K items of the whole catalogue for a batch of users, with the attention weights and
 * the contributions that explain them, in one forward pass over tensors, for a caller that
 * holds a trained block (a loaded model's {@link ServingBlock} answers {@link UserHistory}
 * queries the same way, with these outputs). It wraps the trained {@link ItemSimilarityBlock} (FISM, NAIS or EASE), whose
 * parameters it uses.
 *
 * <p>Dimensions: U users, T items of all their histories ({@link RaggedHistory}: no padding),
 * N catalogue items, M = min(candidates, N), K = min(topK, N) (min(topK, M) in two stages).
 *
 * <p>Inputs: items (T) int32, every user's known history items, user after user, oldest first,
 * each once; offsets (U) int32, where each user's items start. Outputs:
 * <ol>
 *   <li>items (U, K) int32, best first, never an item of the user's history;</li>
 *   <li>their logits (U, K) float32; −∞ where fewer than K items remain (or, ranking in two
 *       stages, are shortlisted);</li>
 *   <li>weights (T, K) float32: each history item's weight a_ij for each of its user's K items
 *       (0 beyond the model's history cap; FISM: 1; EASE: B_ji);</li>
 *   <li>contributions (T, K) float32: each history item's share of each item's logit,
 *       n^−α a_ij (p_i · q_j) (EASE: B_ji); with the item bias they sum to the logit.</li>
 * </ol>
 * Exact ranking scores every item, in chunks of the catalogue whose largest tensor holds at most
 * 2^22 elements (16 MiB). With {@code candidates} M &gt; 0 it ranks in two stages: the M best
 * items by its {@link FirstStage} ({@link FismCandidates FISM-style scores} unless another is
 * given, such as a model folder's EASE first stage), re-scored by the model.
 */
public final class RecommendationBlock extends QueryBlock {

    private final int candidates;
    private final FirstStage firstStage;

    /**
     * Two stages shortlist by FISM-style scores from the trained block's own embeddings.
     *
     * @param trained a trained block, whose parameters this block uses
     * @param topK items per user, at least 1
     * @param candidates 0 for exact ranking, else the shortlist size M of two-stage ranking
     */
    public RecommendationBlock(ItemSimilarityBlock trained, int topK, int candidates) {
        this(trained, topK, candidates, null);
    }

    /**
     * @param trained a trained block, whose parameters this block uses
     * @param topK items per user, at least 1
     * @param candidates 0 for exact ranking, else the shortlist size M of two-stage ranking
     * @param firstStage what two stages shortlist by, over the trained block's items (a model
     *     folder's EASE first stage, {@link FirstStageFile#load}); {@code null}: FISM-style
     *     scores from the trained block's embeddings
     */
    public RecommendationBlock(ItemSimilarityBlock trained, int topK, int candidates,
            FirstStage firstStage) {
        super(trained, topK);
        if (candidates < 0) {
            throw new IllegalArgumentException("candidates must be >= 0, got " + candidates);
        }
        this.candidates = candidates;
        this.firstStage = firstStage != null ? firstStage : new FismCandidates(trained);
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        try (NoGradient off = NoGradient.enter()) {
            RaggedHistory histories = RaggedHistory.of(trainedBlock(), store, inputs.get(0),
                    inputs.get(1));
            int n = trainedBlock().numItems();
            NDArray sizes = candidates == 0 ? null : inputs.get(1).getManager().full(
                    new Shape(histories.users()), Math.min(candidates, n), DataType.INT32,
                    inputs.get(1).getDevice());
            return new RaggedRanking(trainedBlock()).recommend(store, histories, k(),
                    candidates == 0 ? null : firstStage, sizes,
                    Math.min(candidates, n));
        }
    }

    /** Items per user: at most topK, the catalogue, and in two stages the shortlist. */
    private int k() {
        int n = trainedBlock().numItems();
        return Math.min(topK(), candidates == 0 ? n : Math.min(candidates, n));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long k = k();
        long users = inputShapes[1].get(0);
        return new Shape[] {new Shape(users, k), new Shape(users, k),
            new Shape(inputShapes[0].get(0), k), new Shape(inputShapes[0].get(0), k)};
    }
}
