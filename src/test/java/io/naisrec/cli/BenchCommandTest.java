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
                    "--epochs", "4", "--batch-size", "64", "--seed", "7", "--json");
            assertEquals(0, run.code(), run.err());
            JsonObject json = run.lastJson();
            NaisCliTest.Run trained = NaisCliTest.run("train", "--data", data, "--model", model,
                    "--epochs", "4", "--batch-size", "64", "--seed", "7", "--pretrain", "none",
                    "--evaluate-every", "4", "--out", dir.resolve(model).toString(), "--json");
            assertEquals(0, trained.code(), trained.err());
            assertEquals(trained.lastJson().get("hr@10").getAsDouble(),
                    json.get("hr@10").getAsDouble(), 0.0, model + ": the same model trained");
            assertEquals(3, json.get("epochs_timed").getAsInt(), "the first epoch is warm-up");
            assertTrue(json.get("epoch_seconds_min").getAsDouble()
                    <= json.get("epoch_seconds").getAsDouble()
                    && json.get("epoch_seconds").getAsDouble()
                    <= json.get("epoch_seconds_max").getAsDouble(), "the median within the range");
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
    void coTenantTimesTheTrainingBesideABusyLoopAndASecondTrainingAndStopsThem()
            throws Exception {
        String data = TestFiles.write(dir, "gen/u.data", TestFiles.generatedUData(60, 40, 12))
                .toString();
        NaisCliTest.Run run = NaisCliTest.run("bench", "--data", data, "--model", "fism",
                "--epochs", "6", "--co-tenant", "--json");
        assertEquals(0, run.code(), run.err());
        JsonObject json = run.lastJson();
        for (String key : new String[] {"co_tenant_busy_slowdown", "co_tenant_training_slowdown",
            "co_tenant_busy_epoch_seconds", "co_tenant_training_epoch_seconds"}) {
            assertTrue(json.get(key).getAsDouble() > 0, key + ": " + json);
        }
        assertTrue(json.has("co_tenant_other_training_slowdown"), json.toString());
        Thread.sleep(500);
        assertTrue(ProcessHandle.current().children().noneMatch(ProcessHandle::isAlive),
                "every child process is stopped");
        NaisCliTest.Run few = NaisCliTest.run("bench", "--data", data, "--epochs", "3");
        assertEquals(2, few.code());
        assertTrue(few.err().contains("--epochs must be at least 4"), few.err());
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
        assertEquals(2, NaisCliTest.run("data", "generate", "--like", "ml-25m", "--out",
                out.toString()).code());
    }
}
