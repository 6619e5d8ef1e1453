package io.naisrec.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import java.util.Arrays;
import java.util.List;

/**
 * The first stage of two-stage ranking: FISM-style candidates from a trained FISM or NAIS block.
 * Every item i is scored by FISM's n^−α Σ_j p_i · q_j + b_i with the block's own embeddings
 * (uniform weights, no attention): the users' summed history embeddings (U, D) times Pᵀ (D, N)
 * in one matrix product. The best {@code m} items outside each history are kept for the block to
 * re-rank.
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
    public int[][] top(List<int[]> histories, int m) {
        return top(histories, histories, m);
    }

    /**
     * As {@link #top(List, int)}, scoring with {@code histories} (e.g. the most recent items a
     * model with a history cap sees) and excluding every item of {@code excluded} (the whole
     * histories).
     */
    public synchronized int[][] top(List<int[]> histories, List<int[]> excluded, int m) {
        if (m < 1) {
            throw new IllegalArgumentException("candidates must be >= 1, got " + m);
        }
        int n = block.numItems();
        int users = histories.size();
        int length = 1;
        float[] normaliser = new float[users];
        for (int u = 0; u < users; u++) {
            int[] history = histories.get(u);
            if (history.length == 0) {
                throw new IllegalArgumentException("a history needs at least one item");
            }
            length = Math.max(length, history.length);
            normaliser[u] = (float) Math.pow(history.length, -block.config().alpha());
        }
        int[] ids = new int[users * length];
        Arrays.fill(ids, n);   // the padding row of Q is zero: it adds nothing to the sum
        for (int u = 0; u < users; u++) {
            System.arraycopy(histories.get(u), 0, ids, u * length, histories.get(u).length);
        }
        float[] scores;
        try (NoGradient off = NoGradient.enter(); NDManager scope = manager.newSubManager()) {
            NDArray indices = scope.create(ids, new Shape(users, length));
            NDArray summed = indices.getNDArrayInternal().embedding(indices,
                    parameter(ItemSimilarityBlock.HISTORY_EMBEDDING), SparseFormat.DENSE)
                    .singletonOrThrow().sum(new int[] {1})                        // (U, D)
                    .mul(scope.create(normaliser, new Shape(users, 1)));          // n^−α
            NDArray transposed = parameter(ItemSimilarityBlock.TARGET_EMBEDDING).transpose();
            transposed.attach(scope);                                             // (D, N)
            NDArray bias = parameter(ItemSimilarityBlock.ITEM_BIAS).reshape(1, n);
            bias.attach(scope);                                                   // (1, N)
            scores = summed.matMul(transposed).add(bias).toFloatArray();          // (U, N)
        }
        int[][] top = new int[users][];
        for (int u = 0; u < users; u++) {
            top[u] = best(scores, u * n, n, excluded.get(u), m);
        }
        return top;
    }

    private NDArray parameter(String name) {
        return block.getParameters().get(name).getArray();
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
