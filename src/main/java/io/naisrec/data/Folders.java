package io.naisrec.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;

/** Folders written whole: filled under a temporary name, then moved into place. */
public final class Folders {

    private Folders() {}

    /** A new empty temporary folder beside {@code target}, to fill and then {@link #replace}. */
    public static Path temporaryBeside(Path target) throws IOException {
        Path destination = target.toAbsolutePath().normalize();
        Files.createDirectories(destination.getParent());
        return Files.createTempDirectory(destination.getParent(), ".writing-");
    }

    /**
     * Moves {@code fresh} to {@code target}, replacing an existing folder: the old one is first
     * renamed aside, so at every moment {@code target} is either the old or the new folder.
     */
    public static void replace(Path fresh, Path target) throws IOException {
        Path destination = target.toAbsolutePath().normalize();
        if (!Files.exists(destination)) {
            Files.move(fresh, destination, StandardCopyOption.ATOMIC_MOVE);
            return;
        }
        Path old = Files.createTempDirectory(destination.getParent(), ".replaced-");
        Files.delete(old);
        Files.move(destination, old, StandardCopyOption.ATOMIC_MOVE);
        Files.move(fresh, destination, StandardCopyOption.ATOMIC_MOVE);
        deleteTree(old);
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
