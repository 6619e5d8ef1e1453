package io.naisrec.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.naisrec.data.InteractionDataset;
import io.naisrec.data.InteractionLog;
import io.naisrec.data.LeaveOneOutSplit;
import io.naisrec.data.TestFiles;
import io.naisrec.model.ItemSimilarityConfig;
import io.naisrec.model.ModelKind;
import io.naisrec.train.TrainingRun;
import io.naisrec.train.TrainingSettings;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * nais in a host that puts Gson 2.8.5 first on the class path (IJava's kernel does; so do some
 * application servers and Spark distributions): model folders and checkpoints are read and
 * written, and the shipped model recommends what it recommends with nais's own Gson.
 */
class OlderGsonTest {

    private static final Path OLD_GSON = Path.of("target", "old-libraries", "gson-2.8.5.jar");
    private static final Path SHIPPED = Path.of("models", "nais-ml-latest-small");

    @TempDir
    Path dir;

    @Test
    void modelsAndCheckpointsWorkWithGson285FirstOnTheClassPath() throws Exception {
        assertTrue(Files.isRegularFile(OLD_GSON), "the build copies Gson 2.8.5 to " + OLD_GSON);
        String data = TestFiles.write(dir, "gen/u.data", TestFiles.generatedUData(30, 40, 10))
                .toString();
        InteractionLog log = new InteractionLog();
        for (String line : Files.readAllLines(Path.of(data))) {
            String[] f = line.split("\t");
            log.add(f[0], f[1], Long.parseLong(f[3]));
        }
        Path checkpoint = dir.resolve("written-by-current-gson.checkpoint");
        TrainingRun.builder().setKind(ModelKind.NAIS_PROD).optConfig(ItemSimilarityConfig.builder()
                .optEmbeddingSize(8).optAttentionSize(4).build())
                .optSettings(TrainingSettings.builder().optEpochs(1).build())
                .optCheckpoint(checkpoint, Map.of("note", "test")).build()
                .train(LeaveOneOutSplit.of(InteractionDataset.of("gen", log), 99, 1)).close();

        List<String> classPath = new ArrayList<>(List.of(OLD_GSON.toAbsolutePath().toString()));
        Arrays.stream(System.getProperty("surefire.test.class.path",
                System.getProperty("java.class.path")).split(File.pathSeparator))
                .filter(p -> !Path.of(p).getFileName().toString().startsWith("gson-"))
                .forEach(classPath::add);
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin",
                "java").toString(), "-Dai.djl.offline=true", "-cp",
                String.join(File.pathSeparator, classPath), OlderGsonProbe.class.getName(),
                SHIPPED.toString(), data, dir.resolve("child").toString(), checkpoint.toString())
                .redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, child.waitFor(), output);
        String last = output.strip().lines().reduce((a, b) -> b).orElse("");
        assertTrue(last.startsWith("gson=gson-2.8.5.jar ") && last.endsWith(" ok"), output);

        String expected;
        try (var model = ai.djl.repository.zoo.Criteria.builder()
                .setTypes(UserHistory.class, Recommendations.class).optModelPath(SHIPPED)
                .optTranslatorFactory(new NaisTranslatorFactory()).optArgument("topK", 5)
                .build().loadModel(); var predictor = model.newPredictor()) {
            expected = predictor.predict(UserHistory.of("260", "1198", "1196")).items().stream()
                    .map(Recommendations.Item::id).collect(Collectors.joining(","));
        }
        assertTrue(last.contains(" ids=" + expected + " "), "same recommendations: " + last);
    }
}
