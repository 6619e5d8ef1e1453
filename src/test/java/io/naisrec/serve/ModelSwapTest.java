package io.naisrec.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.naisrec.cli.NaisCli;
import io.naisrec.data.TestFiles;
import io.naisrec.data.TextSource;
import io.naisrec.zoo.ItemVocabulary;
import io.naisrec.zoo.ModelDirectory;
import io.naisrec.zoo.NaisTranslatorFactory;
import io.naisrec.zoo.Recommendations;
import io.naisrec.zoo.UserHistory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Swapping a model under a serving {@link ModelServer} through the {@link ManagementApi} and
 * {@link ModelServer#reloadAll()} (SIGHUP): the shipped model and a small one trained here,
 * on 127.0.0.1 with ephemeral ports.
 */
class ModelSwapTest {

    private static final int TOP_K = 5;
    private static final int CLIENTS = 6;
    /** Answers each phase waits for before its swap, so that every swap happens under load. */
    private static final int PER_PHASE = 60;

    @TempDir
    static Path root;
    static Path shipped;
    static Path tiny;
    static Path broken;

    @BeforeAll
    static void models() throws Exception {
        shipped = ServeTest.MODEL.toAbsolutePath().normalize();
        Path data = TestFiles.write(root, "u.data", TestFiles.generatedUData(30, 40, 10));
        tiny = root.resolve("tiny");
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(sink, true, StandardCharsets.UTF_8);
        assertEquals(0, NaisCli.run(new String[] {"train", "--data", data.toString(), "--model",
            "nais-prod", "--epochs", "1", "--pretrain", "none", "--embedding", "8",
            "--attention", "4", "--batch-size", "64", "--out", tiny.toString()}, out, out),
                sink.toString(StandardCharsets.UTF_8));
        broken = copy(tiny, root.resolve("broken"));
        Files.writeString(broken.resolve(ModelDirectory.PARAMS_FILE), "x",
                StandardOpenOption.TRUNCATE_EXISTING);
    }

    static Path copy(Path model, Path target) throws Exception {
        Files.createDirectories(target);
        try (var files = Files.list(model)) {
            for (Path file : files.toList()) {
                Files.copy(file, target.resolve(file.getFileName()),
                        StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return target;
    }

    static String checksum(Path model) {
        return TextSource.of(model.resolve(ModelDirectory.METADATA_FILE)).sha256();
    }

    /** The items a predictor of {@code model} recommends for each history. */
    static List<Recommendations> expected(Path model, List<List<String>> histories)
            throws Exception {
        try (ZooModel<UserHistory, Recommendations> zoo = Criteria.builder()
                .setTypes(UserHistory.class, Recommendations.class).optModelPath(model)
                .optTranslatorFactory(new NaisTranslatorFactory()).optArgument("topK", TOP_K)
                .build().loadModel(); var predictor = zoo.newPredictor()) {
            List<Recommendations> answers = new ArrayList<>();
            for (List<String> history : histories) {
                answers.add(predictor.predict(UserHistory.of(history)));
            }
            return answers;
        }
    }

    private record Answer(int history, HttpResponse<String> response) {}

    @Test
    void concurrentRequestsDuringThreeSwapsAreEachAnsweredByTheOldOrTheNewModel()
            throws Exception {
        Set<String> common = new HashSet<>(ItemVocabulary.read(tiny.resolve(ItemVocabulary.FILE))
                .ids());
        common.retainAll(ItemVocabulary.read(shipped.resolve(ItemVocabulary.FILE)).ids());
        List<String> known = common.stream().sorted().toList();
        Random random = new Random(11);
        List<List<String>> histories = new ArrayList<>();
        for (int h = 0; h < 16; h++) {
            List<String> history = new ArrayList<>();
            for (int j = 0, n = 1 + random.nextInt(8); j < n; j++) {
                history.add(known.get(random.nextInt(known.size())));
            }
            histories.add(history);
        }
        Map<String, List<Recommendations>> byModel = Map.of(checksum(shipped),
                expected(shipped, histories), checksum(tiny), expected(tiny, histories));
        ModelServer server = new ModelServer(ServeTest.settings(2, 8, 2, 256, 30_000),
                Map.of(ServeTest.NAME, shipped)).start();
        ManagementApi api = new ManagementApi(server, new ManagementSettings("127.0.0.1", 0))
                .start();
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger sent = new AtomicInteger();
        ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Throwable> lost = new ConcurrentLinkedQueue<>();
        List<Thread> clients = new ArrayList<>();
        try {
            assertTrue(server.awaitLoaded());
            Http http = new Http(server.port());
            Http management = new Http(api.port());
            for (int c = 0; c < CLIENTS; c++) {
                int first = c;
                Thread client = new Thread(() -> {
                    for (int i = first; !done.get(); i += CLIENTS) {
                        int h = i % histories.size();
                        sent.incrementAndGet();
                        try {
                            answers.add(new Answer(h, http.post(ServeTest.PREDICT,
                                    "{\"history\": " + new Gson().toJson(histories.get(h))
                                            + ", \"topK\": " + TOP_K + "}")));
                        } catch (RuntimeException e) {
                            lost.add(e);
                        }
                    }
                }, "swap-test-client-" + c);
                clients.add(client);
                client.start();
            }
            awaitAnswers(answers, PER_PHASE);
            HttpResponse<String> toTiny = management.send("PUT", "/models/" + ServeTest.NAME
                    + "?url=" + tiny.toUri(), null);
            assertEquals(200, toTiny.statusCode(), toTiny.body());
            awaitAnswers(answers, 2 * PER_PHASE);
            HttpResponse<String> toBroken = management.send("PUT", "/models/" + ServeTest.NAME,
                    "{\"url\": " + new Gson().toJson(broken.toString()) + "}");
            assertEquals(400, toBroken.statusCode(), toBroken.body());
            String reason = ServeTest.json(toBroken).get("message").getAsString();
            assertTrue(reason.contains("the old model serves on")
                    && reason.contains(ModelDirectory.PARAMS_FILE), reason);
            awaitAnswers(answers, 3 * PER_PHASE);
            HttpResponse<String> back = management.send("PUT", "/models/" + ServeTest.NAME,
                    "{\"url\": " + new Gson().toJson(shipped.toString()) + "}");
            assertEquals(200, back.statusCode(), back.body());
            awaitAnswers(answers, 4 * PER_PHASE);
            done.set(true);
            for (Thread client : clients) {
                client.join();
            }
            assertTrue(lost.isEmpty(), "requests without an answer: " + lost);
            assertEquals(sent.get(), answers.size(), "every request answered");
            Map<String, Integer> perModel = new TreeMap<>();
            for (Answer answer : answers) {
                HttpResponse<String> response = answer.response();
                assertEquals(200, response.statusCode(), response.body());
                String model = response.headers().firstValue(ServedModel.CHECKSUM_HEADER)
                        .orElse("none");
                assertTrue(byModel.containsKey(model), "answered by " + model);
                perModel.merge(model, 1, Integer::sum);
                assertSameItems(byModel.get(model).get(answer.history()), response);
            }
            assertEquals(2, perModel.size(), "both models answered: " + perModel);
            JsonObject listed = ServeTest.json(management.get("/models")).getAsJsonArray("models")
                    .get(0).getAsJsonObject();
            assertEquals(checksum(shipped), listed.get("checksum").getAsString());
            assertEquals(shipped.toUri().toString(), listed.get("modelUrl").getAsString());
            assertTrue(listed.has("loadedAt"), listed.toString());
            Map<String, Double> metrics = PrometheusText.parse(http.get("/metrics").body());
            assertEquals(2.0, metrics.get("nais_model_swaps_total{model=\"movies\","
                    + "result=\"swapped\"}"));
            assertEquals(1.0, metrics.get("nais_model_swaps_total{model=\"movies\","
                    + "result=\"failed\"}"));
        } finally {
            done.set(true);
            for (Thread client : clients) {
                client.join();
            }
            api.close();
            server.stop();
        }
    }

    private static void awaitAnswers(ConcurrentLinkedQueue<Answer> answers, int count)
            throws InterruptedException {
        long until = System.nanoTime() + 60_000_000_000L;
        while (answers.size() < count && System.nanoTime() - until < 0) {
            Thread.sleep(5);
        }
        assertTrue(answers.size() >= count, answers.size() + " answers, waited for " + count);
    }

    private static void assertSameItems(Recommendations expected,
            HttpResponse<String> response) {
        JsonArray items = ServeTest.json(response).getAsJsonArray("items");
        assertEquals(expected.items().size(), items.size(), response.body());
        for (int r = 0; r < items.size(); r++) {
            JsonObject item = items.get(r).getAsJsonObject();
            assertEquals(expected.items().get(r).id(), item.get("id").getAsString(),
                    response.body());
            assertEquals(expected.items().get(r).score(), item.get("score").getAsFloat(), 1e-4);
        }
    }

    @Test
    void reloadAllReadsEachFolderAgainAndAFolderThatNoLongerLoadsKeepsTheOldModel()
            throws Exception {
        Path served = copy(tiny, root.resolve("served"));
        ModelServer server = new ModelServer(ServeTest.settings(1, 4, 0, 16, 30_000),
                Map.of(ServeTest.NAME, served)).start();
        ManagementApi api = new ManagementApi(server, new ManagementSettings("127.0.0.1", 0))
                .start();
        try {
            assertTrue(server.awaitLoaded());
            Http management = new Http(api.port());
            assertEquals(checksum(tiny), describe(management).get("checksum").getAsString());
            copy(shipped, served);
            assertEquals(0, server.reloadAll());
            assertEquals(checksum(shipped), describe(management).get("checksum")
                    .getAsString());
            Files.writeString(served.resolve(ModelDirectory.PARAMS_FILE), "x",
                    StandardOpenOption.TRUNCATE_EXISTING);
            assertEquals(1, server.reloadAll());
            assertEquals(checksum(shipped), describe(management).get("checksum")
                    .getAsString());
            HttpResponse<String> answer = new Http(server.port()).post(ServeTest.PREDICT,
                    "{\"history\": [\"1\", \"50\"], \"topK\": 3}");
            assertEquals(200, answer.statusCode(), answer.body());
            assertEquals(checksum(shipped), answer.headers()
                    .firstValue(ServedModel.CHECKSUM_HEADER).orElse(""));
            HttpResponse<String> unknown = management.send("PUT", "/models/nope?url=" + served,
                    null);
            assertEquals(404, unknown.statusCode(), unknown.body());
            HttpResponse<String> noFolder = management.send("PUT", "/models/"
                    + ServeTest.NAME, null);
            assertEquals(400, noFolder.statusCode(), noFolder.body());
            assertTrue(noFolder.body().contains("give the folder"), noFolder.body());
            assertEquals(405, management.send("DELETE", "/models/" + ServeTest.NAME, null)
                    .statusCode());
        } finally {
            api.close();
            server.stop();
        }
    }

    private static JsonObject describe(Http management) {
        return ServeTest.json(management.get("/models")).getAsJsonArray("models").get(0)
                .getAsJsonObject();
    }
}
