package io.naisrec.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class SmoothedSoftmaxTest {

    private static float[] apply(float[] logits, float[] mask, int rows, float beta) {
        try (NDManager manager = NDManager.newBaseManager()) {
            int cols = logits.length / rows;
            NDArray f = manager.create(logits, new Shape(rows, cols));
            NDArray m = manager.create(mask, new Shape(rows, cols));
            return SmoothedSoftmax.apply(f, m, beta).toFloatArray();
        }
    }

    @Test
    void betaOneIsTheSoftmaxOverRealPositions() {
        float[] a = apply(new float[] {1f, 2f, 3f, 7f}, new float[] {1, 1, 1, 0}, 1, 1f);
        double z = Math.exp(1) + Math.exp(2) + Math.exp(3);
        assertArrayEquals(new float[] {(float) (Math.exp(1) / z), (float) (Math.exp(2) / z),
            (float) (Math.exp(3) / z), 0f}, a, 1e-6f);
    }

    @Test
    void betaHalfMatchesHandComputation() {
        float[] a = apply(new float[] {0.5f, -1f, 2f}, new float[] {1, 1, 1}, 1, 0.5f);
        double sum = Math.exp(0.5) + Math.exp(-1) + Math.exp(2);
        double denominator = Math.pow(sum, 0.5);
        assertArrayEquals(new float[] {(float) (Math.exp(0.5) / denominator),
            (float) (Math.exp(-1) / denominator), (float) (Math.exp(2) / denominator)}, a, 1e-5f);
    }

    @Test
    void paddingNeverGetsWeightAndEmptyRowsAreZero() {
        float[] a = apply(new float[] {3f, 100f, 1f, 1f}, new float[] {1, 0, 0, 0}, 2, 0.3f);
        assertEquals(0f, a[1]);
        assertEquals((float) Math.exp(3 - 0.3 * 3), a[0], 1e-4f);
        assertEquals(0f, a[2]);
        assertEquals(0f, a[3]);
    }

    @Test
    void hugeLogitsGiveNoNaN() {
        for (float beta : new float[] {1f, 0.5f, 0.1f}) {
            float[] a = apply(new float[] {1e4f, 1e4f, -1e4f, 5f}, new float[] {1, 1, 1, 0}, 1,
                    beta);
            for (float v : a) {
                assertFalse(Float.isNaN(v), "beta " + beta);
            }
            assertEquals(0f, a[3]);
            if (beta == 1f) {
                assertArrayEquals(new float[] {0.5f, 0.5f, 0f, 0f}, a, 1e-3f, "float32 rounding of 1e4");
            }
        }
    }
}
