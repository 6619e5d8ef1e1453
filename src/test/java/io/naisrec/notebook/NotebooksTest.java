package io.naisrec.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every notebook under {@code notebooks/} runs headlessly, in quick mode, cell by cell, in a copy
 * of the project's layout after {@code mvn package}: {@code target/nais.jar} (built here from the
 * compiled classes) and {@code target/lib/} (the test class path's jars). The runner itself sees
 * only nais's classes, so every dependency a notebook uses must come through its own
 * {@code %jars} line.
 */
class NotebooksTest {

    @TempDir
    static Path project;
    private static NotebookRunner runner;

    @TempDir
    Path scratch;

    @BeforeAll
    static void packagedLayout() throws IOException {
        System.setProperty("nais.notebook.quick", "true");
        List<Path> classPath = Arrays.stream(System.getProperty("surefire.test.class.path",
                System.getProperty("java.class.path")).split(File.pathSeparator))
                .map(Path::of).toList();
        Path classes = classPath.stream().filter(p -> p.endsWith(Path.of("target", "classes")))
                .findFirst().orElseThrow();
        Path lib = Files.createDirectories(project.resolve("target/lib"));
        jar(classes, project.resolve("target/nais.jar"));
        for (Path jar : classPath) {
            if (jar.toString().endsWith(".jar")) {
                Files.createSymbolicLink(lib.resolve(jar.getFileName()), jar.toAbsolutePath());
            }
        }
        Files.createDirectories(project.resolve("notebooks"));
        runner = new NotebookRunner(List.of(classes));
    }

    @AfterAll
    static void done() {
        System.clearProperty("nais.notebook.quick");
    }

    /** A jar of everything under {@code root}. */
    private static void jar(Path root, Path jar) throws IOException {
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file);
                Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(root.relativize(path).toString()
                        .replace(File.separatorChar, '/')));
                Files.copy(path, out);
                out.closeEntry();
            }
        }
    }

    private static Path copy(Path notebook) throws IOException {
        return Files.copy(notebook, project.resolve("notebooks").resolve(notebook.getFileName()),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void everyNotebookRunsAndShowsPictures() throws Exception {
        List<Path> notebooks;
        try (Stream<Path> files = Files.list(Path.of("notebooks"))) {
            notebooks = files.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList();
        }
        assertEquals(3, notebooks.size(), notebooks.toString());
        for (Path file : notebooks) {
            Notebook notebook = Notebook.read(copy(file));
            List<List<CellOutput>> outputs = runner.run(notebook);
            assertEquals(notebook.codeCells().size(), outputs.size());
            long images = outputs.stream().flatMap(List::stream)
                    .filter(o -> o.png() != null).count();
            assertTrue(images >= 1, file + " shows at least one picture");
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
        jar(classes, Files.createDirectories(scratch.resolve("lib")).resolve("greeting.jar"));
        String cell = "{\"cell_type\": \"code\", \"metadata\": {}, \"outputs\": [], \"source\": ";
        String notebook = "{\"cells\": [" + cell + "\"%s\"}, " + cell
                + "\"probe.Greeting.hello()\"}], \"metadata\": {\"kernelspec\": {\"name\": "
                + "\"java\", \"language\": \"java\"}}, \"nbformat\": 4, \"nbformat_minor\": 5}";
        Path with = Files.writeString(scratch.resolve("with.ipynb"),
                notebook.formatted("%jars lib/*.jar"));
        List<List<CellOutput>> outputs = runner.run(Notebook.read(with));
        assertEquals("hello from a jar", outputs.get(1).get(0).text());
        Path without = Files.writeString(scratch.resolve("without.ipynb"),
                notebook.formatted("int x = 1;"));
        NotebookException e = assertThrows(NotebookException.class,
                () -> runner.run(Notebook.read(without)));
        assertTrue(e.getMessage().startsWith("without.ipynb cell 2: does not compile"),
                "control: without the magic the class is unknown: " + e.getMessage());
        Path missing = Files.writeString(scratch.resolve("missing.ipynb"),
                notebook.formatted("%jars nowhere/*.jar"));
        e = assertThrows(NotebookException.class, () -> runner.run(Notebook.read(missing)));
        assertTrue(e.getMessage().startsWith("missing.ipynb cell 1: %jars nowhere/*.jar "
                + "matches no file"), e.getMessage());
    }

    @Test
    void aBrokenCellFailsNamingIt() throws Exception {
        Path file = project.resolve("notebooks/broken.ipynb");
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
