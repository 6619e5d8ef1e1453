package io.naisrec.zoo;

import io.naisrec.data.DataException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.regex.Pattern;

/** File names inside a model folder, and moving a finished folder into place. */
final class SafeNames {

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private SafeNames() {}

    /** {@code name} when it is a plain file name: no folder, no {@code ..}, not absolute. */
    static String check(String name) {
        if (!PLAIN.matcher(name).matches() || name.contains("..")) {
            throw new DataException("unsafe file name in a model folder: '" + name
                    + "' (only plain names, no '..', '/' or absolute paths)");
        }
        return name;
    }

    /** Moves {@code fresh} to {@code target}, replacing an existing folder. */
    static void replace(Path fresh, Path target) throws IOException {
        if (!Files.exists(target)) {
            Files.move(fresh, target, StandardCopyOption.ATOMIC_MOVE);
            return;
        }
        Path old = Files.createTempDirectory(target.getParent(), ".replaced-");
        Files.delete(old);
        Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
        Files.move(fresh, target, StandardCopyOption.ATOMIC_MOVE);
        deleteTree(old);
    }

    /** Deletes a folder and what it holds, if it exists. */
    static void deleteTree(Path root) {
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
