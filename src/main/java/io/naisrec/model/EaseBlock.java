package io.naisrec.model;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import io.naisrec.data.InteractionDataset;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.Map;

/**
 * EASE^R (Steck, WWW 2019), a closed-form item-item model: score(u, i) = Σ_j B_ji over the
 * user's history items j, with B = I − P·diagMat(1/diag P), P = (XᵀX + λI)⁻¹ and diag B = 0,
 * X the binary user × item training matrix. Fitted by {@link #fit} with DJL's dense inverse:
 * <b>O(items³) time and items² memory</b> (a few dense items × items float matrices at once;
 * {@link #fit} refuses a catalogue whose matrices would not fit).
 *
 * <p>In {@link ItemSimilarityBlock}'s form EASE has unit embeddings (D = 1, p_i = q_j = 1), no
 * item bias and α = 0, and its weights are a_ij = B_ji: a history item's weight is its
 * contribution to the score, and every inference path (catalogue, targets, two stages, similar
 * items, serving) scores it as it scores FISM and NAIS. Its first stage
 * ({@link #uniformScores}) is its own score, so two-stage ranking shortlists by EASE.
 *
 * <p>Each history item j keeps its N largest weights |B_ji| ({@link EaseConfig#neighbours()};
 * the others are 0). Saved parameters are the unit embeddings, then those N neighbours of each
 * item (their indices and weights), which loading spreads back into the dense B. Not trained by
 * gradient: {@link #forward} (the padded training layout) is refused.
 */
public final class EaseBlock extends ItemSimilarityBlock {

    /** The configuration of every EASE block: D = 1, A = 1, α = 0, the whole history. */
    public static final ItemSimilarityConfig CONFIG = ItemSimilarityConfig.builder()
            .optEmbeddingSize(1).optAttentionSize(1).optAlpha(0f).build();
    /**
     * Dense items × items float matrices alive at once while fitting: the Java Gram matrix, its
     * native copy, the inverse and its workspace.
     */
    private static final int FIT_COPIES = 4;

    private NDArray weights;

    /** An unfitted EASE block over {@code numItems} items; fit it, or load its parameters. */
    public EaseBlock(ItemSimilarityConfig config, int numItems) {
        super(config, numItems);
        setInitializer(new ConstantInitializer(1f), Parameter.Type.WEIGHT);
    }

    /**
     * Fits EASE^R on the binary matrix of {@code train}'s histories, the arrays on
     * {@code manager}.
     *
     * @throws IllegalArgumentException when the items² matrices would not fit in memory, naming
     *     the memory they need
     */
    public static EaseBlock fit(InteractionDataset train, EaseConfig config,
            NDManager manager) {
        int n = train.numItems();
        requireMemory(n);
        EaseBlock block = new EaseBlock(CONFIG, n);
        block.initialize(manager, DataType.FLOAT32, new Shape(1, 1), new Shape(1, 1),
                new Shape(1));
        try (NDManager scope = manager.newSubManager()) {
            float[] regularised = cooccurrences(train);                          // XᵀX
            for (int i = 0; i < n; i++) {
                regularised[i * n + i] += config.lambda();                       // + λI
            }
            NDArray gram = scope.create(regularised, new Shape(n, n));
            NDArray p = gram.inverse();                                          // (N, N)
            gram.close();
            NDArray diagonal = p.flatten().gather(scope.arange(0, n * (long) n, n + 1L,
                    DataType.INT64), 0);                                          // (N)
            NDArray b = p.div(diagonal.reshape(1, n));                           // P / diag P
            p.close();
            NDArray identity = scope.eye(n);
            b.negi().addi(identity);                          // I − P / diag P: x / x is 1
            identity.close();
            if (config.neighbours() > 0 && config.neighbours() < n) {
                NDArray magnitude = b.abs();
                NDArray kept = magnitude.topK(config.neighbours(), 1).get(0).get(":, -1:");
                NDArray keep = magnitude.gte(kept);
                magnitude.close();
                b.muli(keep);
                keep.close();
            }
            NDArray rowMajor = b.reshape(-1).reshape(n, n);     // the inverse is column-major
            rowMajor.attach(manager);
            block.weights = rowMajor;
        }
        return block;
    }

    /** B_ji, the weight of history item {@code j} for target {@code i} (after pruning). */
    public float weight(int j, int i) {
        return weights.getFloat(j, i);
    }

    /** B (N, N), after pruning: row j holds history item j's weight for every target i. */
    NDArray matrix() {
        return weights;
    }

    /** XᵀX of the binary matrix: how many users hold both items, row-major (N × N). */
    private static float[] cooccurrences(InteractionDataset train) {
        int n = train.numItems();
        float[] gram = new float[n * n];
        for (int u = 0; u < train.numUsers(); u++) {
            int[] history = train.history(u);
            for (int a : history) {
                for (int b : history) {
                    gram[a * n + b] = gram[a * n + b] + 1f;
                }
            }
        }
        return gram;
    }

    /**
     * Refuses a catalogue of {@code n} items whose dense matrices exceed the Java heap, the
     * machine's memory or a Java array.
     *
     * @throws IllegalArgumentException naming the memory the fit needs
     */
    public static void requireMemory(int n) {
        long bytes = (long) n * n * Float.BYTES;
        long physical = ((com.sun.management.OperatingSystemMXBean) ManagementFactory
                .getOperatingSystemMXBean()).getTotalMemorySize();
        long heap = Runtime.getRuntime().maxMemory();
        if ((long) n * n > Integer.MAX_VALUE - 8 || bytes > heap
                || bytes * FIT_COPIES > physical) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "EASE needs about "
                    + "%.1f GiB for %d items (%d dense %d × %d float matrices, O(items²)); this "
                    + "machine has %.1f GiB and a Java heap of %.1f GiB", gib(bytes * FIT_COPIES),
                    n, FIT_COPIES, n, n, gib(physical), gib(heap)));
        }
    }

    private static double gib(long bytes) {
        return bytes / (double) (1L << 30);
    }

    /** B_ji for history items j (T) and targets i: (C) shared or (T, K) own, → (T, C or K). */
    private NDArray weightsOf(NDArray items, NDArray targets) {
        NDArray index = items.toType(DataType.INT64, false).mul(numItems).reshape(-1, 1)
                .add(targets.toType(DataType.INT64, false));
        try (NDArray flat = weights.reshape(-1, 1)) {                             // (N², 1)
            NDArray b = flat.toDevice(items.getDevice(), false);
            NDArray found = index.getNDArrayInternal().embedding(index, b, SparseFormat.DENSE)
                    .singletonOrThrow().squeeze(-1);
            if (b != flat) {
                b.close();
            }
            return found;
        }
    }

    @Override
    protected NDArray historyWeights(ParameterStore store, NDArray historyVectors,
            NDArray targetVectors, NDArray mask, boolean training) {
        throw new UnsupportedOperationException("EASE is fitted in closed form "
                + "(EaseBlock.fit), not trained by gradient");
    }

    @Override
    protected NDArray raggedWeights(ParameterStore store, RaggedHistory histories,
            NDArray targets, NDArray targetVectors, NDArray mask) {
        return weightsOf(histories.items(), targets).mul(mask);
    }

    /** EASE's own score Σ_j B_ji over the items looked at: the first stage is EASE. */
    @Override
    public NDArray uniformScores(ParameterStore store, RaggedHistory histories,
            NDArray targets) {
        return histories.sum(weightsOf(histories.items(), targets)
                .mul(histories.used().expandDims(1)));                          // (U, X)
    }

    /**
     * EASE's score of every catalogue item, Σ_j B_ji over the items looked at, (U, N): the
     * history items' rows of B summed, without the (T, N) index that {@link #uniformScores}
     * builds for arbitrary targets.
     */
    @Override
    public NDArray catalogueScores(ParameterStore store, RaggedHistory histories) {
        return histories.sum(similarity(store, histories.items())
                .mul(histories.used().expandDims(1)));                          // (U, N)
    }

    /** Row j of B: how much query item j speaks for each item i. */
    @Override
    public NDArray similarity(ParameterStore store, NDArray queries) {
        NDArray b = weights.toDevice(queries.getDevice(), false);
        NDArray rows = queries.getNDArrayInternal().embedding(queries, b, SparseFormat.DENSE)
                .singletonOrThrow();                                             // (Q, N)
        if (b != weights) {
            b.close();
        }
        return rows;
    }

    @Override
    public int pairWidth() {
        return 1;
    }

    @Override
    protected Map<String, Float> attentionL2Weights() {
        return Map.of();
    }

    /** The unit embeddings, then each item's kept neighbours: indices and weights (N, k). */
    @Override
    public void saveParameters(DataOutputStream os) throws IOException {
        super.saveParameters(os);
        int perRow = (int) Math.min(numItems, Math.max(1, keptPerRow()));
        try (NDManager scope = weights.getManager().newSubManager()) {
            NDArray magnitude = weights.abs();
            magnitude.attach(scope);
            NDArray indices = magnitude.topK(perRow, 1).get(1);
            indices.attach(scope);
            os.write(indices.toType(DataType.INT32, false).encode());
            NDArray values = weights.gather(indices, 1);
            values.attach(scope);
            os.write(values.encode());
        }
    }

    /** The most non-zero weights of any row: the neighbours each item keeps. */
    private long keptPerRow() {
        try (NDManager scope = weights.getManager().newSubManager()) {
            NDArray kept = weights.neq(0f);
            kept.attach(scope);
            NDArray nonZero = kept.sum(new int[] {1});
            nonZero.attach(scope);
            return nonZero.max().toType(DataType.INT64, false).getLong();
        }
    }

    @Override
    public void loadParameters(NDManager manager, DataInputStream is)
            throws IOException, MalformedModelException {
        super.loadParameters(manager, is);
        try (NDManager scope = manager.newSubManager()) {
            NDArray indices = scope.decode(is);
            NDArray values = scope.decode(is);
            Shape shape = indices.getShape();
            if (shape.dimension() != 2 || shape.get(0) != numItems
                    || !shape.equals(values.getShape())) {
                throw new MalformedModelException("EASE neighbours of shape " + shape + " and "
                        + values.getShape() + ", expected (" + numItems + ", k) twice");
            }
            int[] columns = indices.toIntArray();
            for (int x = 0; x < columns.length; x++) {
                if (columns[x] < 0 || columns[x] >= numItems) {
                    throw new MalformedModelException("EASE neighbour " + columns[x]
                            + " of item " + x / shape.get(1) + " is outside the " + numItems
                            + " items");
                }
            }
            // spread natively: a Java items² array would need the whole dense B on the heap
            NDArray zeros = manager.zeros(new Shape(numItems, numItems));
            weights = zeros.scatter(indices.toType(DataType.INT64, false), values, 1);
            zeros.close();
        }
    }
}
