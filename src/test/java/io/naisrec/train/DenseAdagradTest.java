package io.naisrec.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

class DenseAdagradTest {

    private static void step(DenseAdagrad optimizer, NDArray weight, float[] coefficients) {
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            collector.backward(weight.mul(weight.getManager().create(coefficients)).sum());
        }
        try (NDArray grad = weight.getGradient().duplicate()) {
            optimizer.update("w", weight, grad);
        }
    }

    @Test
    void updatesMatchHandComputation() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray w = manager.create(new float[] {1f, -2f, 0.5f});
            w.setRequiresGradient(true);
            DenseAdagrad adagrad = DenseAdagrad.builder().optLearningRate(0.1f).build();
            float[] g = {2f, -0.5f, 0f};
            step(adagrad, w, g);
            double[] acc = new double[3];
            double[] expected = {1, -2, 0.5};
            for (int k = 0; k < 3; k++) {
                acc[k] = 1e-8 + g[k] * g[k];
                expected[k] -= 0.1 * g[k] / Math.sqrt(acc[k]);
            }
            assertArrayEquals(toFloat(expected), w.toFloatArray(), 1e-6f);
            assertArrayEquals(new float[3], w.getGradient().toFloatArray(), "gradient zeroed");
            float[] g2 = {1f, 1f, 3f};
            step(adagrad, w, g2);
            for (int k = 0; k < 3; k++) {
                acc[k] += g2[k] * g2[k];
                expected[k] -= 0.1 * g2[k] / Math.sqrt(acc[k]);
            }
            assertArrayEquals(toFloat(expected), w.toFloatArray(), 1e-6f);
        }
    }

    @Test
    void anL2WeightAddsTwoLambdaWToItsParametersGradientOnly() {
        try (NDManager manager = NDManager.newBaseManager()) {
            float[] start = {1f, -2f, 0.5f};
            float[] g = {2f, -0.5f, 0.1f};
            float lambda = 0.3f;
            DenseAdagrad adagrad = DenseAdagrad.builder().optLearningRate(0.1f)
                    .optL2(java.util.Map.of("w", lambda)).build();
            NDArray w = manager.create(start);
            w.setRequiresGradient(true);
            step(adagrad, w, g);
            double[] expected = new double[3];
            for (int k = 0; k < 3; k++) {
                double grad = g[k] + 2 * lambda * start[k];
                expected[k] = start[k] - 0.1 * grad / Math.sqrt(1e-8 + grad * grad);
            }
            assertArrayEquals(toFloat(expected), w.toFloatArray(), 1e-6f);
            NDArray other = manager.create(start);
            other.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                collector.backward(other.mul(manager.create(g)).sum());
            }
            try (NDArray grad = other.getGradient().duplicate()) {
                adagrad.update("other", other, grad);
            }
            for (int k = 0; k < 3; k++) {
                expected[k] = start[k] - 0.1 * g[k] / Math.sqrt(1e-8 + g[k] * g[k]);
            }
            assertArrayEquals(toFloat(expected), other.toFloatArray(), 1e-6f);
        }
    }

    @Test
    void rejectsBadSettings() {
        assertThrows(IllegalArgumentException.class,
                () -> DenseAdagrad.builder().optL2(java.util.Map.of("w", -1f)).build());
        assertThrows(IllegalArgumentException.class,
                () -> DenseAdagrad.builder().optLearningRate(0f).build());
        assertThrows(IllegalArgumentException.class,
                () -> DenseAdagrad.builder().optInitialAccumulator(-1f).build());
    }

    private static float[] toFloat(double[] values) {
        float[] out = new float[values.length];
        for (int k = 0; k < values.length; k++) {
            out[k] = (float) values[k];
        }
        return out;
    }
}
