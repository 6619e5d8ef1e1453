package io.naisrec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JVM options and environment that the README's {@code nais serve} command and
 * {@code bench serve}'s server start with take effect in the started process: at most two
 * malloc arenas however many threads allocate (a plain JVM has more before its main method
 * runs), the serial collector, and the heap's cap.
 */
@EnabledOnOs(OS.LINUX)
class ServeLaunchTest {

    private static final Pattern REPORT = Pattern.compile(
            "arenas=(\\d+) collectors=(.+) max_heap_mb=(\\d+)");

    @TempDir
    Path dir;

    private Matcher probe(List<String> jvmOptions, Map<String, String> environment)
            throws Exception {
        Path log = dir.resolve("probe-" + jvmOptions.size() + ".log");
        Process child = CoTenants.start(log, jvmOptions, environment,
                ServeLaunchProbe.class.getName(),
                List.of(dir.resolve("malloc-" + jvmOptions.size() + ".xml").toString()));
        assertTrue(child.waitFor(2, TimeUnit.MINUTES), "the probe ends");
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, child.exitValue(), output);
        Matcher report = REPORT.matcher(output);
        assertTrue(report.find(), output);
        return report;
    }

    @Test
    void theServerStartsWithTwoArenasTheSerialCollectorAndASmallHeap() throws Exception {
        Matcher plain = probe(List.of(), Map.of());
        assertTrue(Integer.parseInt(plain.group(1)) > 2,
                "a plain JVM has more arenas: " + plain.group());
        Matcher served = probe(ServeCommand.JVM_OPTIONS, ServeCommand.ENVIRONMENT);
        assertTrue(Integer.parseInt(served.group(1)) <= 2, served.group());
        assertEquals("Copy,MarkSweepCompact", served.group(2));
        assertTrue(Integer.parseInt(served.group(3)) <= 256, served.group());
    }
}
