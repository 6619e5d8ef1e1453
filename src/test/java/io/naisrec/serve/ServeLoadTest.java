package io.naisrec.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import io.naisrec.zoo.ItemVocabulary;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server under more than it takes, past deadlines, stopping while busy, and with a model
 * that does not load. Slow requests are exact rankings of long histories (about a second each
 * for 2,000 items on two cores).
 */
class ServeLoadTest {

    static String history(int items) throws Exception {
        List<String> ids = ItemVocabulary.read(ServeTest.MODEL.resolve(ItemVocabulary.FILE))
                .ids();
        return "{\"history\": " + new Gson().toJson(ids.subList(0, items)) + "}";
    }

    /** Sends {@code bodies} at once, one client thread each; the answers in order. */
    static List<HttpResponse<String>> burst(Http http, List<String> bodies) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(bodies.size());
        try {
            List<Future<HttpResponse<String>>> futures = new ArrayList<>();
            for (String body : bodies) {
                futures.add(clients.submit(() -> http.post(ServeTest.PREDICT, body)));
            }
            List<HttpResponse<String>> answers = new ArrayList<>();
            for (Future<HttpResponse<String>> future : futures) {
                answers.add(future.get());
            }
            return answers;
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void aFullQueueAnswers503WithRetryAfterAndTheServerRecovers() throws Exception {
        ModelServer server = new ModelServer(ServeTest.settings(1, 1, 0, 2, 60_000),
                Map.of(ServeTest.NAME, ServeTest.MODEL)).start();
        try {
            assertTrue(server.awaitLoaded());
            Http http = new Http(server.port());
            String slow = history(2000);
            List<HttpResponse<String>> answers = burst(http, List.of(slow, slow, slow, slow,
                    slow, slow, slow, slow));
            int ok = 0;
            int refused = 0;
            for (HttpResponse<String> answer : answers) {
                if (answer.statusCode() == 503) {
                    refused++;
                    assertEquals("1", answer.headers().firstValue("Retry-After").orElse(""));
                    assertTrue(answer.body().contains("requests waiting"), answer.body());
                } else {
                    assertEquals(200, answer.statusCode(), answer.body());
                    ok++;
                }
            }
            assertTrue(refused >= 1 && ok >= 1 && ok <= 4, ok + " answered, " + refused
                    + " refused");
            assertEquals(200, http.post(ServeTest.PREDICT, "{\"history\": [\"1\"]}")
                    .statusCode());
            assertTrue(PrometheusText.parse(http.get("/metrics").body()).getOrDefault(
                    "nais_refused_total{model=\"movies\",reason=\"queue_full\"}", 0.0)
                    >= refused);
        } finally {
            server.stop();
        }
    }

    @Test
    void aRequestPastItsDeadlineIs503() throws Exception {
        ModelServer server = new ModelServer(ServeTest.settings(1, 1, 0, 8, 200),
                Map.of(ServeTest.NAME, ServeTest.MODEL)).start();
        try {
            assertTrue(server.awaitLoaded());
            HttpResponse<String> answer = new Http(server.port()).post(ServeTest.PREDICT,
                    history(2000));
            assertEquals(503, answer.statusCode());
            assertTrue(answer.body().contains("no answer within --timeout-ms 200"),
                    answer.body());
        } finally {
            server.stop();
        }
    }

    @Test
    void stoppingWhileBusyAnswersEveryAcceptedRequestThenClosesThePort() throws Exception {
        ModelServer server = new ModelServer(ServeTest.settings(1, 2, 0, 16, 60_000),
                Map.of(ServeTest.NAME, ServeTest.MODEL)).start();
        assertTrue(server.awaitLoaded());
        Http http = new Http(server.port());
        String medium = history(600);
        ExecutorService clients = Executors.newFixedThreadPool(8);
        List<Future<HttpResponse<String>>> futures = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            futures.add(clients.submit(() -> http.post(ServeTest.PREDICT, medium)));
        }
        Thread.sleep(300);
        server.stop();
        int answered = 0;
        for (Future<HttpResponse<String>> future : futures) {
            HttpResponse<String> answer = future.get();
            assertTrue(answer.statusCode() == 200 || answer.statusCode() == 503,
                    answer.statusCode() + " " + answer.body());
            if (answer.statusCode() == 200) {
                answered++;
            } else {
                assertTrue(answer.body().contains("shutting down"), answer.body());
            }
        }
        clients.shutdownNow();
        assertTrue(answered >= 1, "none of the accepted requests was answered");
        assertThrows(UncheckedIOException.class, () -> http.get("/ping"));
    }

    @Test
    void aModelThatFailsToLoadIsNeverReadyAndSaysWhy(@TempDir Path root) throws Exception {
        Path broken = Files.createDirectories(root.resolve("broken"));
        try (var files = Files.list(ServeTest.MODEL)) {
            for (Path file : files.toList()) {
                Files.copy(file, broken.resolve(file.getFileName()));
            }
        }
        Files.writeString(broken.resolve("nais-0000.params"), "x",
                StandardOpenOption.TRUNCATE_EXISTING);
        ModelServer server = new ModelServer(ServeTest.settings(1, 1, 0, 2, 1000),
                Map.of("broken", broken)).start();
        try {
            assertTrue(!server.awaitLoaded());
            Http http = new Http(server.port());
            assertEquals(503, http.get("/v2/health/ready").statusCode());
            assertEquals(503, http.get("/ping").statusCode());
            assertEquals(503, http.get("/v2/models/broken/ready").statusCode());
            HttpResponse<String> answer = http.post("/predictions/broken",
                    "{\"history\": [\"1\"]}");
            assertEquals(503, answer.statusCode());
            assertTrue(answer.body().contains("failed to load") && answer.body()
                    .contains("nais-0000.params"), answer.body());
            assertEquals(200, http.get("/v2/health/live").statusCode());
        } finally {
            server.stop();
        }
    }
}
