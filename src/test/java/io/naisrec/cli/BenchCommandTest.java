package io.naisrec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.naisrec.data.TestFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bench} and {@code data generate} end to end on small data. */
class BenchCommandTest {

    @TempDir
    Path dir;

    @Test
    void benchTimesTheTrainingThatTrainWouldRunWithTheSameSettings() {
        String data = TestFiles.write(dir, "gen/u.data", TestFiles.generatedUData(30, 40, 10))
                .toString();
        for (String model : new String[] {"fism", "nais-prod", "nais-concat"}) {
            NaisCliTest.Run run = NaisCliTest.run("bench", "--data", data, "--model", model,
                    "--epochs", "2", "--batch-size", "64", "--seed", "7", "--json");
            assertEquals(0, run.code(), run.err());
            JsonObject json = run.lastJson();
            NaisCliTest.Run trained = NaisCliTest.run("train", "--data", data, "--model", model,
                    "--epochs", "2", "--batch-size", "64", "--seed", "7", "--pretrain", "none",
                    "--evaluate-every", "2", "--out", dir.resolve(model).toString(), "--json");
            assertEquals(0, trained.code(), trained.err());
            assertEquals(trained.lastJson().get("hr@10").getAsDouble(),
                    json.get("hr@10").getAsDouble(), 0.0, model + ": the same model trained");
            assertEquals(1, json.get("epochs_timed").getAsInt(), "the first epoch is warm-up");
            assertEquals((300 - 30 - 30) * 5, json.get("samples_per_epoch").getAsLong(),
                    "training interactions (each user's test and validation items held out) × "
                    + "(1 + 4 negatives)");
            for (String key : new String[] {"epoch_seconds", "first_epoch_seconds",
                "matmul_gflops", "eval_users_per_second", "recommend_users_per_second",
                "peak_rss_mb"}) {
                assertTrue(json.get(key).getAsDouble() > 0, model + " " + key + ": " + json);
            }
        }
    }

    @Test
    void generateWritesAnMl1mShapedFile() throws Exception {
        Path out = dir.resolve("gen1m");
        NaisCliTest.Run run = NaisCliTest.run("data", "generate", "--like", "ml-1m", "--out",
                out.toString(), "--seed", "3");
        assertEquals(0, run.code(), run.err());
        NaisCliTest.Run stats = NaisCliTest.run("data", "stats", "--data", out.toString(),
                "--json");
        assertEquals(0, stats.code(), stats.err());
        assertEquals(6040, stats.lastJson().get("users").getAsInt());
        assertEquals(1_000_209, stats.lastJson().get("interactions").getAsDouble(), 1000);
        assertTrue(Files.size(out.resolve("ratings.dat")) > 10_000_000);
        assertEquals(2, NaisCliTest.run("data", "generate", "--like", "ml-20m", "--out",
                out.toString()).code());
    }
}
