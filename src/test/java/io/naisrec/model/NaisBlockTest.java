package io.naisrec.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.naisrec.model.ItemSimilarityConfig.Attention;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NaisBlockTest {

    private static final int ITEMS = 6;

    private static NDList inputs(NDManager m, int[] history, float[] mask, int[] targets) {
        return new NDList(m.create(history, new Shape(1, history.length)),
                m.create(mask, new Shape(targets.length, history.length)),
                m.create(targets, new Shape(targets.length)));
    }

    private static ItemSimilarityBlock block(NDManager m, Attention attention,
            DataType type) {
        return block(m, attention, type, false);
    }

    private static NaisBlock block(NDManager m, Attention attention,
            DataType type,
            boolean learnBeta) {
        return RandomParameters.seeded(7).type(type).zeroPaddingRow().initialize(new NaisBlock(
                ItemSimilarityConfig.builder().optAttention(attention).optEmbeddingSize(4)
                        .optAttentionSize(3).optBeta(0.6f).optLearnBeta(learnBeta)
                        .optAlpha(0.5f).build(), ITEMS), m);
    }

    @Test
    void outputShapesMatchTheDeclaredOnes() {
        try (NDManager m = NDManager.newBaseManager()) {
            ItemSimilarityBlock block = block(m, Attention.PROD,
                    DataType.FLOAT32);
            NDList out = block.forward(new ParameterStore(m, false), inputs(m,
                    new int[] {0, 1, 2}, new float[] {1, 1, 1, 1, 0, 1}, new int[] {3, 1}), true);
            assertEquals(2, out.size());
            assertEquals(new Shape(2), out.get(0).getShape());
            assertEquals(new Shape(2, 3), out.get(1).getShape());
            Shape[] declared = block.getOutputShapes(new Shape[] {new Shape(1, 3),
                new Shape(2, 3), new Shape(2)});
            assertArrayEquals(new Shape[] {new Shape(2), new Shape(2, 3)}, declared);
            assertEquals(java.util.Map.of(ItemSimilarityBlock.TARGET_EMBEDDING, 1e-7f,
                    ItemSimilarityBlock.HISTORY_EMBEDDING, 1e-7f, "attention_w", 1e-5f),
                    block.l2Weights(), "the defaults of the paper's code");
        }
    }

    @Test
    void maskedTargetEqualsHistoryWithoutIt() {
        try (NDManager m = NDManager.newBaseManager()) {
            for (Attention attention : Attention.values()) {
                ItemSimilarityBlock block = block(m, attention, DataType.FLOAT32);
                ParameterStore store = new ParameterStore(m, false);
                float masked = block.forward(store, inputs(m, new int[] {0, 4, 2},
                        new float[] {1, 0, 1}, new int[] {4}), false).get(0).getFloat();
                NDList without = block.forward(store, inputs(m, new int[] {0, 2},
                        new float[] {1, 1}, new int[] {4}), false);
                assertEquals(without.get(0).getFloat(), masked, 1e-5f, attention.name());
            }
        }
    }

    @Test
    void aLearnedBetaStartsAtTheConfiguredOneAndActsAsIt() {
        try (NDManager m = NDManager.newBaseManager()) {
            NaisBlock fixed = block(m, Attention.PROD, DataType.FLOAT32,
                    false);
            NaisBlock learned = block(m, Attention.PROD, DataType.FLOAT32,
                    true);
            for (var entry : fixed.getParameters()) {
                learned.getParameters().get(entry.getKey()).getArray().set(
                        entry.getValue().getArray().toFloatArray());
            }
            NDArray theta = learned.getParameters().get(NaisBlock.BETA_LOGIT).getArray();
            theta.set(new float[] {(float) Math.log(0.6 / 0.4)});
            assertEquals(0.6f, learned.beta(), 1e-6f);
            assertEquals(0.6f, fixed.beta());
            ParameterStore store = new ParameterStore(m, false);
            NDList in = inputs(m, new int[] {0, 1, 2}, new float[] {1, 1, 1, 1, 0, 1},
                    new int[] {3, 1});
            assertArrayEquals(fixed.forward(store, in, false).get(1).toFloatArray(),
                    learned.forward(store, in, false).get(1).toFloatArray(), 1e-6f);
            theta.set(new float[] {2f});
            assertEquals(1 / (1 + Math.exp(-2)), learned.beta(), 1e-6);
            assertTrue(fixed.forward(store, in, false).get(1).getFloat(0, 0)
                    != learned.forward(store, in, false).get(1).getFloat(0, 0), "β matters");
        }
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        try (NDManager m = NDManager.newBaseManager()) {
            for (Attention attention : Attention.values()) {
              for (boolean learnBeta : new boolean[] {false, true}) {
                ItemSimilarityBlock block = block(m, attention, DataType.FLOAT64, learnBeta);
                int[] history = {0, 1, 3, 5};
                float[] mask = {1, 1, 1, 1, 1, 0, 1, 1};
                int[] targets = {2, 1};
                ParameterStore store = new ParameterStore(m, false);
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray sum = block.forward(store, inputs(m, history, mask, targets), true)
                            .get(0).sum();
                    collector.backward(sum);
                }
                for (Parameter p : block.getParameters().values()) {
                    NDArray array = p.getArray();
                    double[] analytic = array.getGradient().toDoubleArray();
                    double[] values = array.toDoubleArray();
                    for (int e = 0; e < values.length; e += Math.max(1, values.length / 7)) {
                        double numeric = (score(block, m, array, values, e, 1e-6, history, mask,
                                targets) - score(block, m, array, values, e, -1e-6, history,
                                mask, targets)) / 2e-6;
                        assertEquals(numeric, analytic[e], 1e-5 + 1e-4 * Math.abs(numeric),
                                attention + " " + p.getName() + "[" + e + "]");
                    }
                    if (p.getName().equals(ItemSimilarityBlock.HISTORY_EMBEDDING)) {
                        int padding = ITEMS * 4;
                        for (int d = 0; d < 4; d++) {
                            assertEquals(0.0, analytic[padding + d], "padding row gets no grad");
                        }
                    }
                }
              }
            }
        }
    }

    private static double score(ItemSimilarityBlock block, NDManager m, NDArray array,
            double[] values, int element, double delta, int[] history, float[] mask,
            int[] targets) {
        double[] shifted = values.clone();
        shifted[element] += delta;
        array.set(m.create(shifted).toByteBuffer());
        double result = block.forward(new ParameterStore(m, false),
                inputs(m, history, mask, targets), false).get(0).sum().getDouble();
        array.set(m.create(values).toByteBuffer());
        return result;
    }

    @Test
    void parametersWrittenForAnotherDescriptionAreAMalformedModel() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            NaisBlock prod = block(m, Attention.PROD, DataType.FLOAT32, false);
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            prod.saveParameters(new java.io.DataOutputStream(bytes));
            ItemSimilarityConfig.Builder same = ItemSimilarityConfig.builder().optEmbeddingSize(4)
                    .optAttentionSize(3).optBeta(0.6f).optAlpha(0.5f);
            NaisBlock twin = new NaisBlock(same.build(), ITEMS);
            twin.loadParameters(m, new java.io.DataInputStream(
                    new java.io.ByteArrayInputStream(bytes.toByteArray())));
            assertArrayEquals(prod.getParameters().get("attention_w").getArray().toFloatArray(),
                    twin.getParameters().get("attention_w").getArray().toFloatArray());
            for (ItemSimilarityBlock other : new ItemSimilarityBlock[] {
                new NaisBlock(same.optAttention(Attention.CONCAT).build(),
                        ITEMS),
                new NaisBlock(same.optAttention(Attention.PROD).build(),
                        ITEMS + 1),
                new NaisBlock(same.optBeta(0.5f).build(), ITEMS),
                new FismBlock(same.build(), ITEMS)}) {
                ai.djl.MalformedModelException e = org.junit.jupiter.api.Assertions.assertThrows(
                        ai.djl.MalformedModelException.class, () -> other.loadParameters(m,
                                new java.io.DataInputStream(new java.io.ByteArrayInputStream(
                                        bytes.toByteArray()))));
                assertTrue(e.getMessage().startsWith("the parameters are those of nais-prod, "
                        + ITEMS + " items, D 4, A 3, alpha 0.5, beta 0.6, history all, not of "),
                        e.getMessage());
            }
        }
    }

    /** Standard deviation of a normal truncated at ±2σ (as TensorFlow's and DJL's), over σ. */
    private static final double TRUNCATED_STD = 0.8796;

    private static double[] stdAndMaxAbs(List<float[]> arrays) {
        double sum = 0;
        double squares = 0;
        double max = 0;
        long n = 0;
        for (float[] values : arrays) {
            for (float v : values) {
                sum += v;
                squares += (double) v * v;
                max = Math.max(max, Math.abs(v));
                n++;
            }
        }
        double mean = sum / n;
        return new double[] {Math.sqrt(squares / n - mean * mean), max};
    }

    @Test
    void aFreshNaisHasTheReferencesAttentionScale() {
        try (NDManager m = NDManager.newBaseManager()) {
            for (Attention attention : Attention.values()) {
                boolean concat = attention == Attention.CONCAT;
                double weightSigma = concat ? Math.sqrt(2.0 / 48) : 0.25;
                List<float[]> weights = new ArrayList<>();
                List<float[]> biases = new ArrayList<>();
                List<float[]> embeddings = new ArrayList<>();
                for (int seed = 1; seed <= 8; seed++) {
                    Engine.getInstance().setRandomSeed(seed);
                    NaisBlock block = new NaisBlock(ItemSimilarityConfig.builder().optAttention(
                            attention)
                            .build(), 50);
                    block.initialize(m, DataType.FLOAT32, new Shape(1, 1), new Shape(1, 1),
                            new Shape(1));
                    for (String name : concat
                            ? new String[] {"attention_w_history", "attention_w_target"}
                            : new String[] {"attention_w"}) {
                        weights.add(block.getParameters().get(name).getArray().toFloatArray());
                    }
                    biases.add(block.getParameters().get("attention_b").getArray()
                            .toFloatArray());
                    embeddings.add(block.getParameters().get(
                            ItemSimilarityBlock.TARGET_EMBEDDING).getArray().toFloatArray());
                    for (float h : block.getParameters().get("attention_h").getArray()
                            .toFloatArray()) {
                        assertEquals(1f, h, "h = 1");
                    }
                }
                double[] w = stdAndMaxAbs(weights);
                assertEquals(weightSigma, w[0] / TRUNCATED_STD, 0.04 * weightSigma,
                        attention + " W: σ " + w[0] / TRUNCATED_STD);
                assertTrue(w[1] <= 2 * weightSigma + 1e-6, "truncated at 2σ: " + w[1]);
                double[] b = stdAndMaxAbs(biases);
                assertEquals(0.25, b[0] / TRUNCATED_STD, 0.04, "b: σ " + b[0] / TRUNCATED_STD);
                assertTrue(b[1] <= 0.5 + 1e-6, "truncated at 2σ: " + b[1]);
                double[] p = stdAndMaxAbs(embeddings);
                assertEquals(0.01, p[0] / TRUNCATED_STD, 0.0005, "embeddings: σ");
            }
        }
    }

    @Test
    void fismInitialisationCopiesEmbeddings() {
        try (NDManager m = NDManager.newBaseManager()) {
            ItemSimilarityConfig config = ItemSimilarityConfig.builder().optEmbeddingSize(
                    4).build();
            FismBlock fism = new FismBlock(config, ITEMS);
            fism.initialize(m, DataType.FLOAT32, new Shape(1, 1), new Shape(1, 1), new Shape(1));
            NaisBlock nais = new NaisBlock(config, ITEMS);
            nais.initialize(m, DataType.FLOAT32, new Shape(1, 1), new Shape(1, 1), new Shape(1));
            fism.getParameters().get(ItemSimilarityBlock.ITEM_BIAS).getArray().set(
                    new float[] {1, 2, 3, 4, 5, 6});
            nais.copyEmbeddingsFrom(fism);
            for (String name : new String[] {ItemSimilarityBlock.HISTORY_EMBEDDING,
                ItemSimilarityBlock.TARGET_EMBEDDING, ItemSimilarityBlock.ITEM_BIAS}) {
                assertArrayEquals(fism.getParameters().get(name).getArray().toFloatArray(),
                        nais.getParameters().get(name).getArray().toFloatArray(), name);
            }
            float[] padding = nais.getParameters().get(ItemSimilarityBlock.HISTORY_EMBEDDING)
                    .getArray().get(ITEMS).toFloatArray();
            assertArrayEquals(new float[4], padding, "padding row starts at zero");
            NaisBlock wider = new NaisBlock(ItemSimilarityConfig.builder().optEmbeddingSize(
                    8).build(),
                    ITEMS);
            wider.initialize(m, DataType.FLOAT32, new Shape(1, 1), new Shape(1, 1), new Shape(1));
            assertTrue(org.junit.jupiter.api.Assertions.assertThrows(
                    IllegalArgumentException.class, () -> wider.copyEmbeddingsFrom(fism))
                    .getMessage().contains("embedding size 4"));
        }
    }
}
