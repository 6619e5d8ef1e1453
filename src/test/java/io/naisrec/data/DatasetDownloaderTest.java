package io.naisrec.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.naisrec.data.DatasetDownloader.Download;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downloads from a server on the loopback interface: checksum, extraction, atomic placement. */
class DatasetDownloaderTest {

    @TempDir
    Path cache;

    private HttpServer server;
    private byte[] zip;

    @BeforeEach
    void serve() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            out.putNextEntry(new ZipEntry("toy/u.data"));
            out.write("1\t2\t5\t10\n".getBytes(StandardCharsets.UTF_8));
            out.putNextEntry(new ZipEntry("toy/other.txt"));
            out.write("ignored".getBytes(StandardCharsets.UTF_8));
        }
        zip = bytes.toByteArray();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/toy.zip", exchange -> {
            exchange.sendResponseHeaders(200, zip.length);
            exchange.getResponseBody().write(zip);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/toy.zip";
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void extractsTheWantedEntriesWhenTheChecksumMatches() throws Exception {
        Path target = cache.resolve("toy");
        DatasetDownloader.fetchAll(List.of(new Download(url(), sha256(zip),
                Map.of("toy/u.data", "u.data"), null)), target);
        assertEquals("1\t2\t5\t10\n", Files.readString(target.resolve("u.data")));
        assertFalse(Files.exists(target.resolve("other.txt")));
        try (var left = Files.list(cache)) {
            assertEquals(List.of(target), left.toList(), "no temporary folder left behind");
        }
    }

    @Test
    void aWrongChecksumLeavesNothingBehind() throws Exception {
        Path target = cache.resolve("toy");
        IOException e = assertThrows(IOException.class, () -> DatasetDownloader.fetchAll(
                List.of(new Download(url(), "00".repeat(32), Map.of("toy/u.data", "u.data"),
                        null)), target));
        assertTrue(e.getMessage().contains("differs from the expected"), e.getMessage());
        try (var left = Files.list(cache)) {
            assertEquals(0, left.count(), "neither the dataset nor a temporary folder");
        }
    }

    @Test
    void aMissingEntryFailsTheDownload() {
        assertThrows(IOException.class, () -> DatasetDownloader.fetchAll(List.of(new Download(
                url(), sha256(zip), Map.of("toy/ratings.dat", "ratings.dat"), null)),
                cache.resolve("toy")));
        assertFalse(Files.exists(cache.resolve("toy")));
    }
}
