package io.naisrec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nais serve} as a user runs it: a process of its own, stopped with SIGTERM. */
class ServeCommandTest {

    private static final Path MODEL = Path.of("models", "nais-ml-latest-small");

    @TempDir
    Path dir;

    @Test
    void servesOnTheWrittenPortAndDrainsOnSigterm() throws Exception {
        Path portFile = dir.resolve("port");
        Path log = dir.resolve("serve.log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"),
                "bin", "java").toString(), "-Dai.djl.offline=true", "-cp",
                System.getProperty("surefire.test.class.path",
                        System.getProperty("java.class.path")), NaisCli.class.getName(), "serve",
                "--model", "movies=" + MODEL, "--port", "0", "--port-file", portFile.toString(),
                "--workers", "1"));
        Process server = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        try {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!Files.exists(portFile) && server.isAlive() && System.nanoTime() < until) {
                Thread.sleep(50);
            }
            assertTrue(Files.exists(portFile), Files.readString(log));
            int port = Integer.parseInt(Files.readString(portFile).strip());
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                    .build();
            HttpResponse<String> answer = null;
            while (System.nanoTime() < until) {
                answer = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + port + "/predictions/movies")).POST(HttpRequest.BodyPublishers
                        .ofString("{\"history\": [\"1\", \"50\"], \"topK\": 3}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() != 503) {
                    break;
                }
                Thread.sleep(50);
            }
            assertEquals(200, answer.statusCode(), answer.body());
            assertTrue(answer.body().contains("\"rank\":3"), answer.body());
            server.destroy();
            assertTrue(server.waitFor(60, TimeUnit.SECONDS), "SIGTERM stops the server");
            String output = Files.readString(log, StandardCharsets.UTF_8);
            assertTrue(output.contains("listening on http://127.0.0.1:" + port)
                    && output.contains("draining") && output.contains("INFO stopped"), output);
            assertFalse(output.contains("Exception"), output);
        } finally {
            server.destroyForcibly();
        }
    }

    @Test
    void aCorruptOrMissingModelIsOneLineAndExitCodeTwo() throws Exception {
        NaisCliTest.Run missing = NaisCliTest.run("serve", "--model", dir.resolve("none")
                .toString(), "--port", "0");
        assertEquals(NaisCli.EXIT_USAGE, missing.code(), missing.err());
        assertEquals(1, missing.err().strip().lines().count(), missing.err());
        NaisCliTest.Run badName = NaisCliTest.run("serve", "--model", "a b=" + MODEL);
        assertEquals(NaisCli.EXIT_USAGE, badName.code());
        assertTrue(badName.err().contains("the name must be letters"), badName.err());
        NaisCliTest.Run badQueue = NaisCliTest.run("serve", "--model", MODEL.toString(),
                "--queue", "0");
        assertEquals(NaisCli.EXIT_USAGE, badQueue.code());
        assertTrue(badQueue.err().contains("--queue must be at least 1"), badQueue.err());
    }
}
