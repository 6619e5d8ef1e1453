package io.naisrec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.naisrec.data.InteractionDataset;
import io.naisrec.data.InteractionLog;
import io.naisrec.data.LeaveOneOutSplit;
import io.naisrec.data.TestFiles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
    void theCommandsThatTrainOrScoreAtLengthRunAgainUnderTcmalloc() {
        for (String command : new String[] {"train --data d", "evaluate --model ease", "bench",
            "bench --data ml-100k"}) {
            assertTrue(NaisCli.relaunched(command.split(" ")), command);
        }
        for (String command : new String[] {"bench serve --model m", "serve --model m",
            "recommend --model m", "--version", "train --help", "bench -h", ""}) {
            assertFalse(NaisCli.relaunched(command.isEmpty() ? new String[0]
                    : command.split(" ")), command);
        }
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

    /** HR@5 of ItemPop and of ItemKNN (cosine, all neighbours), computed here from the file. */
    private static double[] baselinesByHand(Path file, int negatives, long seed)
            throws Exception {
        InteractionLog log = new InteractionLog();
        for (String line : Files.readAllLines(file)) {
            String[] f = line.split("\t");
            log.add(f[0], f[1], Long.parseLong(f[3]));
        }
        LeaveOneOutSplit split = LeaveOneOutSplit.of(InteractionDataset.of("u.data", log),
                negatives, seed);
        InteractionDataset train = split.train();
        int n = train.numItems();
        double[] popularity = new double[n];
        java.util.Map<Integer, java.util.Set<Integer>> users = new java.util.HashMap<>();
        for (int u = 0; u < train.numUsers(); u++) {
            for (int i : train.history(u)) {
                popularity[i]++;
                users.computeIfAbsent(i, x -> new java.util.HashSet<>()).add(u);
            }
        }
        double[] hits = new double[2];
        for (int u : split.testUsers()) {
            double[][] score = new double[2][n];
            for (int i = 0; i < n; i++) {
                score[0][i] = popularity[i];
                for (int j : train.history(u)) {
                    java.util.Set<Integer> common = new java.util.HashSet<>(
                            users.getOrDefault(i, java.util.Set.of()));
                    common.retainAll(users.getOrDefault(j, java.util.Set.of()));
                    score[1][i] += i == j || common.isEmpty() ? 0
                            : common.size() / Math.sqrt(popularity[i] * popularity[j]);
                }
            }
            for (int model = 0; model < 2; model++) {
                int rank = 0;
                for (int neg : split.negatives(u)) {
                    rank += score[model][neg] >= score[model][split.testItem(u)] ? 1 : 0;
                }
                hits[model] += rank < 5 ? 1 : 0;
            }
        }
        return new double[] {hits[0] / split.numTestUsers(), hits[1] / split.numTestUsers()};
    }

    @Test
    void evaluateGivesTheBaselinesHitRatioComputedByHand() throws Exception {
        Path data = generated();
        double[] expected = baselinesByHand(data, 20, 3);
        String[] models = {"itempop", "itemknn"};
        for (int m = 0; m < 2; m++) {
            Run run = run("evaluate", "--model", models[m], "--data", data.toString(),
                    "--k", "5", "--negatives", "20", "--seed", "3", "--json");
            assertEquals(0, run.code(), run.err());
            JsonObject json = run.lastJson();
            assertEquals(models[m], json.get("model").getAsString());
            assertEquals("u.data", json.get("dataset").getAsString());
            assertEquals(30, json.get("users").getAsInt());
            assertEquals(expected[m], json.get("hr@5").getAsDouble(), 1e-12, models[m]);
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
        assertTrue(unknownModel.err().contains("--model must be itempop, itemknn, ease or a model folder, got 'magic'"));
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
