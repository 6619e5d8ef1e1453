package io.naisrec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.naisrec.data.TestFiles;
import io.naisrec.model.EaseConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code evaluate --model ease}, {@code train --model ease} and its folder, by the CLI. */
class EaseCommandTest {

    @TempDir
    static Path dir;
    static String data;

    @BeforeAll
    static void write() {
        data = TestFiles.write(dir, "gen/u.data", TestFiles.generatedUData(30, 40, 10))
                .toString();
    }

    @Test
    void evaluateChoosesLambdaOnValidationAndReportsFullRankingMetrics() {
        NaisCliTest.Run run = NaisCliTest.run("evaluate", "--model", "ease", "--data", data,
                "--full-ranking", "--json");
        assertEquals(0, run.code(), run.err());
        JsonObject json = run.lastJson();
        assertTrue(json.has("hr@10") && json.has("recall@50"), json.toString());
        assertEquals("validation", json.get("lambda_chosen_on").getAsString());
        assertTrue(EaseConfig.LAMBDA_GRID.contains(json.get("lambda").getAsFloat()),
                json.toString());
        JsonObject grid = json.getAsJsonObject("lambda_validation_hr@10");
        assertEquals(EaseConfig.LAMBDA_GRID.size(), grid.size(), grid.toString());
        for (String lambda : grid.keySet()) {
            assertTrue(grid.get(lambda).getAsDouble()
                    <= grid.get(json.get("lambda").getAsString()).getAsDouble(),
                    "the chosen lambda is the grid's best on validation: " + grid);
        }
    }

    @Test
    void aTrainedFolderRecommendsAndExplainsByContribution() {
        String model = dir.resolve("ease").toString();
        NaisCliTest.Run train = NaisCliTest.run("train", "--model", "ease", "--data", data,
                "--lambda", "5", "--neighbours", "4", "--out", model, "--json");
        assertEquals(0, train.code(), train.err());
        assertEquals(4, train.lastJson().get("neighbours").getAsInt());
        NaisCliTest.Run run = NaisCliTest.run("recommend", "--model", model, "--history",
                "3,10,17", "--k", "3", "--explain", "--json");
        assertEquals(0, run.code(), run.err());
        JsonArray items = run.lastJson().getAsJsonArray("items");
        assertEquals(3, items.size());
        for (int r = 0; r < 3; r++) {
            JsonObject item = items.get(r).getAsJsonObject();
            JsonArray why = item.getAsJsonArray("explanation");
            double sum = 0;
            for (int j = 0; j < why.size(); j++) {
                JsonObject e = why.get(j).getAsJsonObject();
                assertEquals(e.get("weight").getAsFloat(), e.get("contribution").getAsFloat(),
                        1e-6, "EASE's weight is its contribution B_ji");
                sum += e.get("contribution").getAsDouble();
            }
            assertEquals(item.get("score").getAsDouble(), sum, 1e-5,
                    "EASE's score is the sum of the contributions");
        }
        NaisCliTest.Run text = NaisCliTest.run("recommend", "--model", model, "--history",
                "3,10", "--explain");
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().matches("(?s).*because of: \\S+  \\([+-][0-9.]+, (-?[0-9]+%|-), "
                + "weight -?[0-9.]+\\).*"), text.out());
    }

    @Test
    void aBadLambdaIsAUsageError() {
        NaisCliTest.Run run = NaisCliTest.run("evaluate", "--model", "ease", "--data", data,
                "--lambda", "-1");
        assertEquals(2, run.code());
        assertTrue(run.err().contains("lambda must be positive and finite, got -1.0"),
                run.err());
    }
}
