package io.naisrec.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.naisrec.cli.NaisCli;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every notebook executed by a real Jupyter, {@code jupyter nbconvert --to notebook --execute},
 * with the project's kernel ({@code nais kernel install}) in quick mode
 * ({@code NAIS_NOTEBOOK_QUICK=1} in the environment, which Jupyter passes to the kernel): no cell
 * errs and each notebook shows an image. Needs Debian's {@code jupyter-nbconvert} and
 * {@code jupyter-client}; without them the tests are skipped, except under {@code CI=true}.
 */
class JupyterNotebooksTest {

    private static final long TIMEOUT_SECONDS = 900;

    @TempDir
    static Path project;
    @TempDir
    static Path jupyter;
    private static PackagedLayout layout;

    @BeforeAll
    static void kernels() throws Exception {
        boolean available;
        try {
            Process version = new ProcessBuilder("jupyter", "nbconvert", "--version")
                    .redirectErrorStream(true).start();
            version.getInputStream().readAllBytes();
            available = version.waitFor(60, TimeUnit.SECONDS) && version.exitValue() == 0;
        } catch (IOException e) {
            available = false;
        }
        if (!available && "true".equals(System.getenv("CI"))) {
            fail("jupyter nbconvert is missing: .ci/run installs jupyter-nbconvert and "
                    + "jupyter-client");
        }
        Assumptions.assumeTrue(available, "jupyter nbconvert is not installed");
        layout = PackagedLayout.under(project);
        String classPath = PackagedLayout.testClassPath().stream().map(Path::toString)
                .collect(Collectors.joining(File.pathSeparator));
        install("nais-java-test", classPath);
    }

    private static void install(String name, String classPath) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        int code = NaisCli.run(new String[] {"kernel", "install", "--prefix", jupyter.toString(),
            "--name", name, "--class-path", classPath}, print, print);
        assertEquals(0, code, out.toString(StandardCharsets.UTF_8));
    }

    /** Executes {@code notebook} with {@code kernel}; returns the executed notebook. */
    private static JsonObject execute(Path notebook, String kernel) throws Exception {
        Path copy = layout.copy(notebook);
        Path executed = copy.resolveSibling("executed-" + kernel + "-" + copy.getFileName());
        ProcessBuilder builder = new ProcessBuilder("jupyter", "nbconvert", "--to", "notebook",
                "--execute", "--ExecutePreprocessor.kernel_name=" + kernel,
                "--ExecutePreprocessor.timeout=" + TIMEOUT_SECONDS, "--output",
                executed.getFileName().toString(), copy.toString()).redirectErrorStream(true);
        builder.environment().put("JUPYTER_PATH", jupyter.resolve("share/jupyter").toString());
        builder.environment().put("JUPYTER_RUNTIME_DIR", jupyter.resolve("runtime").toString());
        builder.environment().put("NAIS_NOTEBOOK_QUICK", "1");
        long start = System.nanoTime();
        Process process = builder.start();
        String log = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS), notebook + ": timed out");
        assertEquals(0, process.exitValue(), notebook + ": " + log);
        System.out.printf(Locale.ROOT, "jupyter nbconvert --execute %s with kernel %s: %d cells, "
                + "no error (%.0f s)%n", notebook.getFileName(), kernel, cells(executed).size(),
                (System.nanoTime() - start) / 1e9);
        return JsonParser.parseString(Files.readString(executed)).getAsJsonObject();
    }

    private static List<JsonObject> cells(Path notebook) throws IOException {
        List<JsonObject> cells = new ArrayList<>();
        JsonObject json = JsonParser.parseString(Files.readString(notebook)).getAsJsonObject();
        json.getAsJsonArray("cells").forEach(c -> cells.add(c.getAsJsonObject()));
        return cells;
    }

    /** Every output of every code cell. */
    private static List<JsonObject> outputs(JsonObject notebook) {
        List<JsonObject> outputs = new ArrayList<>();
        for (JsonElement cell : notebook.getAsJsonArray("cells")) {
            JsonObject c = cell.getAsJsonObject();
            if (c.get("cell_type").getAsString().equals("code")) {
                c.getAsJsonArray("outputs").forEach(o -> outputs.add(o.getAsJsonObject()));
            }
        }
        return outputs;
    }

    private static void noErrorsAndAnImage(Path notebook, JsonObject executed) {
        List<JsonObject> outputs = outputs(executed);
        for (JsonObject output : outputs) {
            assertTrue(!output.get("output_type").getAsString().equals("error"),
                    notebook + ": " + output);
            String text = output.has("text") ? output.get("text").toString() : "";
            assertTrue(!text.contains("CUDA") && !text.contains("AutoNonVariableTypeMode"),
                    notebook + ": log noise in a cell: " + text);
        }
        assertTrue(outputs.stream().anyMatch(o -> o.has("data")
                && o.getAsJsonObject("data").has("image/png")), notebook + " shows an image");
    }

    /**
     * {@code java -jar target/nais.jar kernel install} run in the project's folder, as the README
     * says, with the jar's relative path: the kernelspec holds absolute paths, so the kernel
     * starts in a notebook's folder elsewhere (Jupyter's working folder for it).
     */
    @Test
    void aKernelInstalledWithARelativeJarPathRunsANotebookInAnotherFolder() throws Exception {
        Path log = Files.createTempFile(jupyter, "install-", ".log");
        Process install = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin",
                "java").toString(), "-jar", "target/nais.jar", "kernel", "install", "--prefix",
                jupyter.toString(), "--name", "nais-java-relative")
                .directory(layout.root().toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        assertTrue(install.waitFor(120, TimeUnit.SECONDS), "kernel install timed out");
        assertEquals(0, install.exitValue(), Files.readString(log));
        JsonObject spec = JsonParser.parseString(Files.readString(jupyter.resolve(
                "share/jupyter/kernels/nais-java-relative/kernel.json"))).getAsJsonObject();
        List<String> argv = new ArrayList<>();
        spec.getAsJsonArray("argv").forEach(a -> argv.add(a.getAsString()));
        String classPath = argv.get(argv.indexOf("-cp") + 1);
        for (String entry : classPath.split(File.pathSeparator)) {
            assertTrue(Path.of(entry).isAbsolute(), "a relative class path entry: " + classPath);
        }

        Path elsewhere = Files.createDirectories(jupyter.resolve("elsewhere"));
        Path notebook = Files.writeString(elsewhere.resolve("sum.ipynb"), "{\"cells\": [{"
                + "\"cell_type\": \"code\", \"metadata\": {}, \"execution_count\": null, "
                + "\"outputs\": [], \"source\": [\"System.out.println(20 + 22);\"]}], "
                + "\"metadata\": {}, \"nbformat\": 4, \"nbformat_minor\": 5}");
        Path executed = elsewhere.resolve("executed-sum.ipynb");
        ProcessBuilder builder = new ProcessBuilder("jupyter", "nbconvert", "--to", "notebook",
                "--execute", "--ExecutePreprocessor.kernel_name=nais-java-relative",
                "--ExecutePreprocessor.startup_timeout=120", "--output",
                executed.getFileName().toString(), notebook.toString())
                .directory(elsewhere.toFile()).redirectErrorStream(true);
        builder.environment().put("JUPYTER_PATH", jupyter.resolve("share/jupyter").toString());
        builder.environment().put("JUPYTER_RUNTIME_DIR", jupyter.resolve("runtime").toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(),
                StandardCharsets.UTF_8);
        assertTrue(process.waitFor(300, TimeUnit.SECONDS), "nbconvert timed out");
        assertEquals(0, process.exitValue(), output);
        List<JsonObject> outputs = outputs(JsonParser.parseString(Files.readString(executed))
                .getAsJsonObject());
        assertTrue(outputs.stream().anyMatch(o -> o.has("text")
                && o.get("text").toString().contains("42")), outputs.toString());
    }

    @Test
    void everyNotebookRunsInJupyterWithTheProjectsKernel() throws Exception {
        List<Path> notebooks = PackagedLayout.notebooks();
        assertEquals(3, notebooks.size());
        for (Path notebook : notebooks) {
            noErrorsAndAnImage(notebook, execute(notebook, "nais-java-test"));
        }
    }
}
