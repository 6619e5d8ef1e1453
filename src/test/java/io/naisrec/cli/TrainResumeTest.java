package io.naisrec.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.naisrec.data.TestFiles;
import io.naisrec.train.Checkpoint;
import io.naisrec.zoo.ModelDirectory;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints and determinism across processes: a run killed with SIGKILL and resumed ends as if
 * it had never stopped, and two processes with the same seed write the same parameters.
 */
class TrainResumeTest {

    private static final int EPOCHS = 5;

    @TempDir
    Path dir;

    private int engineThreads;

    /**
     * One intra-op thread in this JVM, as in the children (the command line's default): an
     * earlier test may have started the engine with PyTorch's default, and runs compared bit
     * for bit must sum in the same order.
     */
    @BeforeEach
    void oneThread() {
        Engine.getInstance();
        engineThreads = JniUtils.getNumThreads();
        JniUtils.setNumThreads(1);
    }

    @AfterEach
    void restoreThreads() {
        JniUtils.setNumThreads(engineThreads);
    }

    private String[] args(String model, String data, Path out, Path checkpoint) {
        return new String[] {"train", "--data", data, "--model", model, "--pretrain",
            "none", "--epochs", Integer.toString(EPOCHS), "--embedding", "8", "--attention", "4",
            "--batch-size", "128", "--seed", "5", "--threads", "1", "--out", out.toString(),
            "--checkpoint", checkpoint.toString(), "--json"};
    }

    @Test
    void killedWithSigkillAndResumedMatchesAnUninterruptedRun() throws Exception {
        String data = TestFiles.write(dir, "gen/u.data", TestFiles.generatedUData(200, 60, 30))
                .toString();
        Path killedOut = dir.resolve("killed");
        Path checkpoint = dir.resolve("killed.checkpoint");
        Process child = startChild(dir.resolve("child.log"),
                args("nais-concat", data, killedOut, checkpoint));
        int seen = 0;
        long deadline = System.currentTimeMillis() + 120_000;
        while (seen < 2 && child.isAlive() && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
            Path state = checkpoint.resolve(Checkpoint.STATE_FILE);
            if (Files.isRegularFile(state)) {
                try {
                    seen = JsonParser.parseString(Files.readString(state)).getAsJsonObject()
                            .get("epoch").getAsInt();
                } catch (RuntimeException | java.io.IOException e) {
                    seen = 0;
                }
            }
        }
        assertTrue(child.isAlive(), "the child must still be training: "
                + Files.readString(dir.resolve("child.log")));
        child.destroyForcibly().waitFor();
        assertFalse(Files.exists(killedOut), "no model from a killed run");
        int lastGood = Checkpoint.read(checkpoint).epoch();
        assertTrue(lastGood >= 2 && lastGood < EPOCHS, "checkpoint at epoch " + lastGood);

        NaisCliTest.Run changed = NaisCliTest.run("train", "--resume", killedOut.toString(),
                "--lr", "0.5");
        assertEquals(2, changed.code(), changed.err());
        assertTrue(changed.err().contains("--lr cannot change (only --epochs, --evaluate-every,"
                + " --json, --patience, --threads can)"), changed.err());
        assertEquals(lastGood, Checkpoint.read(checkpoint).epoch(), "a refused resume changes "
                + "nothing");

        // the run's own --out folder, as a user types it, and two more epochs than it had
        NaisCliTest.Run resumed = NaisCliTest.run("train", "--resume", killedOut.toString(),
                "--epochs", Integer.toString(EPOCHS + 1), "--json");
        assertEquals(0, resumed.code(), resumed.err());
        Path straightOut = dir.resolve("straight");
        String[] straightArgs = args("nais-concat", data, straightOut,
                dir.resolve("straight.checkpoint"));
        straightArgs[java.util.Arrays.asList(straightArgs).indexOf("--epochs") + 1] =
                Integer.toString(EPOCHS + 1);
        NaisCliTest.Run straight = NaisCliTest.run(straightArgs);
        assertEquals(0, straight.code(), straight.err());
        String command = resumed.lastJson().get("command").getAsString();
        assertTrue(command.contains("--epochs " + (EPOCHS + 1))
                && !command.contains("--epochs " + EPOCHS + " "), "the model's record has the "
                + "epochs it trained: " + command);
        NaisCliTest.Run done = NaisCliTest.run("train", "--resume", killedOut.toString());
        assertEquals(2, done.code(), done.err());
        assertTrue(done.err().contains("this run completed"), done.err());
        JsonObject a = resumed.lastJson();
        JsonObject b = straight.lastJson();
        for (String key : new String[] {"hr@10", "ndcg@10", "best_epoch", "epochs"}) {
            assertEquals(b.get(key).getAsDouble(), a.get(key).getAsDouble(), 0.0, key);
        }
        try (var x = ModelDirectory.load(killedOut, Device.cpu());
                var y = ModelDirectory.load(straightOut, Device.cpu())) {
            for (String name : y.block().getParameters().keys()) {
                assertArrayEquals(y.block().getParameters().get(name).getArray().toFloatArray(),
                        x.block().getParameters().get(name).getArray().toFloatArray(), name);
            }
        }
        assertFalse(Files.exists(checkpoint), "a completed run removes its checkpoint");
    }

    @Test
    void twoProcessesWithTheSameSeedWriteTheSameParameters() throws Exception {
        String data = TestFiles.write(dir, "gen/u.data", TestFiles.generatedUData(200, 60, 30))
                .toString();
        byte[][] params = new byte[2][];
        String[] metrics = new String[2];
        for (int k = 0; k < 2; k++) {
            Path out = dir.resolve("run" + k);
            Path log = dir.resolve("run" + k + ".log");
            String[] train = args("nais-prod", data, out, dir.resolve("run" + k + ".checkpoint"));
            Process child = startChild(log, java.util.Arrays.copyOf(train, train.length - 1));
            assertEquals(0, child.waitFor(), Files.readString(log));
            params[k] = Files.readAllBytes(out.resolve(ModelDirectory.PARAMS_FILE));
            metrics[k] = Files.readString(out.resolve("training.csv"))
                    .replaceAll(",[0-9.]+,[0-9]+,[0-9]+\\n", "\n");
        }
        assertEquals(metrics[0], metrics[1], "losses and metrics per epoch");
        assertArrayEquals(params[0], params[1], "parameters, bit for bit");
    }

    private static Process startChild(Path log, String... arguments) throws java.io.IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"),
                "bin", "java").toString(), "-cp", System.getProperty("surefire.test.class.path",
                System.getProperty("java.class.path")), NaisCli.class.getName()));
        command.addAll(List.of(arguments));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                .start();
    }

    @Test
    void aDivergingRunStopsWithOneLineAndLeavesThePreviousModelAlone() throws Exception {
        String data = TestFiles.write(dir, "gen/u.data", TestFiles.generatedUData(30, 40, 10))
                .toString();
        Path out = dir.resolve("model");
        NaisCliTest.Run first = NaisCliTest.run("train", "--data", data, "--model", "fism",
                "--epochs", "1", "--embedding", "8", "--out", out.toString());
        assertEquals(0, first.code(), first.err());
        byte[] before = Files.readAllBytes(out.resolve(ModelDirectory.PARAMS_FILE));
        NaisCliTest.Run diverged = NaisCliTest.run("train", "--data", data, "--model", "fism",
                "--epochs", "3", "--embedding", "8", "--lr", "1e30", "--out", out.toString());
        assertEquals(1, diverged.code(), diverged.err());
        String line = diverged.err().lines().filter(l -> l.startsWith("nais: ")).findFirst()
                .orElse("");
        assertTrue(line.contains("training diverged in epoch 1, batch ")
                && line.contains("no checkpoint was written"), diverged.err());
        assertFalse(diverged.err().contains("\tat "), "no stack trace");
        assertArrayEquals(before, Files.readAllBytes(out.resolve(ModelDirectory.PARAMS_FILE)),
                "the earlier model is untouched");
        assertTrue(new File(out.toString()).isDirectory());
    }

    @Test
    void neverReplacesOrDeletesAFolderItDidNotWrite() throws Exception {
        String data = TestFiles.write(dir, "gen/u.data", TestFiles.generatedUData(30, 40, 10))
                .toString();
        Path precious = dir.resolve("precious");
        Files.createDirectories(precious);
        Files.writeString(precious.resolve("notes.txt"), "keep me");
        NaisCliTest.Run asCheckpoint = NaisCliTest.run("train", "--data", data, "--model", "fism",
                "--epochs", "1", "--out", dir.resolve("m").toString(), "--checkpoint",
                precious.toString());
        assertEquals(2, asCheckpoint.code(), asCheckpoint.err());
        assertTrue(asCheckpoint.err().contains("refusing to replace it"), asCheckpoint.err());
        NaisCliTest.Run asOut = NaisCliTest.run("train", "--data", data, "--model", "fism",
                "--epochs", "1", "--out", precious.toString());
        assertEquals(2, asOut.code(), asOut.err());
        assertEquals("keep me", Files.readString(precious.resolve("notes.txt")));
        assertFalse(Files.exists(dir.resolve("m")));
    }
}
