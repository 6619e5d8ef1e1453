package io.naisrec.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes small generated data files for tests. */
public final class TestFiles {

    private TestFiles() {}

    /** Writes {@code text} (UTF-8) to {@code dir/name} and returns the path. */
    public static Path write(Path dir, String name, String text) {
        try {
            Path file = dir.resolve(name);
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes raw bytes to {@code dir/name}. */
    public static Path writeBytes(Path dir, String name, byte[] bytes) {
        try {
            Path file = dir.resolve(name);
            Files.createDirectories(file.getParent());
            Files.write(file, bytes);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A u.data-style file (user, item, rating, timestamp; tab) where user u rated items
     * u, u+1, …, u+len-1 (mod items) at times 1..len, for users 1..users.
     */
    public static String generatedUData(int users, int items, int len) {
        StringBuilder text = new StringBuilder();
        for (int u = 1; u <= users; u++) {
            for (int k = 0; k < len; k++) {
                int item = (u + k) % items + 1;
                text.append(u).append('\t').append(item).append("\t4\t").append(1000 + k)
                        .append('\n');
            }
        }
        return text.toString();
    }
}
