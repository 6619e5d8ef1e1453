package io.naisrec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.naisrec.data.TestFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code recommend}, {@code similar} and {@code export} on a model trained by the CLI. */
class RecommendCommandTest {

    @TempDir
    static Path dir;
    static String model;
    static String data;

    @BeforeAll
    static void train() {
        data = TestFiles.write(dir, "gen/u.data", TestFiles.generatedUData(30, 40, 10))
                .toString();
        model = dir.resolve("model").toString();
        NaisCliTest.Run run = NaisCliTest.run("train", "--data", data, "--model", "nais-prod",
                "--epochs", "1", "--pretrain", "none", "--embedding", "8", "--out", model);
        assertEquals(0, run.code(), run.err());
    }

    @Test
    void recommendPrintsRankedExplainedItemsAsJson() {
        NaisCliTest.Run run = NaisCliTest.run("recommend", "--model", model, "--history",
                "3,10,17,unknown", "--k", "4", "--explain", "--json");
        assertEquals(0, run.code(), run.err());
        JsonObject json = run.lastJson();
        assertEquals("unknown", json.getAsJsonArray("unknown").get(0).getAsString());
        assertEquals(3, json.get("history_used").getAsInt());
        JsonArray items = json.getAsJsonArray("items");
        assertEquals(4, items.size());
        for (int r = 0; r < 4; r++) {
            JsonObject item = items.get(r).getAsJsonObject();
            assertEquals(r + 1, item.get("rank").getAsInt());
            assertFalse(java.util.List.of("3", "10", "17").contains(item.get("id").getAsString()));
            assertEquals(3, item.getAsJsonArray("explanation").size());
            if (r > 0) {
                assertTrue(items.get(r - 1).getAsJsonObject().get("score").getAsFloat()
                        >= item.get("score").getAsFloat());
            }
        }
        NaisCliTest.Run text = NaisCliTest.run("recommend", "--model", model, "--history",
                "3,10", "--explain");
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().contains("because of: "), text.out());
    }

    @Test
    void fullRankingComparesExactAndTwoStageRanking() {
        NaisCliTest.Run run = NaisCliTest.run("evaluate", "--model", model, "--data", data,
                "--full-ranking", "--candidates", "40", "--json");
        assertEquals(0, run.code(), run.err());
        JsonObject json = run.lastJson();
        JsonObject twoStage = json.getAsJsonObject("two_stage");
        assertEquals("full", json.get("protocol").getAsString());
        assertEquals(40, twoStage.get("candidates").getAsInt());
        for (String key : new String[] {"hr@10", "ndcg@10", "recall@50"}) {
            assertEquals(json.get(key).getAsDouble(), twoStage.get(key).getAsDouble(), 1e-9,
                    "a shortlist of every item ranks exactly: " + key);
        }
        assertTrue(json.get("users_per_second").getAsDouble() > 0);
        assertEquals(1.0, twoStage.get("hr_kept").getAsDouble(), 1e-9);
        NaisCliTest.Run sampled = NaisCliTest.run("evaluate", "--model", model, "--data", data,
                "--candidates", "5");
        assertEquals(2, sampled.code());
        assertTrue(sampled.err().contains("--candidates needs --full-ranking"), sampled.err());
        NaisCliTest.Run recommend = NaisCliTest.run("recommend", "--model", model, "--history",
                "3,10", "--k", "5", "--candidates", "2", "--json");
        assertEquals(0, recommend.code(), recommend.err());
        assertEquals(2, recommend.lastJson().getAsJsonArray("items").size(),
                "only shortlisted items are recommended");
    }

    @Test
    void similarAndExportWork() {
        NaisCliTest.Run similar = NaisCliTest.run("similar", "--model", model, "--item", "10",
                "--k", "3", "--json");
        assertEquals(0, similar.code(), similar.err());
        assertEquals(3, similar.lastJson().getAsJsonArray("items").size());
        Path npz = dir.resolve("export/model.npz");
        NaisCliTest.Run export = NaisCliTest.run("export", "--model", model, "--format", "npz",
                "--out", npz.toString());
        assertEquals(0, export.code(), export.err());
        assertTrue(Files.isRegularFile(npz));
    }

    @Test
    void badInputIsOneLineAndExitTwo() {
        String[][] cases = {
            {"recommend", "--model", model, "--history", "nope,zilch"},
            {"recommend", "--model", dir.resolve("missing").toString(), "--history", "1"},
            {"recommend", "--model", model, "--history", "3", "--k", "0"},
            {"similar", "--model", model, "--item", "nope"},
            {"export", "--model", model, "--format", "csv", "--out", "x"},
        };
        for (String[] args : cases) {
            NaisCliTest.Run run = NaisCliTest.run(args);
            assertEquals(2, run.code(), String.join(" ", args) + ": " + run.err());
            assertEquals(1, run.err().strip().lines().filter(l -> l.startsWith("nais: "))
                    .count(), run.err());
            assertFalse(run.err().contains("\tat "), "no stack trace: " + run.err());
        }
        assertTrue(NaisCliTest.run(cases[0]).err().contains("none of the 2 history items"));
    }

    @Test
    void aDamagedModelFolderIsOneLineAndExitCodeTwoForEveryCommand() throws Exception {
        Path damaged = dir.resolve("damaged");
        Files.createDirectories(damaged);
        try (var files = Files.list(Path.of(model))) {
            for (Path file : files.toList()) {
                Files.copy(file, damaged.resolve(file.getFileName()));
            }
        }
        Files.writeString(damaged.resolve("items.tsv"), "id\tname\n1\tx\n");
        for (String[] args : new String[][] {
            {"recommend", "--model", damaged.toString(), "--history", "3,10"},
            {"similar", "--model", damaged.toString(), "--item", "3"},
            {"export", "--model", damaged.toString(), "--out", dir.resolve("x.npz").toString()},
            {"evaluate", "--model", damaged.toString(), "--data", data}}) {
            NaisCliTest.Run run = NaisCliTest.run(args);
            assertEquals(NaisCli.EXIT_USAGE, run.code(), args[0] + ": " + run.err());
            assertEquals(1, run.err().strip().lines().count(), run.err());
            assertTrue(run.err().contains("checksum mismatch")
                    && !run.err().contains("internal error"), run.err());
        }
    }
}
