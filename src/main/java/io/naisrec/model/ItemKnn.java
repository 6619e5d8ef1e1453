package io.naisrec.model;

import io.naisrec.data.InteractionDataset;
import java.util.Arrays;

/**
 * Item-based collaborative filtering (Sarwar et al. 2001): score(u, i) = Σ_{j ∈ history(u)}
 * sim(i, j), with sim(i, j) = |U_i ∩ U_j| / sqrt(|U_i|·|U_j|), the cosine between the binary
 * vectors of the users who interacted with i and j, and sim(i, i) = 0. With a neighbourhood size
 * N > 0, row i keeps only its N most similar items (ties: lower index first).
 *
 * <p>The similarity matrix is dense (items² floats): 378 MB for ml-latest-small's 9,724 items.
 */
public final class ItemKnn implements ItemScorer {

    /** Largest catalogue the dense matrix accepts. */
    public static final int MAX_ITEMS = 40_000;

    private final int numItems;
    private final float[] similarity;

    private ItemKnn(int numItems, float[] similarity) {
        this.numItems = numItems;
        this.similarity = similarity;
    }

    /**
     * Computes the similarity matrix from the training histories.
     *
     * @param train training interactions
     * @param neighbours neighbourhood size N, or 0 to keep every neighbour
     */
    public static ItemKnn fit(InteractionDataset train, int neighbours) {
        if (neighbours < 0) {
            throw new IllegalArgumentException("neighbours must be >= 0, got " + neighbours);
        }
        int n = train.numItems();
        if (n > MAX_ITEMS) {
            throw new IllegalArgumentException("ItemKNN holds a dense " + n + "×" + n
                    + " matrix; catalogues over " + MAX_ITEMS + " items are not supported");
        }
        float[] sim = new float[n * n];
        for (int u = 0; u < train.numUsers(); u++) {
            int[] history = train.history(u);
            for (int a = 0; a < history.length; a++) {
                int row = history[a] * n;
                for (int b = 0; b < history.length; b++) {
                    sim[row + history[b]] += 1f;
                }
            }
        }
        int[] counts = train.itemCounts();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                float co = sim[i * n + j];
                sim[i * n + j] = i == j || co == 0f ? 0f
                        : (float) (co / Math.sqrt((double) counts[i] * counts[j]));
            }
        }
        if (neighbours > 0 && neighbours < n - 1) {
            for (int i = 0; i < n; i++) {
                keepTop(sim, i * n, n, neighbours);
            }
        }
        return new ItemKnn(n, sim);
    }

    /** sim(i, j) after any neighbourhood cut: row i is the target. */
    public float similarity(int i, int j) {
        return similarity[i * numItems + j];
    }

    @Override
    public void score(int[] history, int[] candidates, float[] scores) {
        for (int k = 0; k < candidates.length; k++) {
            int row = candidates[k] * numItems;
            float sum = 0f;
            for (int j : history) {
                sum += similarity[row + j];
            }
            scores[k] = sum;
        }
    }

    private static void keepTop(float[] sim, int from, int n, int keep) {
        float[] sorted = Arrays.copyOfRange(sim, from, from + n);
        Arrays.sort(sorted);
        float threshold = sorted[n - keep];
        int above = 0;
        for (int j = 0; j < n; j++) {
            if (sim[from + j] > threshold) {
                above++;
            }
        }
        int tiesToKeep = keep - above;
        for (int j = 0; j < n; j++) {
            float v = sim[from + j];
            if (v < threshold || (v == threshold && tiesToKeep-- <= 0)) {
                sim[from + j] = 0f;
            }
        }
    }
}
