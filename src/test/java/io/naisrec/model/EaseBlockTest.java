package io.naisrec.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.naisrec.data.InteractionDataset;
import io.naisrec.data.InteractionLog;
import org.junit.jupiter.api.Test;

/**
 * EASE^R against an independent computation: the closed form B = I − P·diagMat(1/diag P),
 * P = (XᵀX + λI)⁻¹, solved here in doubles by Gauss–Jordan elimination, on a hand-built
 * dataset of 6 users and 4 items (each row of B with one largest |B_ji|).
 */
class EaseBlockTest {

    private static final String[][] HISTORIES = {{"A", "0", "1"}, {"B", "0", "1", "2"},
        {"C", "1", "2"}, {"D", "3", "0"}, {"E", "2", "3"}, {"F", "1", "3", "2"}};
    private static final int ITEMS = 4;
    private static final float LAMBDA = 0.5f;

    private static InteractionDataset handBuilt() {
        InteractionLog log = new InteractionLog();
        for (int i = 0; i < ITEMS; i++) {
            log.items().add(Integer.toString(i));
        }
        long t = 0;
        for (String[] h : HISTORIES) {
            for (int k = 1; k < h.length; k++) {
                log.add(h[0], h[k], t++);
            }
        }
        return InteractionDataset.of("hand", log);
    }

    /** B from the definition, in doubles: Gram matrix, Gauss–Jordan inverse, column division. */
    private static double[][] expectedB(InteractionDataset data, double lambda) {
        int n = data.numItems();
        double[][] a = new double[n][2 * n];
        for (int u = 0; u < data.numUsers(); u++) {
            for (int i : data.history(u)) {
                for (int j : data.history(u)) {
                    a[i][j] += 1;
                }
            }
        }
        for (int i = 0; i < n; i++) {
            a[i][i] += lambda;
            a[i][n + i] = 1;
        }
        for (int c = 0; c < n; c++) {
            int pivot = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(a[r][c]) > Math.abs(a[pivot][c])) {
                    pivot = r;
                }
            }
            double[] swap = a[c];
            a[c] = a[pivot];
            a[pivot] = swap;
            double scale = a[c][c];
            for (int k = 0; k < 2 * n; k++) {
                a[c][k] /= scale;
            }
            for (int r = 0; r < n; r++) {
                double factor = a[r][c];
                for (int k = 0; r != c && k < 2 * n; k++) {
                    a[r][k] -= factor * a[c][k];
                }
            }
        }
        double[][] b = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                b[i][j] = i == j ? 0 : -a[i][n + j] / a[j][n + j];
            }
        }
        return b;
    }

    @Test
    void weightsAreTheClosedFormWithAZeroDiagonal() {
        InteractionDataset data = handBuilt();
        double[][] want = expectedB(data, LAMBDA);
        try (NDManager manager = NDManager.newBaseManager()) {
            EaseBlock block = EaseBlock.fit(data, new EaseConfig(LAMBDA, 0), manager);
            for (int j = 0; j < ITEMS; j++) {
                assertEquals(0f, block.weight(j, j), 0f, "diag B = 0");
                for (int i = 0; i < ITEMS; i++) {
                    assertEquals(want[j][i], block.weight(j, i), 1e-5, "B[" + j + "][" + i + "]");
                }
            }
        }
    }

    @Test
    void scoresAreSumsOfTheHistorysWeights() {
        InteractionDataset data = handBuilt();
        double[][] b = expectedB(data, LAMBDA);
        try (NDManager manager = NDManager.newBaseManager()) {
            EaseBlock block = EaseBlock.fit(data, new EaseConfig(LAMBDA, 0), manager);
            int[] history = {0, 3};
            int[] candidates = {1, 2, 3};
            float[] scores = new float[candidates.length];
            new BlockScorer(block, manager).score(history, candidates, scores);
            for (int c = 0; c < candidates.length; c++) {
                int i = candidates[c];
                assertEquals(b[0][i] + b[3][i], scores[c], 1e-5, "score of " + i);
            }
        }
    }

    @Test
    void eachItemKeepsItsLargestNeighbours() {
        InteractionDataset data = handBuilt();
        double[][] b = expectedB(data, LAMBDA);
        try (NDManager manager = NDManager.newBaseManager()) {
            EaseBlock block = EaseBlock.fit(data, new EaseConfig(LAMBDA, 1), manager);
            for (int j = 0; j < ITEMS; j++) {
                int largest = j == 0 ? 1 : 0;
                for (int i = 0; i < ITEMS; i++) {
                    if (i != j && Math.abs(b[j][i]) > Math.abs(b[j][largest])) {
                        largest = i;
                    }
                }
                for (int i = 0; i < ITEMS; i++) {
                    assertEquals(i == largest ? b[j][i] : 0, block.weight(j, i), 1e-5,
                            "row " + j + " keeps only item " + largest);
                }
            }
        }
    }

    @Test
    void aCatalogueTooLargeForMemoryIsRefusedWithTheMemoryItNeeds() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EaseBlock.requireMemory(2_000_000));
        assertTrue(e.getMessage().matches("EASE needs about [0-9.]+ GiB for 2000000 items.*"),
                e.getMessage());
    }
}
