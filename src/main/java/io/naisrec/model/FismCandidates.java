package io.naisrec.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import java.util.Arrays;
import java.util.List;

/**
 * The first stage of two-stage ranking: FISM-style candidates from a trained FISM or NAIS block.
 * Every item i is scored p_i · Σ_j q_j + b_i with the block's own embeddings (uniform weights, no
 * attention): the users' summed history embeddings (U, D) times Pᵀ (D, N) in one matrix product.
 * The best {@code m} items outside each history are kept for the block to re-rank.
 *
 * <p>Calls are serialised; each runs in its own {@link NDManager} scope, closed before returning.
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
     * The {@code m} items with the highest first-stage score for each history, best first,
     * never an item of that history; fewer when fewer items remain.
     *
     * @param histories item indices per user, each non-empty
     * @param m candidates per user, at least 1
     */
    public synchronized int[][] top(List<int[]> histories, int m) {
        if (m < 1) {
            throw new IllegalArgumentException("candidates must be >= 1, got " + m);
        }
        int n = block.numItems();
        int users = histories.size();
        int length = 1;
        for (int[] history : histories) {
            if (history.length == 0) {
                throw new IllegalArgumentException("a history needs at least one item");
            }
            length = Math.max(length, history.length);
        }
        int[] ids = new int[users * length];
        Arrays.fill(ids, n);   // the padding row of Q is zero: it adds nothing to the sum
        for (int u = 0; u < users; u++) {
            System.arraycopy(histories.get(u), 0, ids, u * length, histories.get(u).length);
        }
        float[] scores;
        try (NoGradient off = NoGradient.enter(); NDManager scope = manager.newSubManager()) {
            NDArray q = parameter(scope, ItemSimilarityBlock.HISTORY_EMBEDDING);   // (N + 1, D)
            NDArray p = parameter(scope, ItemSimilarityBlock.TARGET_EMBEDDING);    // (N, D)
            NDArray b = parameter(scope, ItemSimilarityBlock.ITEM_BIAS);           // (N, 1)
            NDArray indices = scope.create(ids, new Shape(users, length));
            NDArray summed = indices.getNDArrayInternal().embedding(indices, q,
                    SparseFormat.DENSE).singletonOrThrow().sum(new int[] {1});    // (U, D)
            scores = summed.matMul(p.transpose()).add(b.reshape(1, n)).toFloatArray(); // (U, N)
        }
        int[][] top = new int[users][];
        for (int u = 0; u < users; u++) {
            top[u] = best(scores, u * n, n, histories.get(u), m);
        }
        return top;
    }

    /** A view of a parameter owned by {@code scope}, so that derived arrays close with it. */
    private NDArray parameter(NDManager scope, String name) {
        NDArray value = block.getParameters().get(name).getArray();
        return scope.ones(new Shape(), value.getDataType(), value.getDevice()).mul(value);
    }

    private static int[] best(float[] scores, int offset, int n, int[] history, int m) {
        boolean[] excluded = new boolean[n];
        for (int item : history) {
            excluded[item] = true;
        }
        int open = 0;
        long[] keyed = new long[n];
        for (int item = 0; item < n; item++) {
            if (!excluded[item]) {
                keyed[open++] = (long) sortableDescending(scores[offset + item]) << 32 | item;
            }
        }
        long[] ranked = Arrays.copyOf(keyed, open);
        Arrays.sort(ranked);
        int[] top = new int[Math.min(m, open)];
        for (int c = 0; c < top.length; c++) {
            top[c] = (int) ranked[c];
        }
        return top;
    }

    /** An int whose ascending order is the descending order of {@code score} (NaN last). */
    private static int sortableDescending(float score) {
        int bits = Float.floatToIntBits(Float.isNaN(score) ? Float.NEGATIVE_INFINITY : score);
        int ascending = bits < 0 ? bits ^ 0x7fffffff : bits;
        return ~ascending;
    }
}
