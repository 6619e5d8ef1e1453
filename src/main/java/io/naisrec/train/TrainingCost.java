package io.naisrec.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.naisrec.data.InteractionDataset;
import io.naisrec.model.NaisConfig;

/**
 * The floating-point work of a training epoch and this machine's fp32 matrix-multiply rate: the
 * floor under an epoch's time. Counted from the batches {@link TrainingSamples} builds (one
 * user's samples per batch, at most {@code batchSize}, each against the user's history), with
 * the per-pair cost of the chosen model, forward and backward (backward ≈ 2 × forward):
 * <ul>
 *   <li>FISM: pooling the history, 2D per pair;</li>
 *   <li>NAIS-prod: q_j (diag(p_i) W) 2DA, bias, ReLU and h 4A, smoothed softmax ~6, pooling 2D
 *       per pair;</li>
 *   <li>NAIS-concat: W_p p_i + W_q q_j added, bias, ReLU and h 5A, softmax ~6, pooling 2D per
 *       pair, plus 2DA per history row of a batch (W_q q_j) and per sample (W_p p_i);</li>
 * </ul>
 * plus 2D per sample for the final dot product.
 */
public final class TrainingCost {

    private static final int SOFTMAX_FLOPS = 6;
    private static final int BACKWARD_FACTOR = 3;

    private TrainingCost() {}

    /**
     * Floating-point operations of one epoch.
     *
     * @param attention {@code null} for FISM, else NAIS's attention variant
     */
    public static double flopsPerEpoch(InteractionDataset train, TrainingSettings settings,
            NaisConfig config, NaisConfig.Attention attention) {
        double d = config.embeddingSize();
        double a = config.attentionSize();
        double perPair = attention == null ? 2 * d
                : attention == NaisConfig.Attention.PROD ? 2 * d * a + 4 * a + SOFTMAX_FLOPS + 2 * d
                : 5 * a + SOFTMAX_FLOPS + 2 * d;
        double perRow = attention == NaisConfig.Attention.CONCAT ? 2 * d * a : 0;
        double perSample = 2 * d + (attention == NaisConfig.Attention.CONCAT ? 2 * d * a : 0);
        double forward = 0;
        for (int u = 0; u < train.numUsers(); u++) {
            int n = train.historyLength(u);
            int length = config.maxHistory() > 0 ? Math.min(n, config.maxHistory()) : n;
            long samples = (long) n * (1 + settings.negatives());
            long batches = (samples + settings.batchSize() - 1) / settings.batchSize();
            forward += samples * (length * perPair + perSample) + batches * length * perRow;
        }
        return BACKWARD_FACTOR * forward;
    }

    /**
     * This machine's fp32 matrix-multiply rate through DJL on {@code device}, in flop/s: the
     * best of a few timed products of two {@code size × size} matrices after a warm-up.
     */
    public static double matMulFlopsPerSecond(Device device, int size) {
        try (NDManager manager = NDManager.newBaseManager(device)) {
            NDArray left = manager.randomUniform(-1, 1, new Shape(size, size));
            NDArray right = manager.randomUniform(-1, 1, new Shape(size, size));
            double best = Double.MAX_VALUE;
            for (int round = 0; round < 16; round++) {
                try (NDManager scope = manager.newSubManager()) {
                    left.tempAttach(scope);
                    right.tempAttach(scope);
                    long start = System.nanoTime();
                    NDArray product = left.matMul(right);
                    product.getFloat(0, 0);
                    double seconds = (System.nanoTime() - start) / 1e9;
                    if (round >= 2) {
                        best = Math.min(best, seconds);
                    }
                }
            }
            return 2.0 * size * size * size / best;
        }
    }
}
