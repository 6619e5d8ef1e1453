package io.naisrec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.naisrec.data.TextSource;
import io.naisrec.model.MemoryBudget;
import io.naisrec.zoo.ModelDirectory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nais serve} as a user runs it: a process of its own, stopped with SIGTERM, its models
 * reloaded with SIGHUP.
 */
class ServeCommandTest {

    private static final Path MODEL = Path.of("models", "nais-ml-latest-small");

    @TempDir
    Path dir;

    /** {@code nais serve ARGS} as a process of its own, its output in {@code log}. */
    private static Process serve(Path log, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"),
                "bin", "java").toString(), "-Dai.djl.offline=true", "-cp",
                System.getProperty("surefire.test.class.path",
                        System.getProperty("java.class.path")), NaisCli.class.getName(),
                "serve"));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
    }

    /** The port the server writes to {@code portFile}, once it has. */
    private static int awaitPort(Process server, Path portFile, Path log, long until)
            throws Exception {
        while (!Files.exists(portFile) && server.isAlive() && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        assertTrue(Files.exists(portFile), Files.readString(log));
        return Integer.parseInt(Files.readString(portFile).strip());
    }

    /** The first answer that is not 503 (the model loading), or the last, to a query. */
    private static HttpResponse<String> predict(HttpClient client, int port, long until)
            throws Exception {
        while (true) {
            HttpResponse<String> answer = client.send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + port + "/predictions/movies")).POST(HttpRequest
                    .BodyPublishers.ofString("{\"history\": [\"1\", \"50\"], \"topK\": 3}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 503 || System.nanoTime() >= until) {
                return answer;
            }
            Thread.sleep(50);
        }
    }

    @Test
    void servesOnTheWrittenPortAndDrainsOnSigterm() throws Exception {
        Path portFile = dir.resolve("port");
        Path log = dir.resolve("serve.log");
        Process server = serve(log, "--model", "movies=" + MODEL, "--port", "0", "--port-file",
                portFile.toString(), "--management-port", "0", "--workers", "1");
        try {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            int port = awaitPort(server, portFile, log, until);
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                    .build();
            HttpResponse<String> answer = predict(client, port, until);
            assertEquals(200, answer.statusCode(), answer.body());
            assertTrue(answer.body().contains("\"rank\":3"), answer.body());
            server.destroy();
            assertTrue(server.waitFor(60, TimeUnit.SECONDS), "SIGTERM stops the server");
            String output = Files.readString(log, StandardCharsets.UTF_8);
            assertTrue(output.contains("listening on http://127.0.0.1:" + port)
                    && output.contains("draining") && output.contains("INFO stopped"), output);
            assertFalse(output.contains("Exception"), output);
            assertTrue(output.contains("Serving: scoring chunks of at most "
                    + MemoryBudget.SERVING_CHUNK_ELEMENTS + " elements"), output);
        } finally {
            server.destroyForcibly();
        }
    }

    @Test
    void sighupReloadsEachModelFromItsFolderWhileServing() throws Exception {
        Path served = Files.createDirectories(dir.resolve("served"));
        try (var files = Files.list(MODEL)) {
            for (Path file : files.toList()) {
                Files.copy(file, served.resolve(file.getFileName()));
            }
        }
        Path portFile = dir.resolve("port");
        Path log = dir.resolve("serve.log");
        Process server = serve(log, "--model", "movies=" + served, "--port", "0", "--port-file",
                portFile.toString(), "--management-port", "0", "--workers", "1");
        try {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            int port = awaitPort(server, portFile, log, until);
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                    .build();
            HttpResponse<String> before = predict(client, port, until);
            assertEquals(200, before.statusCode(), before.body());
            Path metadata = served.resolve(ModelDirectory.METADATA_FILE);
            assertEquals(TextSource.of(metadata).sha256(), before.headers()
                    .firstValue("X-Nais-Model-Checksum").orElse(""));
            Path card = served.resolve("README.md");
            Files.writeString(card, "\nRetrained.\n", StandardOpenOption.APPEND);
            JsonObject json = JsonParser.parseString(Files.readString(metadata))
                    .getAsJsonObject();
            json.getAsJsonObject("files").addProperty("README.md", TextSource.of(card)
                    .sha256());
            Files.writeString(metadata, json.toString());
            String after = TextSource.of(metadata).sha256();
            assertEquals(0, new ProcessBuilder("kill", "-HUP", Long.toString(server.pid()))
                    .start().waitFor());
            HttpResponse<String> answer = predict(client, port, until);
            while (!answer.headers().firstValue("X-Nais-Model-Checksum").orElse("")
                    .equals(after) && System.nanoTime() < until) {
                assertEquals(200, answer.statusCode(), answer.body());
                Thread.sleep(50);
                answer = predict(client, port, until);
            }
            assertEquals(200, answer.statusCode(), answer.body());
            assertEquals(after, answer.headers().firstValue("X-Nais-Model-Checksum")
                    .orElse(""), Files.readString(log));
            assertTrue(server.isAlive(), "SIGHUP does not stop the server");
            assertTrue(Files.readString(log).contains("model 'movies' swapped to " + served
                    .toAbsolutePath().normalize()), Files.readString(log));
        } finally {
            server.destroyForcibly();
            server.waitFor(60, TimeUnit.SECONDS);
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

    @Test
    void aBadManagementAddressOrPortIsOneLineAndExitCodeTwo() {
        NaisCliTest.Run badPort = NaisCliTest.run("serve", "--model", MODEL.toString(),
                "--management-port", "70000");
        assertEquals(NaisCli.EXIT_USAGE, badPort.code(), badPort.err());
        assertTrue(badPort.err().contains("--management-port must be 0 to 65535, got 70000"),
                badPort.err());
        NaisCliTest.Run badHost = NaisCliTest.run("serve", "--model", MODEL.toString(),
                "--management-address", " ");
        assertEquals(NaisCli.EXIT_USAGE, badHost.code(), badHost.err());
        assertTrue(badHost.err().contains("--management-address must name an address"),
                badHost.err());
    }
}
