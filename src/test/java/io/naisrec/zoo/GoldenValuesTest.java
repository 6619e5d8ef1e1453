package io.naisrec.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.naisrec.model.ItemSimilarityBlock;
import io.naisrec.model.ItemSimilarityConfig;
import io.naisrec.model.ModelKind;
import io.naisrec.model.NaisBlock;
import io.naisrec.model.NoGradient;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The blocks against golden values from an independent NumPy implementation
 * ({@code scripts/nais_golden.py}): random parameters in the layout of {@code export --format
 * npz}, loaded into FISM and NAIS blocks (prod with D = A, concat with a learned β and α, prod with
 * the plain softmax), and the logits and attention weights of batches through the shared (1, L)
 * and the per-row (B, L) history paths. Exporting the loaded block gives the same arrays back,
 * so the npz layout (concat's target half first) is pinned too.
 */
class GoldenValuesTest {

    private static final String ROOT = "/io/naisrec/golden/";
    private static final int ITEMS = 12;

    @TempDir
    Path scratch;

    private static JsonArray golden() throws IOException {
        try (InputStream in = GoldenValuesTest.class.getResourceAsStream(ROOT + "golden.json")) {
            return JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8))
                    .getAsJsonArray();
        }
    }

    private static NDList arrays(NDManager m, String name) throws IOException {
        try (InputStream in = GoldenValuesTest.class.getResourceAsStream(ROOT + name + ".npz")) {
            return NDList.decode(m, in);
        }
    }

    /**
     * A block of the described model with the npz's parameters; Q's padding row is not 0. The
     * parameters are set in place with autograd off, whichever thread loaded the engine.
     */
    private static ItemSimilarityBlock block(NDManager m, JsonObject model, NDList npz) {
        try (NoGradient off = NoGradient.enter()) {
            return withParameters(m, model, npz);
        }
    }

    private static ItemSimilarityBlock withParameters(NDManager m, JsonObject model,
            NDList npz) {
        ModelKind kind = ModelKind.parse(model.get("model").getAsString());
        boolean learn = model.get("learn_beta").getAsBoolean();
        ItemSimilarityConfig config = ItemSimilarityConfig.builder().optAttention(kind.attention())
                .optEmbeddingSize(model.get("embedding").getAsInt())
                .optAttentionSize(Math.max(1, model.get("attention").getAsInt()))
                .optBeta(learn ? 0.5f : model.get("beta").getAsFloat()).optLearnBeta(learn)
                .optAlpha(model.get("alpha").getAsFloat()).build();
        ItemSimilarityBlock block = kind.newBlock(config, ITEMS);
        Engine.getInstance().setRandomSeed(1);
        block.initialize(m, DataType.FLOAT32, new Shape(1, 1), new Shape(1, 1), new Shape(1));
        var params = block.getParameters();
        NDArray q = params.get(ItemSimilarityBlock.HISTORY_EMBEDDING).getArray();
        q.set(new NDIndex(":" + ITEMS + ", :"), npz.get("history_embedding"));
        q.set(new NDIndex("-1, :"), 7f);
        set(block, ItemSimilarityBlock.TARGET_EMBEDDING, npz.get("target_embedding"));
        set(block, ItemSimilarityBlock.ITEM_BIAS, npz.get("item_bias").reshape(ITEMS, 1));
        if (kind.isNais()) {
            NDArray w = npz.get("attention_W");
            long d = config.embeddingSize();
            if (kind == ModelKind.NAIS_CONCAT) {
                set(block, "attention_w_target", w.get(new NDIndex(":" + d)));
                set(block, "attention_w_history", w.get(new NDIndex(d + ":")));
            } else {
                set(block, "attention_w", w);
            }
            set(block, "attention_b", npz.get("attention_b"));
            set(block, "attention_h", npz.get("attention_h").reshape(-1, 1));
            if (learn) {
                double beta = npz.get("beta").getFloat(0);
                set(block, NaisBlock.BETA_LOGIT, m.create(new float[] {
                    (float) Math.log(beta / (1 - beta))}));
            }
        }
        return block;
    }

    private static void set(ItemSimilarityBlock block, String name, NDArray value) {
        block.getParameters().get(name).getArray().set(new NDIndex(":"), value);
    }

    private static int[] ints(JsonElement array) {
        return java.util.stream.StreamSupport.stream(array.getAsJsonArray().spliterator(), false)
                .mapToInt(JsonElement::getAsInt).toArray();
    }

    @Test
    void logitsAndWeightsAreTheIndependentImplementations() throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            for (JsonElement entry : golden()) {
                JsonObject model = entry.getAsJsonObject();
                String name = model.get("name").getAsString();
                ItemSimilarityBlock block = block(m, model, arrays(m, name));
                for (JsonElement c : model.getAsJsonArray("cases")) {
                    JsonObject golden = c.getAsJsonObject();
                    int[] targets = ints(golden.get("targets"));
                    JsonArray histories = golden.getAsJsonArray("histories");
                    int rows = targets.length;
                    int length = 0;
                    for (JsonElement h : histories) {
                        length = Math.max(length, h.getAsJsonArray().size());
                    }
                    int[] ids = new int[histories.size() * length];
                    float[] mask = new float[rows * length];
                    java.util.Arrays.fill(ids, ITEMS);
                    for (int r = 0; r < rows; r++) {
                        int[] history = ints(histories.get(histories.size() == 1 ? 0 : r));
                        for (int j = 0; j < history.length; j++) {
                            if (histories.size() > 1 || r == 0) {
                                ids[(histories.size() == 1 ? 0 : r) * length + j] = history[j];
                            }
                            mask[r * length + j] = history[j] == targets[r] ? 0f : 1f;
                        }
                    }
                    NDList out = block.forward(new ParameterStore(m, false), new NDList(
                            m.create(ids, new Shape(histories.size(), length)),
                            m.create(mask, new Shape(rows, length)), m.create(targets)), false);
                    float[] logits = out.get(0).toFloatArray();
                    float[] weights = out.get(1).toFloatArray();
                    for (int r = 0; r < rows; r++) {
                        String what = name + ", target " + targets[r];
                        double want = golden.getAsJsonArray("logits").get(r).getAsDouble();
                        assertEquals(want, logits[r], 1e-5 + 1e-5 * Math.abs(want), what);
                        JsonArray expected = golden.getAsJsonArray("weights").get(r)
                                .getAsJsonArray();
                        for (int j = 0; j < length; j++) {
                            double w = j < expected.size() ? expected.get(j).getAsDouble() : 0;
                            assertEquals(w, weights[r * length + j], 1e-5 + 1e-5 * w,
                                    what + ", position " + j);
                        }
                    }
                }
            }
        }
    }

    @Test
    void exportingTheLoadedBlocksGivesTheArraysBack() throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            for (JsonElement entry : golden()) {
                String name = entry.getAsJsonObject().get("name").getAsString();
                NDList npz = arrays(m, name);
                Path file = scratch.resolve(name + ".npz");
                NpzExport.write(block(m, entry.getAsJsonObject(), npz), m, file);
                NDList exported;
                try (InputStream in = Files.newInputStream(file)) {
                    exported = NDList.decode(m, in);
                }
                for (NDArray array : npz) {
                    NDArray again = exported.get(array.getName());
                    assertEquals(array.getShape(), again.getShape(), name + " " + array.getName());
                    assertArrayEquals(array.toFloatArray(), again.toFloatArray(), 1e-7f,
                            name + " " + array.getName());
                }
            }
        }
    }
}
