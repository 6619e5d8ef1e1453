package io.naisrec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.naisrec.data.TestFiles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI end to end, in process, on generated data. */
class NaisCliTest {

    @TempDir
    Path dir;

    /** Exit code, stdout and stderr of one run. */
    record Run(int code, String out, String err) {
        JsonObject lastJson() {
            String[] lines = out.strip().split("\n");
            return JsonParser.parseString(lines[lines.length - 1]).getAsJsonObject();
        }
    }

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = NaisCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8));
    }

    private Path generated() {
        return TestFiles.write(dir, "gen/u.data", TestFiles.generatedUData(30, 60, 12));
    }

    @Test
    void dataStatsPrintsCountsAndJson() {
        Run run = run("data", "stats", "--data", generated().toString(), "--json");
        assertEquals(0, run.code(), run.err());
        JsonObject json = run.lastJson();
        assertEquals(30, json.get("users").getAsInt());
        assertEquals(41, json.get("items").getAsInt(), "users 1..30 reach items 2..42");
        assertEquals(360, json.get("interactions").getAsInt());
        assertEquals(12.0, json.get("history_median").getAsDouble());
        assertEquals(360.0 / (30 * 41), json.get("density").getAsDouble(), 1e-12);
        assertTrue(run.out().contains("users          30"));
    }

    @Test
    void evaluateEndsWithJsonCarryingK() {
        for (String model : new String[] {"itempop", "itemknn"}) {
            Run run = run("evaluate", "--model", model, "--data", generated().toString(),
                    "--k", "5", "--negatives", "20", "--seed", "3", "--json");
            assertEquals(0, run.code(), run.err());
            JsonObject json = run.lastJson();
            assertEquals(model, json.get("model").getAsString());
            assertEquals("u.data", json.get("dataset").getAsString());
            assertEquals(30, json.get("users").getAsInt());
            double hr = json.get("hr@5").getAsDouble();
            assertTrue(hr >= 0 && hr <= 1);
            assertTrue(json.has("ndcg@5"));
            assertEquals(3, json.get("seed").getAsLong());
        }
    }

    @Test
    void evaluateIsDeterministicPerSeed() {
        String data = generated().toString();
        JsonObject a = run("evaluate", "--model", "itemknn", "--data", data, "--json").lastJson();
        JsonObject b = run("evaluate", "--model", "itemknn", "--data", data, "--json").lastJson();
        assertEquals(a.get("hr@10"), b.get("hr@10"));
        assertEquals(a.get("ndcg@10"), b.get("ndcg@10"));
    }

    @Test
    void fullRankingIsReported() {
        Run run = run("evaluate", "--model", "itemknn", "--data", generated().toString(),
                "--full-ranking", "--json");
        assertEquals(0, run.code(), run.err());
        assertEquals("full", run.lastJson().get("protocol").getAsString());
    }

    @Test
    void malformedFileGivesFileLineAndExitCodeTwo() {
        Path bad = TestFiles.write(dir, "bad/u.data", "1\t2\t5\t10\n1\t3\t5\n");
        Run run = run("data", "stats", "--data", bad.toString());
        assertEquals(2, run.code());
        assertEquals(bad + ":2: expected 4 columns separated by '\\t', found 3",
                run.err().strip().lines().reduce((x, y) -> y).orElseThrow().replace("nais: ", ""));
        assertFalse(run.err().contains("Exception"), "no stack trace");
    }

    @Test
    void badArgumentsGiveOneLineAndExitCodeTwo() {
        Run unknownModel = run("evaluate", "--model", "magic", "--data", generated().toString());
        assertEquals(2, unknownModel.code());
        assertTrue(unknownModel.err().contains("--model must be itempop, itemknn or a model folder, got 'magic'"));
        assertEquals(1, unknownModel.err().strip().lines().count(), unknownModel.err());
        Run missing = run("evaluate", "--data", "nowhere-at-all");
        assertEquals(2, missing.code());
        Run noData = run("data", "stats", "--data", dir.resolve("absent").toString());
        assertEquals(2, noData.code());
        assertTrue(noData.err().contains("no such file or folder, and not a dataset name"));
    }

    @Test
    void helpWorksEverywhere() {
        assertEquals(0, run("--help").code());
        assertTrue(run("evaluate", "--help").out().contains("--full-ranking"));
        assertTrue(run("data", "stats", "--help").out().contains("--data"));
    }
}
