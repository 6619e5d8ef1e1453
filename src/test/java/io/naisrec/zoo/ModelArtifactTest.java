package io.naisrec.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.naisrec.data.InteractionDataset;
import io.naisrec.data.InteractionLog;
import io.naisrec.data.LeaveOneOutSplit;
import io.naisrec.model.BlockScorer;
import io.naisrec.model.ItemSimilarityBlock;
import io.naisrec.model.ItemSimilarityConfig;
import io.naisrec.model.ModelKind;
import io.naisrec.train.TrainingResult;
import io.naisrec.train.TrainingRun;
import io.naisrec.train.TrainingSettings;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The model folder: what it holds, that it loads back exactly, and what it rejects. */
class ModelArtifactTest {

    @TempDir
    static Path root;
    static Path nais;

    @TempDir
    Path scratch;

    @BeforeAll
    static void train() {
        nais = TrainedModels.train(root, "tiny-nais", "nais-concat");
    }

    @Test
    void holdsTheDocumentedFilesWithChecksums() throws Exception {
        for (String file : new String[] {ModelDirectory.PARAMS_FILE, "serving.properties",
            "items.tsv", "metadata.json", "README.md", "training.csv", "training.png"}) {
            assertTrue(Files.isRegularFile(nais.resolve(file)), file);
        }
        JsonObject metadata = JsonParser.parseString(Files.readString(
                nais.resolve("metadata.json"))).getAsJsonObject();
        assertEquals(ModelDirectory.FORMAT_VERSION, metadata.get("format").getAsInt());
        assertEquals(64, metadata.getAsJsonObject("training").get("dataset_sha256")
                .getAsString().length());
        assertEquals(42, metadata.getAsJsonObject("training").get("seed").getAsInt());
        JsonObject versions = metadata.getAsJsonObject("versions");
        assertTrue(versions.get("djl").getAsString().startsWith("0.33"));
        assertEquals(BuildInfo.version(), versions.get("nais").getAsString());
        assertTrue(!versions.get("nais").getAsString().equals("unknown"));
        if (BuildInfo.commit() != null) {
            assertEquals(BuildInfo.commit(), versions.get("nais_commit").getAsString());
        }
        JsonObject settings = metadata.getAsJsonObject("training").getAsJsonObject("settings");
        for (String key : new String[] {"data", "epochs", "learning_rate", "negatives",
            "batch_size", "seed", "k", "evaluate_every", "pretrain", "device"}) {
            assertTrue(settings.has(key), key + " in " + settings);
        }
        assertTrue(metadata.getAsJsonObject("files").has(ModelDirectory.PARAMS_FILE));
        Properties serving = new Properties();
        try (InputStream in = Files.newInputStream(nais.resolve("serving.properties"))) {
            serving.load(in);
        }
        assertEquals(NaisBlockFactory.class.getName(), serving.getProperty("blockFactory"));
        assertEquals(NaisTranslatorFactory.class.getName(),
                serving.getProperty("translatorFactory"));
        assertEquals("nais-concat", serving.getProperty("model"));
        String card = Files.readString(nais.resolve("README.md"));
        assertTrue(card.contains("HR@10") && card.contains("java -jar target/nais.jar train"),
                card);
    }

    @Test
    void savedThenLoadedGivesIdenticalParametersAndScores() throws Exception {
        InteractionLog log = new InteractionLog();
        SplittableRandom random = new SplittableRandom(5);
        for (int u = 0; u < 20; u++) {
            for (int k = 0; k < 6; k++) {
                log.add("u" + u, "i" + random.nextInt(25), k);
            }
        }
        LeaveOneOutSplit split = LeaveOneOutSplit.of(InteractionDataset.of("gen", log), 10, 1);
        ItemSimilarityConfig config = ItemSimilarityConfig.builder().optEmbeddingSize(
                8).optAttentionSize(4).build();
        TrainingSettings settings = TrainingSettings.builder().optEpochs(1)
                .optLearningRate(0.05f).optNegatives(2).optBatchSize(32).optSeed(3).optK(5)
                .build();
        TrainingResult trained = TrainingRun.builder().setKind(ModelKind.NAIS_PROD)
                .optConfig(config).optSettings(settings).build().train(split);
        Path saved = scratch.resolve("saved");
        try (var model = trained.model()) {
            ModelDirectory.save(saved, model, ItemVocabulary.of(split.train().items(), Map.of()),
                    Map.of("seed", 3), Map.of());
            try (ModelDirectory.Loaded loaded = ModelDirectory.load(saved, Device.cpu())) {
                for (String name : trained.block().getParameters().keys()) {
                    assertArrayEquals(trained.block().getParameters().get(name).getArray()
                            .toFloatArray(), loaded.block().getParameters().get(name)
                            .getArray().toFloatArray(), name);
                }
                assertEquals(split.train().items().ids(), loaded.items().ids());
                int[] candidates = IntStream.range(0, loaded.items().size()).toArray();
                for (int u = 0; u < 5; u++) {
                    int[] history = split.train().history(u);
                    float[] before = new float[candidates.length];
                    float[] after = new float[candidates.length];
                    new BlockScorer(trained.block(), model.getNDManager()).score(history,
                            candidates, before);
                    new BlockScorer(loaded.block(), loaded.model().getNDManager())
                            .score(history, candidates, after);
                    assertArrayEquals(before, after, 0f);
                }
            }
        }
    }

    @Test
    void aFileThatCannotBeWrittenIsLeftOutAndTheModelStillSaved() throws Exception {
        Path saved = scratch.resolve("no-fonts");
        try (ModelDirectory.Loaded loaded = ModelDirectory.load(nais, Device.cpu())) {
            ModelDirectory.save(saved, loaded.model(), loaded.items(), Map.of("seed", 1),
                    Map.of("training.csv", p -> Files.writeString(p, "epoch\n"),
                            "training.png", p -> {
                                Files.writeString(p, "half a picture");
                                throw new InternalError("Probable fatal error: No fonts found");
                            }));
        }
        assertTrue(Files.isRegularFile(saved.resolve(ModelDirectory.PARAMS_FILE)));
        assertTrue(Files.isRegularFile(saved.resolve("training.csv")));
        assertTrue(!Files.exists(saved.resolve("training.png")), "no half-written chart");
        assertEquals(ModelKind.NAIS_CONCAT, ModelDirectory.verify(saved).kind());
    }

    @Test
    void aFlippedByteInTheParametersIsACorruptFile() throws Exception {
        Path bad = TrainedModels.copy(nais, scratch.resolve("bad"));
        byte[] bytes = Files.readAllBytes(bad.resolve(ModelDirectory.PARAMS_FILE));
        bytes[bytes.length / 2] ^= 1;
        Files.write(bad.resolve(ModelDirectory.PARAMS_FILE), bytes);
        MalformedModelException e = assertThrows(MalformedModelException.class,
                () -> ModelDirectory.verify(bad));
        assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
    }

    @Test
    void truncatedParametersFailToLoadEvenWithAMatchingChecksum() throws Exception {
        Path bad = TrainedModels.copy(nais, scratch.resolve("truncated"));
        Path params = bad.resolve(ModelDirectory.PARAMS_FILE);
        byte[] bytes = Files.readAllBytes(params);
        Files.write(params, Arrays.copyOf(bytes, bytes.length / 2));
        TrainedModels.resign(bad, ModelDirectory.PARAMS_FILE);
        MalformedModelException e = assertThrows(MalformedModelException.class,
                () -> ModelDirectory.load(bad, Device.cpu()).close());
        assertTrue(e.getMessage().contains("cannot load the parameters"), e.getMessage());
    }

    @Test
    void aTamperedVocabularyIsRejected() throws Exception {
        Path bad = TrainedModels.copy(nais, scratch.resolve("vocab"));
        Path items = bad.resolve("items.tsv");
        var lines = Files.readAllLines(items);
        Files.write(items, lines.subList(0, lines.size() - 1));
        assertTrue(assertThrows(MalformedModelException.class, () -> ModelDirectory.verify(bad))
                .getMessage().contains("checksum mismatch"));
        TrainedModels.resign(bad, "items.tsv");
        MalformedModelException e = assertThrows(MalformedModelException.class,
                () -> ModelDirectory.verify(bad));
        assertTrue(e.getMessage().contains("metadata.json says"), e.getMessage());
    }

    @Test
    void wrongShapesUnsafeNamesAndOtherFormatsAreRejected() throws Exception {
        Path shapes = TrainedModels.copy(nais, scratch.resolve("shapes"));
        TrainedModels.editMetadata(shapes, json -> json.getAsJsonObject("config")
                .addProperty("embeddingSize", 6));
        MalformedModelException e = assertThrows(MalformedModelException.class,
                () -> ModelDirectory.load(shapes, Device.cpu()).close());
        assertTrue(e.getMessage().contains("the parameters are those of nais-concat, 39 items, "
                + "D 8") && e.getMessage().contains("not of nais-concat, 39 items, D 6"),
                e.getMessage());

        Path unsafe = TrainedModels.copy(nais, scratch.resolve("unsafe"));
        TrainedModels.editMetadata(unsafe, json -> json.getAsJsonObject("files")
                .addProperty("../../etc/passwd", "00"));
        e = assertThrows(MalformedModelException.class, () -> ModelDirectory.verify(unsafe));
        assertTrue(e.getMessage().contains("unsafe file name"), e.getMessage());

        Path format = TrainedModels.copy(nais, scratch.resolve("format"));
        TrainedModels.editMetadata(format, json -> json.addProperty("format", 99));
        e = assertThrows(MalformedModelException.class, () -> ModelDirectory.verify(format));
        assertTrue(e.getMessage().contains("format 99 is not supported"), e.getMessage());

        Files.writeString(format.resolve("metadata.json"), "{not json");
        e = assertThrows(MalformedModelException.class, () -> ModelDirectory.verify(format));
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
    }

    @Test
    void npzExportReloadsToTheSameValues() throws Exception {
        Path file = scratch.resolve("out/model.npz");
        try (ModelDirectory.Loaded loaded = ModelDirectory.load(nais, Device.cpu());
                NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            NpzExport.write(loaded, file);
            NDList arrays;
            try (InputStream in = Files.newInputStream(file)) {
                arrays = NDList.decode(manager, in);
            }
            var params = loaded.block().getParameters();
            int n = loaded.block().numItems();
            float[] q = params.get(ItemSimilarityBlock.HISTORY_EMBEDDING).getArray()
                    .toFloatArray();
            assertArrayEquals(Arrays.copyOf(q, n * 8), arrays.get("history_embedding")
                    .toFloatArray());
            assertEquals(n, arrays.get("history_embedding").getShape().get(0));
            assertArrayEquals(params.get(ItemSimilarityBlock.TARGET_EMBEDDING).getArray()
                    .toFloatArray(), arrays.get("target_embedding").toFloatArray());
            assertEquals(1, arrays.get("item_bias").getShape().dimension());
            float[] target = params.get("attention_w_target").getArray().toFloatArray();
            float[] history = params.get("attention_w_history").getArray().toFloatArray();
            float[] w = arrays.get("attention_W").toFloatArray();
            assertEquals(16, arrays.get("attention_W").getShape().get(0), "2d rows for concat");
            assertArrayEquals(target, Arrays.copyOfRange(w, 0, target.length), "target first");
            assertArrayEquals(history, Arrays.copyOfRange(w, target.length, w.length));
            assertEquals(4, arrays.get("attention_h").getShape().get(0));
            assertEquals(4, arrays.get("attention_b").getShape().get(0));
        }
    }
}
