package io.naisrec.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;

/**
 * Folders and files written whole: filled under a temporary name beside the target, then moved
 * into place, so that a reader sees the old or the new one, never a part.
 */
public final class Folders {

    /** Writes one file's content at the path it is given. */
    @FunctionalInterface
    public interface FileWriter {
        /** Writes the whole file at {@code path}. */
        void write(Path path) throws IOException;
    }

    private Folders() {}

    /**
     * Writes {@code file} whole: {@code writer} fills a temporary file beside it, which is then
     * moved over {@code file} in one atomic rename (replacing what is there); if anything fails,
     * the temporary file is deleted and {@code file} is as it was. Creates missing parent
     * folders.
     */
    public static void writeAtomically(Path file, FileWriter writer) throws IOException {
        Path target = file.toAbsolutePath().normalize();
        Files.createDirectories(target.getParent());
        Path temp = Files.createTempFile(target.getParent(), ".writing-", ".tmp");
        try {
            writer.write(temp);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** A new empty temporary folder beside {@code target}, to fill and then {@link #replace}. */
    public static Path temporaryBeside(Path target) throws IOException {
        Path destination = target.toAbsolutePath().normalize();
        Files.createDirectories(destination.getParent());
        return Files.createTempDirectory(destination.getParent(), ".writing-");
    }

    /**
     * Moves {@code fresh} to {@code target}, replacing an existing folder only if it is one of
     * ours (empty, or holding {@code marker}): anything else is refused with a
     * {@link DataException}, never deleted. The old folder is renamed aside, the new one renamed
     * in, then the old one deleted; if the second rename fails the old folder is moved back.
     * Between the two renames (an instant) {@code target} does not exist; a reader sees either
     * the whole old or the whole new folder, never a partial one.
     */
    public static void replace(Path fresh, Path target, String marker) throws IOException {
        Path destination = target.toAbsolutePath().normalize();
        if (!Files.exists(destination)) {
            Files.move(fresh, destination, StandardCopyOption.ATOMIC_MOVE);
            return;
        }
        requireOurs(destination, marker);
        Path old = Files.createTempDirectory(destination.getParent(), ".replaced-");
        Files.delete(old);
        Files.move(destination, old, StandardCopyOption.ATOMIC_MOVE);
        try {
            Files.move(fresh, destination, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            Files.move(old, destination, StandardCopyOption.ATOMIC_MOVE);
            throw e;
        }
        deleteTree(old);
    }

    /** Refuses a folder that exists, is not empty and lacks {@code marker}: not ours to replace. */
    public static void requireOurs(Path folder, String marker) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new DataException(folder + ": exists and is not a folder; refusing to replace it");
        }
        boolean empty;
        try (var entries = Files.list(folder)) {
            empty = entries.findAny().isEmpty();
        }
        if (!empty && !Files.isRegularFile(folder.resolve(marker))) {
            throw new DataException(folder + ": exists and holds no " + marker + " (not written by"
                    + " nais); refusing to replace it");
        }
    }

    /** Deletes a folder and what it holds, if it exists. */
    public static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
