package io.naisrec.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.inference.Predictor;
import ai.djl.modality.Input;
import ai.djl.modality.Output;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model folder deployed as DJL Serving's users deploy it: exported with its code in
 * {@code libs/}, copied into a model store, DJL Serving's settings added to its
 * {@code serving.properties}, loaded by a JVM whose class path holds DJL's jars only
 * ({@link DjlServingHost}); and the integrity check, which lets those settings in but still
 * refuses a changed model.
 */
class DjlServingFolderTest {

    /** DJL Serving's own settings, as its users add them to serving.properties. */
    static final String SERVING_SETTINGS = "batch_size=8\nmax_batch_delay=100\nminWorkers=1\n"
            + "maxWorkers=2\njob_queue_size=100\ntopK=3\nmaxTopK=20\n";

    @TempDir
    static Path root;
    static Path model;

    @TempDir
    Path scratch;

    @BeforeAll
    static void train() {
        model = TrainedModels.train(root, "tiny-served", "nais-prod", "--max-history", "4");
    }

    @Test
    void anExportedFolderServesFromAModelStoreWithItsCodeInLibsAndServingSettings()
            throws Exception {
        Path store = scratch.resolve("model-store");
        Path served = store.resolve("movies");
        assertEquals(0, TrainedModels.cli("export", "--format", "djl-serving", "--model",
                model.toString(), "--out", served.toString()));
        Path[] libs;
        try (var files = Files.list(served.resolve(DjlServingFolder.LIBS))) {
            libs = files.toArray(Path[]::new);
        }
        assertEquals(1, libs.length, Arrays.toString(libs));
        try (JarFile jar = new JarFile(libs[0].toFile())) {
            assertTrue(jar.getEntry("io/naisrec/zoo/NaisBlockFactory.class") != null);
            assertEquals(null, jar.getManifest().getMainAttributes()
                    .getValue(Attributes.Name.CLASS_PATH), "the library jar's own class path");
        }
        Files.writeString(served.resolve("serving.properties"), SERVING_SETTINGS,
                StandardOpenOption.APPEND);

        List<String> items = ItemVocabulary.read(model.resolve(ItemVocabulary.FILE)).ids();
        List<String> requests = List.of(
                "{\"history\": [\"" + items.get(0) + "\", \"" + items.get(1) + "\"], "
                        + "\"topK\": 5, \"explain\": true}",
                "{\"history\": [\"" + items.get(2) + "\", \"" + items.get(5) + "\"]}",
                "{\"item\": \"" + items.get(3) + "\", \"topK\": 4}",
                "{\"history\": [\"" + items.get(4) + "\"], \"topK\": 5, \"candidates\": 10}",
                "{\"history\": []}",
                "{\"instances\": [{\"history\": [\"" + items.get(6) + "\"]}, {\"item\": \""
                        + items.get(7) + "\"}]}");

        List<String> expected = answers(Criteria.builder().setTypes(Input.class, Output.class)
                .optModelPath(model).optTranslatorFactory(new NaisTranslatorFactory())
                .optArgument("topK", 3).optArgument("maxTopK", 20).build(), requests);
        assertTrue(expected.get(0).startsWith("200\t"), expected.get(0));
        assertTrue(expected.get(4).startsWith("400\t"), expected.get(4));

        List<String> answers = serve(served, requests);
        assertEquals("nais on the class path: false", answers.get(0));
        assertEquals(expected, answers.subList(1, answers.size()));
        assertEquals(expected, answers(Criteria.builder().setTypes(Input.class, Output.class)
                .optModelPath(served).build(), requests), "by path, nais on the class path");
    }

    /** The answers of one batch of requests, in DJL Serving's answer lines. */
    static List<String> answers(Criteria<Input, Output> criteria, List<String> requests)
            throws Exception {
        List<String> lines = new ArrayList<>();
        try (ZooModel<Input, Output> zoo = criteria.loadModel();
                Predictor<Input, Output> predictor = zoo.newPredictor()) {
            List<Input> inputs = new ArrayList<>();
            for (String request : requests) {
                Input input = new Input();
                input.add("data", request);
                inputs.add(input);
            }
            for (Output output : predictor.batchPredict(inputs)) {
                lines.add(output.getCode() + "\t" + output.getData().getAsString());
            }
        }
        return lines;
    }

    @Test
    void servingSettingsAddedToServingPropertiesKeepTheFolderLoadable() throws Exception {
        Path copy = TrainedModels.copy(model, scratch.resolve("edited"));
        Files.writeString(copy.resolve("serving.properties"), SERVING_SETTINGS,
                StandardOpenOption.APPEND);
        ModelDirectory.verify(copy);
        try (ModelDirectory.Loaded loaded = ModelDirectory.load(copy, Device.cpu())) {
            assertEquals(ItemVocabulary.read(model.resolve(ItemVocabulary.FILE)).ids(),
                    loaded.items().ids());
        }
        Criteria<UserHistory, Recommendations> criteria = Criteria.builder()
                .setTypes(UserHistory.class, Recommendations.class).optModelPath(copy)
                .optTranslatorFactory(new NaisTranslatorFactory()).build();
        String first = ItemVocabulary.read(copy.resolve(ItemVocabulary.FILE)).ids().get(0);
        try (ZooModel<UserHistory, Recommendations> zoo = criteria.loadModel();
                Predictor<UserHistory, Recommendations> predictor = zoo.newPredictor()) {
            assertEquals(3, predictor.predict(UserHistory.of(first)).items().size(),
                    "topK=3 from serving.properties");
        }
    }

    @Test
    void withServingSettingsAddedAChangedModelIsStillRefused() throws Exception {
        Path copy = TrainedModels.copy(model, scratch.resolve("changed"));
        Path properties = copy.resolve("serving.properties");
        Files.writeString(properties, SERVING_SETTINGS, StandardOpenOption.APPEND);
        String original = Files.readString(properties);

        Files.writeString(properties, original.replace("embedding_size=8", "embedding_size=9"));
        MalformedModelException key = assertThrows(MalformedModelException.class,
                () -> ModelDirectory.verify(copy));
        assertTrue(key.getMessage().contains("embedding_size is '9'"), key.getMessage());
        Files.writeString(properties, original.replace("blockFactory=", "# blockFactory="));
        assertTrue(assertThrows(MalformedModelException.class, () -> ModelDirectory.verify(copy))
                .getMessage().contains("blockFactory is missing"));
        Files.writeString(properties, original);
        ModelDirectory.verify(copy);

        Path items = copy.resolve(ItemVocabulary.FILE);
        byte[] vocabulary = Files.readAllBytes(items);
        Files.writeString(items, Files.readString(items).replaceFirst("\n", "\n9"));
        assertTrue(assertThrows(MalformedModelException.class, () -> ModelDirectory.verify(copy))
                .getMessage().contains("checksum mismatch"));
        Files.write(items, vocabulary);

        Path params = copy.resolve(ModelDirectory.PARAMS_FILE);
        byte[] bytes = Files.readAllBytes(params);
        bytes[bytes.length - 3] ^= 1;
        Files.write(params, bytes);
        assertTrue(assertThrows(MalformedModelException.class, () -> ModelDirectory.verify(copy))
                .getMessage().contains("checksum mismatch"));
    }

    /** The answers of a {@link DjlServingHost} JVM, whose class path is DJL's jars only. */
    static List<String> serve(Path folder, List<String> requests) throws Exception {
        List<String> classPath = new ArrayList<>();
        for (String entry : System.getProperty("surefire.test.class.path",
                System.getProperty("java.class.path")).split(File.pathSeparator)) {
            String path = entry.replace(File.separatorChar, '/');
            if (path.endsWith("target/test-classes") || path.contains("/ai/djl/")
                    || path.contains("/com/google/code/gson/")
                    || path.contains("/net/java/dev/jna/")
                    || path.contains("/org/apache/commons/commons-compress/")
                    || path.contains("/org/slf4j/slf4j-api/")) {
                classPath.add(entry);
            }
        }
        Path log = Files.createTempFile(folder.getParent(), "host-", ".log");
        Process host = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx1g", "-Dai.djl.offline=true", "-cp",
                String.join(File.pathSeparator, classPath), DjlServingHost.class.getName(),
                folder.toString()).redirectError(log.toFile()).start();
        try (var in = host.getOutputStream()) {
            in.write((String.join("\n", requests) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(host.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(host.waitFor(180, TimeUnit.SECONDS), "the host did not finish");
        assertEquals(0, host.exitValue(), out + Files.readString(log));
        assertFalse(out.isEmpty(), Files.readString(log));
        return out.lines().toList();
    }
}
