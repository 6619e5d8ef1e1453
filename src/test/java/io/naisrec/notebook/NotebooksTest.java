package io.naisrec.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every notebook under {@code notebooks/} runs headlessly, in quick mode, cell by cell, in a copy
 * of the project's layout after {@code mvn package} ({@link PackagedLayout}). The runner itself
 * sees only nais's classes, so every dependency a notebook uses must come through its own
 * {@code %classpath} line.
 */
class NotebooksTest {

    @TempDir
    static Path project;
    private static PackagedLayout layout;
    private static NotebookRunner runner;

    @TempDir
    Path scratch;

    @BeforeAll
    static void packagedLayout() throws IOException {
        System.setProperty("nais.notebook.quick", "true");
        layout = PackagedLayout.under(project);
        runner = new NotebookRunner(List.of(PackagedLayout.mainClasses()));
    }

    @AfterAll
    static void done() {
        System.clearProperty("nais.notebook.quick");
    }

    @Test
    void everyNotebookRunsAndShowsPictures() throws Exception {
        List<Path> notebooks = PackagedLayout.notebooks();
        assertEquals(3, notebooks.size(), notebooks.toString());
        for (Path file : notebooks) {
            Notebook notebook = Notebook.read(layout.copy(file));
            List<List<CellOutput>> outputs = runner.run(notebook);
            assertEquals(notebook.codeCells().size(), outputs.size());
            long images = outputs.stream().flatMap(List::stream)
                    .filter(o -> o.png() != null).count();
            assertTrue(images >= 1, file + " shows at least one picture");
        }
    }

    /**
     * Notebook 02 where the host's Gson 2.8.5 comes first, as in IJava's kernel (user jars load
     * after the kernel's own): run by {@code nais notebook run} in a JVM whose class path starts
     * with it, the shipped model loads and explains its recommendations.
     */
    @Test
    void notebook02LoadsTheShippedModelWithGson285FirstOnTheClassPath() throws Exception {
        Path notebook = layout.copy(Path.of("notebooks", "02-attention-explained.ipynb"));
        List<String> classPath = new ArrayList<>(List.of(Path.of("target", "old-libraries",
                "gson-2.8.5.jar").toAbsolutePath().toString()));
        PackagedLayout.testClassPath().stream().map(Path::toString)
                .filter(p -> !Path.of(p).getFileName().toString().startsWith("gson-"))
                .forEach(classPath::add);
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin",
                "java").toString(), "-cp", String.join(java.io.File.pathSeparator, classPath),
                io.naisrec.cli.NaisCli.class.getName(), "notebook", "run", "--write",
                notebook.toString()).redirectErrorStream(true).start();
        String log = new String(child.getInputStream().readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, child.waitFor(), log);
        String written = Files.readString(notebook);
        assertTrue(written.contains("loaded nais-ml-latest-small")
                && written.contains("\"image/png\""), "the model loaded and explained: " + log);
    }

    /**
     * What IJava and JJava do not do for a notebook, its first cell does, through nais's
     * public runtime API, before anything starts the engine; and no cell ends in a bare
     * {@code display(...)}, whose value (a display id under those kernels) would be shown.
     */
    @Test
    void everyNotebookSetsTheEngineUpInItsFirstCellAndShowsOnlyItsCharts() throws Exception {
        for (Path file : PackagedLayout.notebooks()) {
            List<String> cells = Notebook.read(file).codeCells();
            String first = cells.get(0);
            assertTrue(first.startsWith("%classpath ../target/nais-library.jar ../target/lib/"),
                    file + ": the library jar, whose manifest adds no jar a second time");
            assertTrue(first.contains("io.naisrec.runtime.EngineLogging.quiet();")
                    && first.contains("io.naisrec.runtime.EngineThreads.configure("),
                    file + ": the first cell sets the engine up: " + first);
            for (String cell : cells) {
                for (String line : cell.lines().toList()) {
                    assertTrue(!line.strip().startsWith("display("), file + ": " + line);
                }
            }
        }
    }

    @Test
    void jarsMagicPutsTheJarsItNamesOnTheClassPath() throws Exception {
        Path source = Files.writeString(Files.createDirectories(scratch.resolve("src/probe"))
                .resolve("Greeting.java"), "package probe; public class Greeting { "
                + "public static String hello() { return \"hello from a jar\"; } }");
        Path classes = Files.createDirectories(scratch.resolve("classes"));
        assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d",
                classes.toString(), source.toString()));
        PackagedLayout.jar(classes, Files.createDirectories(scratch.resolve("lib"))
                .resolve("greeting.jar"));
        String cell = "{\"cell_type\": \"code\", \"metadata\": {}, \"outputs\": [], \"source\": ";
        String notebook = "{\"cells\": [" + cell + "\"%s\"}, " + cell
                + "\"probe.Greeting.hello()\"}], \"metadata\": {\"kernelspec\": {\"name\": "
                + "\"java\", \"language\": \"java\"}}, \"nbformat\": 4, \"nbformat_minor\": 5}";
        Path with = Files.writeString(scratch.resolve("with.ipynb"),
                String.format(Locale.ROOT, notebook, "%jars lib/*.jar"));
        List<List<CellOutput>> outputs = runner.run(Notebook.read(with));
        assertEquals("hello from a jar", outputs.get(1).get(0).text());
        Path without = Files.writeString(scratch.resolve("without.ipynb"),
                String.format(Locale.ROOT, notebook, "int x = 1;"));
        NotebookException e = assertThrows(NotebookException.class,
                () -> runner.run(Notebook.read(without)));
        assertTrue(e.getMessage().startsWith("without.ipynb cell 2: does not compile"),
                "control: without the magic the class is unknown: " + e.getMessage());
        Path missing = Files.writeString(scratch.resolve("missing.ipynb"),
                String.format(Locale.ROOT, notebook, "%jars nowhere/*.jar"));
        e = assertThrows(NotebookException.class, () -> runner.run(Notebook.read(missing)));
        assertTrue(e.getMessage().startsWith("missing.ipynb cell 1: %jars nowhere/*.jar "
                + "matches no file"), e.getMessage());
    }

    @Test
    void aBrokenCellFailsNamingIt() throws Exception {
        Path file = layout.root().resolve("notebooks/broken.ipynb");
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
