package io.naisrec.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import java.util.List;

/**
 * The first stage of two-stage ranking: FISM-style candidates from a trained FISM or NAIS block.
 * Every item i is scored by FISM's n^−α Σ_j p_i · q_j + b_i with the block's own embeddings
 * (uniform weights, no attention) over the items the block looks at: the users' summed history
 * embeddings (U, D) times Pᵀ (D, N), one matrix product for a batch of users. Histories are
 * {@link RaggedHistory ragged}, so nothing depends on the padding row of Q. The best {@code m}
 * items outside each user's whole history are kept for the block to re-rank.
 *
 * <p>{@link #top} is serialised; each call runs in its own {@link NDManager} scope, closed before
 * returning.
 */
public final class FismCandidates {

    private final ItemSimilarityBlock block;
    private final NDManager manager;

    /**
     * @param block an initialised FISM or NAIS block
     * @param manager the manager (and device) to compute on; not closed here
     */
    public FismCandidates(ItemSimilarityBlock block, NDManager manager) {
        this.block = block;
        this.manager = manager;
    }

    /**
     * The first-stage score of every item for each user, (U, N); an item of the user's whole
     * history scores −∞.
     */
    public static NDArray scores(ItemSimilarityBlock block, ParameterStore store,
            RaggedHistory histories) {
        NDArray items = histories.items().getManager().arange(0, block.numItems(), 1,
                DataType.INT32, histories.items().getDevice());                      // (N)
        return RaggedHistory.excluding(histories.holdsAmong(block.numItems()),
                block.uniformScores(store, histories, items));                       // (U, N)
    }

    /**
     * The {@code m} items with the highest first-stage score for each history, best first,
     * never an item of that history; fewer when fewer items remain.
     *
     * @param histories item indices per user, each non-empty, oldest first (the block's
     *     history cap applies)
     * @param m candidates per user, at least 1
     */
    public synchronized int[][] top(List<int[]> histories, int m) {
        if (m < 1) {
            throw new IllegalArgumentException("candidates must be >= 1, got " + m);
        }
        int n = block.numItems();
        int keep = Math.min(m, n);
        float[] scores;
        int[] ranked;
        try (NoGradient off = NoGradient.enter(); NDManager scope = manager.newSubManager()) {
            NDList ragged = RaggedHistory.inputs(scope, histories);
            NDArray all = scores(block, new ParameterStore(scope, false),
                    RaggedHistory.of(block, new ParameterStore(scope, false), ragged.get(0),
                            ragged.get(1)));
            NDList best = all.topK(keep, 1);                                         // (U, m)
            scores = best.get(0).toFloatArray();
            ranked = best.get(1).toType(DataType.INT32, false).toIntArray();
        }
        int[][] top = new int[histories.size()][];
        for (int u = 0; u < top.length; u++) {
            int open = 0;
            while (open < keep && scores[u * keep + open] != Float.NEGATIVE_INFINITY) {
                open++;
            }
            top[u] = java.util.Arrays.copyOfRange(ranked, u * keep, u * keep + open);
        }
        return top;
    }
}
