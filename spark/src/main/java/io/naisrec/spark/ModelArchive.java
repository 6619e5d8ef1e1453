package io.naisrec.spark;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** A model folder as a zip of its files, for Spark's {@code spark.archives}. */
final class ModelArchive {

    private ModelArchive() {}

    /** Writes the files of {@code folder} (not the folder itself) into {@code zip}. */
    static void zip(Path folder, Path zip) {
        try (OutputStream file = Files.newOutputStream(zip);
                ZipOutputStream out = new ZipOutputStream(file);
                Stream<Path> files = Files.list(folder)) {
            for (Path path : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new ZipEntry(path.getFileName().toString()));
                Files.copy(path, out);
                out.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(zip + ": " + e.getMessage(), e);
        }
    }
}
