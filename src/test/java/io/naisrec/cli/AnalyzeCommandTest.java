package io.naisrec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.naisrec.data.TestFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code analyze attention} on models trained by the CLI on generated data. */
class AnalyzeCommandTest {

    @TempDir
    static Path dir;
    static String data;
    static String nais;
    static String fism;

    @BeforeAll
    static void train() {
        data = TestFiles.write(dir, "gen/u.data", TestFiles.generatedUData(30, 60, 12))
                .toString();
        nais = dir.resolve("nais").toString();
        fism = dir.resolve("fism").toString();
        NaisCliTest.Run run = NaisCliTest.run("train", "--data", data, "--model", "nais-prod",
                "--pretrain", "none", "--epochs", "1", "--embedding", "8", "--attention", "4",
                "--out", nais);
        assertEquals(0, run.code(), run.err());
        run = NaisCliTest.run("train", "--data", data, "--model", "fism", "--epochs", "1",
                "--embedding", "8", "--out", fism);
        assertEquals(0, run.code(), run.err());
    }

    private static List<String> column(JsonArray rows, String name) {
        List<String> values = new ArrayList<>();
        for (JsonElement row : rows) {
            values.add(row.getAsJsonObject().get(name).getAsString());
        }
        return values;
    }

    @Test
    void attentionPrintsTablesWritesFilesAndEndsWithJson() throws Exception {
        Path out = dir.resolve("analysis");
        NaisCliTest.Run run = NaisCliTest.run("analyze", "attention", "--model", nais,
                "--data", data, "--out", out.toString(), "--json");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("by position (1 = most recent)"), run.out());
        assertTrue(run.out().contains("most recent 10% of histories"), run.out());
        JsonObject json = run.lastJson();
        assertEquals("nais", json.get("model").getAsString());
        assertEquals(30, json.get("users").getAsInt());
        assertEquals(330, json.get("pairs").getAsLong(), "11 training items per user");
        JsonArray byPosition = json.getAsJsonArray("by_position");
        assertEquals(List.of("1", "2", "3", "4", "5", "6-10", "11-20"),
                column(byPosition, "position"));
        assertEquals(List.of("30", "30", "30", "30", "30", "150", "30"),
                column(byPosition, "pairs"));
        JsonArray byPopularity = json.getAsJsonArray("by_popularity");
        long pairs = 0;
        double weighted = 0;
        for (JsonElement row : byPopularity) {
            JsonObject bucket = row.getAsJsonObject();
            pairs += bucket.get("pairs").getAsLong();
            weighted += bucket.get("pairs").getAsLong()
                    * bucket.get("mean_relative_weight").getAsDouble();
        }
        assertEquals(330, pairs);
        assertEquals(330, weighted, 1e-6, "relative weights average 1 per user");
        assertEquals(30, json.get("recency_users").getAsInt());
        assertTrue(json.get("recent_relative_weight").getAsDouble() > 0);

        List<String> positionCsv = Files.readAllLines(out.resolve("attention-by-position.csv"));
        assertEquals("position,pairs,mean_weight,mean_relative_weight", positionCsv.get(0));
        assertEquals(byPosition.size() + 1, positionCsv.size());
        assertTrue(positionCsv.get(6).startsWith("6-10,150,"), positionCsv.get(6));
        List<String> popularityCsv = Files.readAllLines(
                out.resolve("attention-by-popularity.csv"));
        assertEquals("interactions,pairs,mean_weight,mean_relative_weight",
                popularityCsv.get(0));
        assertEquals(byPopularity.size() + 1, popularityCsv.size());
        byte[] png = Files.readAllBytes(out.resolve("attention.png"));
        assertEquals("PNG", new String(png, 1, 3, StandardCharsets.US_ASCII));
        try (var left = Files.list(out)) {
            assertEquals(3, left.count(), "no temporary file left behind");
        }
    }

    @Test
    void fismIsRejectedInOneLine() {
        NaisCliTest.Run run = NaisCliTest.run("analyze", "attention", "--model", fism,
                "--data", data);
        assertEquals(NaisCli.EXIT_USAGE, run.code());
        List<String> lines = run.err().lines().filter(l -> l.startsWith("nais: ")).toList();
        assertEquals(1, lines.size(), run.err());
        assertTrue(lines.get(0).contains("is a fism model: attention analysis needs NAIS"),
                run.err());
        assertFalse(run.err().contains("\tat "), run.err());
    }

    @Test
    void badModelsAndDataAreUsageErrors() {
        NaisCliTest.Run missing = NaisCliTest.run("analyze", "attention", "--model",
                dir.resolve("nothing").toString(), "--data", data);
        assertEquals(NaisCli.EXIT_USAGE, missing.code());
        assertTrue(missing.err().contains("not a model folder"), missing.err());
        assertFalse(missing.err().contains("\tat "), missing.err());
        String other = TestFiles.write(dir, "other/u.data", TestFiles.generatedUData(30, 20, 12))
                .toString();
        NaisCliTest.Run mismatch = NaisCliTest.run("analyze", "attention", "--model", nais,
                "--data", other);
        assertEquals(NaisCli.EXIT_USAGE, mismatch.code());
        assertTrue(mismatch.err().contains("was trained on other items"), mismatch.err());
        NaisCliTest.Run noModel = NaisCliTest.run("analyze", "attention", "--data", data);
        assertEquals(NaisCli.EXIT_USAGE, noModel.code());
    }

    @Test
    void thereIsNoSeedToGiveForTheAnalysisDrawsNothing() {
        NaisCliTest.Run run = NaisCliTest.run("analyze", "attention", "--model", nais,
                "--data", data, "--seed", "7");
        assertEquals(NaisCli.EXIT_USAGE, run.code());
        assertTrue(run.err().contains("Unknown options: '--seed'"), run.err());
    }
}
