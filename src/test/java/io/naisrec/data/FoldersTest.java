package io.naisrec.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Folders#writeAtomically}: a file is replaced whole or left as it was. */
class FoldersTest {

    @TempDir
    Path dir;

    private List<Path> listing(Path folder) throws IOException {
        try (var files = Files.list(folder)) {
            return files.toList();
        }
    }

    @Test
    void aFileIsReplacedWholeAndAFailedWriteLeavesItAsItWasWithNothingBeside() throws Exception {
        Path file = dir.resolve("new/folder/out.txt");
        Folders.writeAtomically(file, path -> Files.writeString(path, "old"));
        assertEquals("old", Files.readString(file));
        IOException e = assertThrows(IOException.class, () -> Folders.writeAtomically(file,
                path -> {
                    Files.writeString(path, "half of the n");
                    throw new IOException("disk full");
                }));
        assertEquals("disk full", e.getMessage());
        assertEquals("old", Files.readString(file));
        assertEquals(List.of(file), listing(file.getParent()));
        Folders.writeAtomically(file, path -> Files.writeString(path, "new"));
        assertEquals("new", Files.readString(file));
        assertEquals(List.of(file), listing(file.getParent()));
    }
}
