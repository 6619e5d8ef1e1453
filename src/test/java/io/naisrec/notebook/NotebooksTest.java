package io.naisrec.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every notebook under {@code notebooks/} runs headlessly, in quick mode, cell by cell. */
class NotebooksTest {

    private static NotebookRunner runner;

    @TempDir
    Path scratch;

    @BeforeAll
    static void quickMode() {
        System.setProperty("nais.notebook.quick", "true");
        String classPath = System.getProperty("surefire.test.class.path",
                System.getProperty("java.class.path"));
        runner = new NotebookRunner(Arrays.stream(classPath.split(File.pathSeparator))
                .map(Path::of).toList());
    }

    @AfterAll
    static void done() {
        System.clearProperty("nais.notebook.quick");
    }

    @Test
    void everyNotebookRunsAndShowsPictures() throws Exception {
        List<Path> notebooks;
        try (Stream<Path> files = Files.list(Path.of("notebooks"))) {
            notebooks = files.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList();
        }
        assertEquals(3, notebooks.size(), notebooks.toString());
        for (Path file : notebooks) {
            Notebook notebook = Notebook.read(file);
            List<List<CellOutput>> outputs = runner.run(notebook);
            assertEquals(notebook.codeCells().size(), outputs.size());
            long images = outputs.stream().flatMap(List::stream)
                    .filter(o -> o.png() != null).count();
            assertTrue(images >= 1, file + " shows at least one picture");
        }
    }

    @Test
    void aBrokenCellFailsNamingIt() throws Exception {
        Path file = scratch.resolve("broken.ipynb");
        String text = Files.readString(Path.of("notebooks", "01-quickstart.ipynb"));
        assertTrue(text.contains("DatasetStatistics.of("));
        Files.writeString(file, text.replace("DatasetStatistics.of(",
                "DatasetStatistics.ofRenamed("));
        NotebookException e = assertThrows(NotebookException.class,
                () -> runner.run(Notebook.read(file)));
        assertTrue(e.getMessage().startsWith("broken.ipynb cell 3: does not compile"),
                e.getMessage());
    }

    @Test
    void anExceptionInACellFailsAndOutputsAreCollected() throws Exception {
        Path file = scratch.resolve("small.ipynb");
        Files.writeString(file, """
                {"cells": [
                  {"cell_type": "code", "metadata": {}, "outputs": [], "source": [
                    "System.out.println(\\"hello\\");\\n", "int x = 40 + 2;\\n", "x"]},
                  {"cell_type": "code", "metadata": {}, "outputs": [], "source":
                    "\\"two\\\\nlines\\""},
                  {"cell_type": "code", "metadata": {}, "outputs": [], "source":
                    "display(new java.awt.image.BufferedImage(3, 2, 1));"},
                  {"cell_type": "code", "metadata": {}, "outputs": [], "source":
                    "if (x == 42) throw new IllegalStateException(\\"boom\\");"}
                ],
                 "metadata": {"kernelspec": {"name": "java", "language": "java"}},
                 "nbformat": 4, "nbformat_minor": 5}
                """);
        NotebookException e = assertThrows(NotebookException.class,
                () -> runner.run(Notebook.read(file)));
        assertTrue(e.getMessage().contains("cell 4: exception")
                && e.getMessage().contains("IllegalStateException: boom"), e.getMessage());
        Files.writeString(file, Files.readString(file).replace("x == 42", "x == 41"));
        Notebook notebook = Notebook.read(file);
        List<List<CellOutput>> outputs = runner.run(notebook);
        assertEquals(new CellOutput(CellOutput.Kind.STDOUT, "hello\n", null),
                outputs.get(0).get(0));
        assertEquals("42", outputs.get(0).get(1).text());
        assertEquals("two\nlines", outputs.get(1).get(0).text(), "a string shows as text");
        assertTrue(outputs.get(2).get(0).text().startsWith("<image 3x2>"));
        notebook.write();
        assertTrue(Files.readString(file).contains("\"image/png\""));
    }
}
