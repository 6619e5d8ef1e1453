package io.naisrec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.naisrec.data.TestFiles;
import io.naisrec.zoo.BuildInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a user sees from {@code nais} in a process of its own: log lines, and nothing else. */
class ProcessOutputTest {

    @TempDir
    Path dir;

    /** Exit code and merged output of {@code nais ARGS} in a fresh JVM. */
    static String[] nais(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"),
                "bin", "java").toString(), "-cp", System.getProperty("surefire.test.class.path",
                System.getProperty("java.class.path")), NaisCli.class.getName()));
        command.addAll(List.of(args));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new String[] {Integer.toString(child.waitFor()), output};
    }

    @Test
    void trainingPrintsItsLogLinesAndNoEngineNoise() throws Exception {
        String data = TestFiles.write(dir, "gen/u.data", TestFiles.generatedUData(30, 40, 10))
                .toString();
        String[] run = nais("train", "--data", data, "--model", "nais-prod", "--epochs", "1",
                "--pretrain", "fism", "--pretrain-epochs", "1", "--embedding", "8",
                "--attention", "4", "--out", dir.resolve("model").toString());
        assertEquals("0", run[0], run[1]);
        for (String line : run[1].split("\n")) {
            assertTrue(line.startsWith("INFO ") || line.startsWith("nais-prod on u.data: best"),
                    "only nais's own lines (no CUDA probe, no PyTorch deprecation warning): "
                            + line + "\n" + run[1]);
        }
        assertTrue(run[1].contains("INFO fism epoch 1/1") && run[1].contains("INFO nais-prod "
                + "epoch 1/1"), run[1]);
    }

    @Test
    void theEngineRunsWithTheThreadsAskedForAndWaitsPassively() throws Exception {
        String data = TestFiles.write(dir, "gen/u.data", TestFiles.generatedUData(30, 40, 10))
                .toString();
        String[] one = nais("train", "--data", data, "--model", "fism", "--epochs", "1",
                "--embedding", "8", "--out", dir.resolve("m").toString());
        assertEquals("0", one[0], one[1]);
        assertTrue(one[1].contains("1 intra-op and 1 inter-op thread(s), OpenMP wait policy "
                + "PASSIVE"), one[1]);
        String[] two = nais("train", "--data", data, "--model", "fism", "--epochs", "1",
                "--embedding", "8", "--threads", "2", "--out", dir.resolve("m2").toString());
        assertEquals("0", two[0], two[1]);
        assertTrue(two[1].contains(" 2 intra-op and 1 inter-op thread(s)"), two[1]);
        String[] bad = nais("train", "--data", data, "--threads", "-1");
        assertEquals("2", bad[0], bad[1]);
        assertTrue(bad[1].contains("threads must be >= 0"), bad[1]);
    }

    @Test
    void versionNamesTheBuild() throws Exception {
        String[] run = nais("--version");
        assertEquals("0", run[0], run[1]);
        assertTrue(run[1].startsWith("nais " + BuildInfo.version()), run[1]);
        assertTrue(!BuildInfo.version().equals("unknown"), "the build writes its version");
    }
}
