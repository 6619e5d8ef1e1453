package io.naisrec.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.naisrec.zoo.ItemVocabulary;
import io.naisrec.zoo.NaisTranslatorFactory;
import io.naisrec.zoo.Recommendations;
import io.naisrec.zoo.UserHistory;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code nais serve}'s server on an ephemeral 127.0.0.1 port, with the shipped model. */
class ServeTest {

    static final Path MODEL = Path.of("models", "nais-ml-latest-small");
    static final String NAME = "movies";
    static final String PREDICT = "/predictions/" + NAME;
    static ModelServer server;
    static Http http;
    static List<String> ids;

    static ServeSettings settings(int workers, int batchSize, int delayMs, int queue,
            int timeoutMs) {
        return new ServeSettings("127.0.0.1", 0, workers, batchSize, delayMs, queue, timeoutMs,
                64 * 1024, 100);
    }

    @BeforeAll
    static void start() throws Exception {
        server = new ModelServer(settings(2, 8, 5, 64, 30_000), Map.of(NAME, MODEL)).start();
        assertTrue(server.awaitLoaded());
        http = new Http(server.port());
        ids = ItemVocabulary.read(MODEL.resolve(ItemVocabulary.FILE)).ids();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    static JsonObject json(HttpResponse<String> response) {
        return JsonParser.parseString(response.body()).getAsJsonObject();
    }

    static List<String> history(Random random) {
        List<String> history = new ArrayList<>();
        int length = 1 + random.nextInt(30);
        for (int j = 0; j < length; j++) {
            history.add(ids.get(random.nextInt(500)));
        }
        return history;
    }

    static String body(List<String> history, int topK, int candidates, boolean explain) {
        return "{\"history\": " + new com.google.gson.Gson().toJson(history) + ", \"topK\": "
                + topK + ", \"candidates\": " + candidates + ", \"explain\": " + explain + "}";
    }

    static Recommendations expected(List<String> history, int topK, int candidates)
            throws Exception {
        try (ZooModel<UserHistory, Recommendations> model = Criteria.builder()
                .setTypes(UserHistory.class, Recommendations.class).optModelPath(MODEL)
                .optTranslatorFactory(new NaisTranslatorFactory()).optArgument("topK", topK)
                .optArgument("candidates", candidates).build().loadModel();
                var predictor = model.newPredictor()) {
            return predictor.predict(UserHistory.of(history));
        }
    }

    @Test
    void concurrentAnswersEqualAPredictorsForSampledHistories() throws Exception {
        Random random = new Random(7);
        List<List<String>> histories = new ArrayList<>();
        for (int u = 0; u < 24; u++) {
            histories.add(history(random));
        }
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (int u = 0; u < histories.size(); u++) {
                String body = body(histories.get(u), 5 + u % 3, u % 2 == 0 ? 0 : 150, u % 4 == 0);
                answers.add(clients.submit(() -> http.post(PREDICT, body)));
            }
            for (int u = 0; u < histories.size(); u++) {
                HttpResponse<String> response = answers.get(u).get();
                assertEquals(200, response.statusCode(), response.body());
                assertEquals("application/json", response.headers().firstValue("Content-Type")
                        .orElse(""));
                Recommendations expected = expected(histories.get(u), 5 + u % 3,
                        u % 2 == 0 ? 0 : 150);
                JsonArray items = json(response).getAsJsonArray("items");
                assertEquals(expected.items().size(), items.size());
                for (int r = 0; r < items.size(); r++) {
                    JsonObject item = items.get(r).getAsJsonObject();
                    assertEquals(expected.items().get(r).id(), item.get("id").getAsString());
                    assertEquals(expected.items().get(r).score(), item.get("score").getAsFloat(),
                            1e-4);
                    assertEquals(u % 4 == 0, item.has("explanation"));
                }
            }
        } finally {
            clients.shutdownNow();
        }
        List<String> history = histories.get(0);
        JsonObject v2 = json(http.post("/v2/models/" + NAME + "/infer", "{\"id\": \"r1\", "
                + "\"inputs\": [{\"name\": \"history\", \"shape\": [" + history.size() + "], "
                + "\"datatype\": \"BYTES\", \"data\": " + new com.google.gson.Gson().toJson(history)
                + "}], \"parameters\": {\"topK\": 5}}"));
        assertEquals("r1", v2.get("id").getAsString());
        JsonObject items = v2.getAsJsonArray("outputs").get(0).getAsJsonObject();
        assertEquals("items", items.get("name").getAsString());
        assertEquals(expected(history, 5, 0).items().stream().map(Recommendations.Item::id)
                .toList().toString(), items.getAsJsonArray("data").asList().stream()
                .map(e -> e.getAsString()).toList().toString());
    }

    /** Method, path, body → expected status and a piece of the message. */
    record BadRequest(String method, String path, String body, int status, String says) {}

    @Test
    void everyBadRequestIsOneJsonMessageWithA4xxNeverA500() {
        String huge = "{\"history\": [\"" + "1".repeat(70_000) + "\"]}";
        List<BadRequest> cases = List.of(
                new BadRequest("POST", PREDICT, "{\"history\": [1,", 400, "malformed JSON"),
                new BadRequest("POST", PREDICT, "{\"history\": {\"a\": 1}}", 400,
                        "history must be an array"),
                new BadRequest("POST", PREDICT, "{\"history\": []}", 400, "history is empty"),
                new BadRequest("POST", PREDICT, "{\"history\": [\"no\", \"such\"]}", 400,
                        "none of the 2 history items"),
                new BadRequest("POST", PREDICT, "{\"history\": [\"1\"], \"topK\": 0}", 400,
                        "topK must be between 1 and 100"),
                new BadRequest("POST", PREDICT, "{\"history\": [\"1\"], \"topK\": 101}", 400,
                        "topK must be between 1 and 100"),
                new BadRequest("POST", PREDICT, "{\"history\": [\"1\"], \"topK\": true}", 400,
                        "topK must be an integer"),
                new BadRequest("POST", PREDICT, "", 400, "the request body is empty"),
                new BadRequest("POST", PREDICT, huge, 413, "--max-request-bytes"),
                new BadRequest("POST", "/predictions/nope", "{}", 404, "no model 'nope'"),
                new BadRequest("GET", "/no/such/path", null, 404, "not found"),
                new BadRequest("GET", PREDICT, null, 405, "GET is not allowed"),
                new BadRequest("DELETE", "/ping", null, 405, "DELETE is not allowed"),
                new BadRequest("POST", "/v2/models/" + NAME + "/infer", "{\"inputs\": 3}", 400,
                        "inputs must be an array"),
                new BadRequest("POST", "/v2/models/" + NAME + "/infer",
                        "{\"inputs\": [{\"name\": \"history\", \"data\": []}]}", 400,
                        "history is empty"),
                new BadRequest("POST", "/v2/models/" + NAME + "/infer",
                        "{\"inputs\": [{\"name\": \"weights\", \"data\": [1]}]}", 400,
                        "input 'weights' is not one of"),
                new BadRequest("POST", "/v2/models/" + NAME + "/infer", "{\"id\": {\"a\": 1}, "
                        + "\"inputs\": [{\"name\": \"item\", \"data\": [\"1\"]}]}", 400,
                        "id must be a string"),
                new BadRequest("POST", "/v2/models/" + NAME + "/infer", "{'inputs': []}", 400,
                        "malformed JSON"),
                new BadRequest("POST", PREDICT, "{\"history\": [\"1\"], \"topK\": 1e99999}",
                        400, "too large"),
                new BadRequest("GET", "/v2/models/nope", null, 404, "no model 'nope'"));
        Pattern stackTrace = Pattern.compile("\\bat [a-z]+\\.[a-zA-Z.$]+\\(|Exception:|\\n");
        for (BadRequest c : cases) {
            HttpResponse<String> response = http.send(c.method(), c.path(), c.body());
            String what = c.method() + " " + c.path() + " " + (c.body() == null ? ""
                    : c.body().substring(0, Math.min(60, c.body().length())));
            assertEquals(c.status(), response.statusCode(), what + " → " + response.body());
            JsonObject error = json(response);
            String message = error.has("error") ? error.get("error").getAsString()
                    : error.get("message").getAsString();
            assertTrue(message.contains(c.says()), what + " → " + message);
            assertFalse(stackTrace.matcher(response.body()).find(), response.body());
        }
        assertEquals(200, http.post(PREDICT, "{\"history\": [\"1\"]}").statusCode());
    }

    @Test
    void healthModelsAndMetricsAnswerAndMetricsParseAsPrometheusText() {
        assertEquals(200, http.get("/ping").statusCode());
        assertEquals("Healthy", json(http.get("/ping")).get("status").getAsString());
        assertEquals(200, http.get("/v2/health/live").statusCode());
        assertEquals(200, http.get("/v2/health/ready").statusCode());
        assertEquals(200, http.get("/v2/models/" + NAME + "/ready").statusCode());
        assertEquals(NAME, JsonParser.parseString(http.get("/models").body()).getAsJsonObject()
                .getAsJsonArray("models").get(0).getAsJsonObject().get("modelName")
                .getAsString());
        assertEquals("READY", JsonParser.parseString(http.get("/models/" + NAME).body())
                .getAsJsonArray().get(0).getAsJsonObject().get("status").getAsString());
        assertEquals("history", json(http.get("/v2/models/" + NAME)).getAsJsonArray("inputs")
                .get(0).getAsJsonObject().get("name").getAsString());
        http.post(PREDICT, "{\"history\": [\"1\", \"50\"]}");
        HttpResponse<String> metrics = http.get("/metrics");
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.headers().firstValue("Content-Type").orElse("")
                .startsWith("text/plain; version=0.0.4"));
        Map<String, Double> samples = PrometheusText.parse(metrics.body());
        assertTrue(samples.getOrDefault("nais_requests_total{code=\"200\",model=\"movies\","
                + "route=\"predictions\"}", 0.0) >= 1, samples.toString());
        assertTrue(samples.get("nais_process_resident_bytes") > 0);
        assertEquals(1.0, samples.get("nais_model_ready{model=\"movies\"}"));
    }
}
