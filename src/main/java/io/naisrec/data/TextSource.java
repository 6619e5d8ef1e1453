package io.naisrec.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A named stream of text to read: a file, or a resource packaged in the jar. The name is what
 * error messages show in front of {@code :LINE:}.
 *
 * @param name shown in messages (a path, or {@code jar:RESOURCE})
 * @param opener opens a fresh stream each time it is called
 */
public record TextSource(String name, Opener opener) {

    /** Opens a stream; may throw {@link IOException}. */
    @FunctionalInterface
    public interface Opener {
        /** Opens a new stream over the source's bytes. */
        InputStream open() throws IOException;
    }

    /** Validates that both parts are present. */
    public TextSource {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(opener, "opener");
    }

    /** A file on disk; a missing file, a folder or an unreadable file is a {@link DataException}. */
    public static TextSource of(Path file) {
        return new TextSource(file.toString(), () -> {
            if (Files.isDirectory(file)) {
                throw new DataException(file + ": is a folder, expected a file");
            }
            if (!Files.exists(file)) {
                throw new DataException(file + ": no such file");
            }
            if (!Files.isReadable(file)) {
                throw new DataException(file + ": not readable");
            }
            return Files.newInputStream(file);
        });
    }

    /** A resource inside the jar, e.g. {@code /io/naisrec/data/ml-latest-small/ratings.csv}. */
    public static TextSource ofResource(String resource) {
        return new TextSource("jar:" + resource, () -> {
            InputStream in = TextSource.class.getResourceAsStream(resource);
            if (in == null) {
                throw new DataException("jar:" + resource + ": resource missing from the jar");
            }
            return in;
        });
    }

    /** The SHA-256 of the source's bytes, as lowercase hex. */
    public String sha256() {
        try (InputStream in = open()) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new DataException(name + ": cannot read: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Opens the stream. */
    public InputStream open() throws IOException {
        return opener.open();
    }
}
