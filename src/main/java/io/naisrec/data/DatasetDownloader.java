package io.naisrec.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads public dataset files, checks their sha256 and writes them atomically: everything goes
 * to a temporary folder beside the target, which is moved into place only when complete, so a
 * half-finished download never looks like a dataset.
 */
public final class DatasetDownloader {

    private static final Logger LOG = LoggerFactory.getLogger(DatasetDownloader.class);

    /**
     * One file to fetch.
     *
     * @param url where it is published
     * @param sha256 its expected sha256, lower-case hex
     * @param unzip for a zip: entry name → file name to extract; empty: keep the file as is
     * @param fileName the name to store a non-zip file under
     */
    public record Download(String url, String sha256, Map<String, String> unzip, String fileName) {}

    private DatasetDownloader() {}

    /** Fetches every download into a new folder {@code target}, which must not exist yet. */
    public static void fetchAll(List<Download> downloads, Path target) throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temp = Files.createTempDirectory(parent, ".download-");
        try {
            for (Download download : downloads) {
                fetch(download, temp);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            deleteTree(temp);
        }
    }

    private static void fetch(Download download, Path folder) throws IOException {
        Path file = folder.resolve(".part");
        LOG.info("Downloading {}", download.url());
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(download.url())).GET().build();
        HttpResponse<InputStream> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (response.statusCode() != 200) {
            throw new IOException(download.url() + " answered HTTP " + response.statusCode());
        }
        long total = response.headers().firstValueAsLong("content-length").orElse(-1);
        MessageDigest digest = sha256();
        try (InputStream in = response.body(); OutputStream out = Files.newOutputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            long done = 0;
            long nextReport = 0;
            int n;
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
                digest.update(buffer, 0, n);
                done += n;
                if (total > 0 && done >= nextReport) {
                    LOG.info("  {} / {} KiB", done / 1024, total / 1024);
                    nextReport += Math.max(total / 10, 1);
                }
            }
        }
        String actual = HexFormat.of().formatHex(digest.digest());
        if (!actual.equals(download.sha256())) {
            throw new IOException(download.url() + ": sha256 " + actual + " differs from the "
                    + "expected " + download.sha256());
        }
        if (download.unzip().isEmpty()) {
            Files.move(file, folder.resolve(download.fileName()));
        } else {
            extract(file, download.unzip(), folder);
            Files.delete(file);
        }
    }

    private static void extract(Path zip, Map<String, String> wanted, Path folder)
            throws IOException {
        int found = 0;
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                String name = wanted.get(entry.getName());
                if (name != null) {
                    Files.copy(in, folder.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                    found++;
                }
            }
        }
        if (found != wanted.size()) {
            throw new IOException(zip + ": expected entries " + wanted.keySet() + " not all found");
        }
    }

    /** sha256 of a file, lower-case hex. */
    public static String sha256(Path file) throws IOException {
        MessageDigest digest = sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
