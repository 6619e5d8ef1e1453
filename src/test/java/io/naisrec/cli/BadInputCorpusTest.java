package io.naisrec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.naisrec.data.TestFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad files through {@code data stats}: each loads, or fails with exit code 2 and one line that
 * names the file; never a stack trace, a hang, or memory in proportion to an id's value.
 */
class BadInputCorpusTest {

    @TempDir
    Path dir;

    private static final String GOOD = "1\t10\t5\t100\n1\t11\t4\t101\n2\t10\t3\t102\n";

    @Test
    void everyBadFileLoadsOrFailsWithOneLine() throws Exception {
        byte[] random = new byte[4096];
        new SplittableRandom(7).nextBytes(random);
        Map<String, byte[]> fails = new LinkedHashMap<>();
        fails.put("random-bytes", random);
        fails.put("truncated-line", (GOOD + "3\t12").getBytes(StandardCharsets.UTF_8));
        fails.put("invalid-utf8", concat(GOOD.getBytes(StandardCharsets.UTF_8),
                new byte[] {'4', '\t', (byte) 0xC3, (byte) 0x28, '\t', '1', '\t', '1', '\n'}));
        fails.put("empty", new byte[0]);
        fails.put("negative-ids", "-1\t-10\t5\t1\n".getBytes(StandardCharsets.UTF_8));
        fails.put("non-numeric-time", "1\t10\t5\tyesterday\n".getBytes(StandardCharsets.UTF_8));
        Map<String, byte[]> loads = new LinkedHashMap<>();
        loads.put("huge-ids", ("99999999999999999999999999999999\t1" + "0".repeat(40)
                + "\t5\t1\n2\t3\t4\t2\n").getBytes(StandardCharsets.UTF_8));
        loads.put("duplicated-lines", (GOOD + GOOD).getBytes(StandardCharsets.UTF_8));
        loads.put("crlf", GOOD.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8));
        loads.put("bom", concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                GOOD.getBytes(StandardCharsets.UTF_8)));
        for (var entry : fails.entrySet()) {
            Path file = TestFiles.writeBytes(dir, entry.getKey() + "/u.data", entry.getValue());
            assertFailsWithOneLine(file.toString(), file.toString());
        }
        for (var entry : loads.entrySet()) {
            Path file = TestFiles.writeBytes(dir, entry.getKey() + "/u.data", entry.getValue());
            NaisCliTest.Run run = run("data", "stats", "--data", file.toString(), "--json");
            assertEquals(0, run.code(), entry.getKey() + ": " + run.err());
        }
        NaisCliTest.Run duplicated = run("data", "stats", "--data",
                dir.resolve("duplicated-lines/u.data").toString(), "--json");
        assertEquals(3, duplicated.lastJson().get("interactions").getAsInt());
    }

    @Test
    void aFolderOrAnUnreadableFileWhereAFileIsExpected() throws Exception {
        Path folder = dir.resolve("nested/u.data");
        Files.createDirectories(folder);
        assertFailsWithOneLine(folder.toString(), folder.toString());
        Path locked = TestFiles.write(dir, "locked/u.data", GOOD);
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        assertFailsWithOneLine(dir.resolve("missing.csv").toString(), "missing.csv");
        assumeTrue(!Files.isReadable(locked), "running as root: every file is readable");
        assertFailsWithOneLine(locked.toString(), locked.toString());
    }

    private void assertFailsWithOneLine(String data, String named) {
        NaisCliTest.Run run = run("data", "stats", "--data", data);
        assertEquals(2, run.code(), data + ": " + run.err());
        String[] lines = run.err().strip().split("\n");
        assertEquals(1, lines.length, run.err());
        assertTrue(lines[0].startsWith("nais: ") && lines[0].contains(named), lines[0]);
        assertFalse(run.err().contains("\tat "), "no stack trace");
    }

    private static NaisCliTest.Run run(String... args) {
        return assertTimeoutPreemptively(Duration.ofSeconds(30), () -> NaisCliTest.run(args));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
