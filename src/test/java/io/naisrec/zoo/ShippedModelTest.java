package io.naisrec.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.naisrec.cli.NaisCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code models/nais-ml-latest-small}, the model shipped in the repository: its stored metrics
 * (both protocols where it records both) are reproduced by {@code evaluate}, and a program outside the source tree loads it through
 * DJL's Criteria and prints explained recommendations.
 */
class ShippedModelTest {

    private static final Path MODEL = Path.of("models", "nais-ml-latest-small");

    @TempDir
    Path scratch;

    /**
     * {@code evaluate} reproduces the stored test metrics by the protocol that chose the epoch
     * and, for a model chosen by full ranking, the sampled protocol's too.
     */
    @Test
    void evaluateReproducesTheStoredMetrics() throws Exception {
        ModelDirectory.Description description = ModelDirectory.verify(MODEL);
        JsonObject training = description.training();
        assertEquals("nais-prod", description.modelName());
        assertEquals("ml-latest-small", training.get("dataset").getAsString());
        boolean full = training.has("protocol")
                && training.get("protocol").getAsString().equals("full");
        JsonObject evaluated = evaluate(training, full);
        assertEquals(training.get("hr@10").getAsDouble(), evaluated.get("hr@10").getAsDouble(),
                1e-9);
        assertEquals(training.get("ndcg@10").getAsDouble(),
                evaluated.get("ndcg@10").getAsDouble(), 1e-9);
        if (full) {
            assertEquals(training.get("recall@50").getAsDouble(),
                    evaluated.get("recall@50").getAsDouble(), 1e-9);
            JsonObject sampled = evaluate(training, false);
            JsonObject stored = training.getAsJsonObject("sampled");
            assertEquals(stored.get("hr@10").getAsDouble(), sampled.get("hr@10").getAsDouble(),
                    1e-9);
            assertEquals(stored.get("ndcg@10").getAsDouble(),
                    sampled.get("ndcg@10").getAsDouble(), 1e-9);
        }
    }

    private static JsonObject evaluate(JsonObject training, boolean full) {
        List<String> args = new ArrayList<>(List.of("evaluate", "--model", MODEL.toString(),
                "--data", "ml-latest-small", "--seed", training.get("seed").getAsString(),
                "--json"));
        if (full) {
            args.add("--full-ranking");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = NaisCli.run(args.toArray(String[]::new),
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        assertEquals(0, code);
        String[] lines = out.toString(StandardCharsets.UTF_8).strip().split("\n");
        return JsonParser.parseString(lines[lines.length - 1]).getAsJsonObject();
    }

    @Test
    void aProgramOutsideTheSourceTreeLoadsItThroughCriteria() throws Exception {
        String classPath = List.of(System.getProperty("java.class.path")
                .split(java.io.File.pathSeparator)).stream()
                .filter(p -> !p.contains("test-classes") && !p.contains("junit")
                        && !p.contains("opentest4j") && !p.contains("apiguardian"))
                .collect(Collectors.joining(java.io.File.pathSeparator));
        Path classes = scratch.resolve("classes");
        int compiled = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d",
                classes.toString(), "-cp", classPath, "examples/ZooExample.java");
        assertEquals(0, compiled, "examples/ZooExample.java compiles against nais alone");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"),
                "bin", "java").toString(), "-Dai.djl.offline=true", "-cp",
                classes + java.io.File.pathSeparator + classPath, "ZooExample"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("NAIS_MODEL_DIR");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(),
                StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), output);
        assertTrue(output.contains("== by path"), output);
        assertTrue(output.contains("== by zoo coordinates"), output);
        List<String> recommended = output.lines().filter(l -> l.matches("\\d\\. .*"))
                .toList();
        assertEquals(15, recommended.size(), output);
        for (String line : recommended) {
            assertTrue(line.contains("most because of "), line);
            assertFalse(line.contains("Return of the Jedi (1983) (score"), "history item: "
                    + line);
        }
    }
}
