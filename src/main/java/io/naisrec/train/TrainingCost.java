package io.naisrec.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.naisrec.data.InteractionDataset;
import io.naisrec.model.ItemSimilarityConfig;
import io.naisrec.model.ModelKind;
import java.util.function.LongSupplier;

/**
 * The floating-point work of a training epoch and this machine's fp32 matrix-multiply rate: the
 * floor under an epoch's time. The work is counted from the batches {@link TrainingSamples}
 * builds (one user's samples per batch, split at {@code batchSize} when one is set, each against
 * the user's history; with {@code maxHistory} the user's most recent items only) with the per-pair cost of the chosen model, forward and
 * backward (backward ≈ 2 × forward):
 * <ul>
 *   <li>FISM: pooling the history, 2D per pair;</li>
 *   <li>NAIS-prod: q_j (diag(p_i) W) 2DA, bias, ReLU and h 4A, smoothed softmax ~6, pooling 2D
 *       per pair;</li>
 *   <li>NAIS-concat: W_p p_i + W_q q_j added, bias, ReLU and h 5A, softmax ~6, pooling 2D per
 *       pair, plus 2DA per history row of a batch (W_q q_j) and per sample (W_p p_i);</li>
 * </ul>
 * plus 2D per sample for the final dot product. These per-pair costs are estimates of the
 * operations' arithmetic, not measurements.
 */
public final class TrainingCost {

    private static final int SOFTMAX_FLOPS = 6;
    private static final int BACKWARD_FACTOR = 3;
    private static final int TIMED_ROUNDS = 16;
    private static final int WARM_UP_ROUNDS = 2;

    private TrainingCost() {}

    /**
     * What one epoch computes, counted over its batches.
     *
     * @param samples training samples (rows of all batches)
     * @param pairs history–target pairs: Σ over batches of rows × history length
     * @param historyRows Σ over batches of the history length (a batch's history is embedded
     *     once)
     */
    public record Work(long samples, long pairs, long historyRows) {}

    /** The work of one epoch of {@code train} with these settings and history cap. */
    public static Work workPerEpoch(InteractionDataset train, TrainingSettings settings,
            int maxHistory) {
        long samples = 0;
        long pairs = 0;
        long rows = 0;
        for (int u = 0; u < train.numUsers(); u++) {
            int n = train.historyLength(u);
            int length = maxHistory > 0 ? Math.min(n, maxHistory) : n;
            long userSamples = (long) length * (1 + settings.negatives());
            long batches = settings.batchSize() == 0 ? 1
                    : (userSamples + settings.batchSize() - 1) / settings.batchSize();
            samples += userSamples;
            pairs += userSamples * length;
            rows += batches * length;
        }
        return new Work(samples, pairs, rows);
    }

    /** Floating-point operations of one epoch of {@code kind}. */
    public static double flopsPerEpoch(InteractionDataset train, TrainingSettings settings,
            ItemSimilarityConfig config, ModelKind kind) {
        double d = config.embeddingSize();
        double a = config.attentionSize();
        double perPair = switch (kind) {
            case FISM -> 2 * d;
            case NAIS_PROD -> 2 * d * a + 4 * a + SOFTMAX_FLOPS + 2 * d;
            case NAIS_CONCAT -> 5 * a + SOFTMAX_FLOPS + 2 * d;
            case EASE -> throw new IllegalArgumentException("ease is not trained by gradient");
        };
        double perRow = kind == ModelKind.NAIS_CONCAT ? 2 * d * a : 0;
        double perSample = 2 * d + (kind == ModelKind.NAIS_CONCAT ? 2 * d * a : 0);
        Work work = workPerEpoch(train, settings, config.maxHistory());
        return BACKWARD_FACTOR * (work.pairs() * perPair + work.samples() * perSample
                + work.historyRows() * perRow);
    }

    /**
     * This machine's fp32 matrix-multiply rate through DJL on {@code device}, in flop/s: 2n³
     * over the fastest of {@value #TIMED_ROUNDS} products of two {@code n × n} matrices, the
     * first {@value #WARM_UP_ROUNDS} left out as warm-up.
     */
    public static double matMulFlopsPerSecond(Device device, int size) {
        return matMulFlopsPerSecond(device, size, System::nanoTime);
    }

    /** As {@link #matMulFlopsPerSecond(Device, int)} with the clock given, in nanoseconds. */
    static double matMulFlopsPerSecond(Device device, int size, LongSupplier clock) {
        try (NDManager manager = NDManager.newBaseManager(device)) {
            NDArray left = manager.randomUniform(-1, 1, new Shape(size, size));
            NDArray right = manager.randomUniform(-1, 1, new Shape(size, size));
            long best = Long.MAX_VALUE;
            for (int round = 0; round < TIMED_ROUNDS; round++) {
                try (NDManager scope = manager.newSubManager()) {
                    left.tempAttach(scope);
                    right.tempAttach(scope);
                    long start = clock.getAsLong();
                    NDArray product = left.matMul(right);
                    product.getFloat(0, 0);
                    long nanos = clock.getAsLong() - start;
                    if (round >= WARM_UP_ROUNDS) {
                        best = Math.min(best, nanos);
                    }
                }
            }
            return 2.0 * size * size * size / (best / 1e9);
        }
    }
}
