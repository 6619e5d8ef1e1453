package io.naisrec.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command run again under tcmalloc ({@link RelaunchProbe}, as the CLI's {@code main} does):
 * the child has the library mapped, its exit code is the parent's, stopping or killing the
 * parent stops the child, tcmalloc's free memory goes back to the kernel when released (what
 * {@code --max-memory} does above its budget), and {@code NAIS_ALLOCATOR=glibc} keeps the
 * process as it is. Needs Debian's
 * {@code libtcmalloc-minimal4}, which {@code .ci/run} installs (required under {@code CI=true}).
 */
@EnabledOnOs(OS.LINUX)
class PreloadedAllocatorTest {

    private static final Pattern REPORT = Pattern.compile("tcmalloc=(\\w+) pid=(\\d+)");

    @BeforeAll
    static void libraryInstalled() {
        boolean installed = PreloadedAllocator.DIRECTORIES.stream().anyMatch(d -> Path.of(d,
                PreloadedAllocator.LIBRARY).toFile().canRead());
        if (!"true".equals(System.getenv("CI"))) {
            Assumptions.assumeTrue(installed, "libtcmalloc-minimal4 is not installed");
        }
        assertTrue(installed, "CI=true: .ci/run installs libtcmalloc-minimal4");
    }

    @TempDir
    Path dir;

    private Path output;

    /** Runs {@link RelaunchProbe} with {@code argument}, its output in {@link #output}. */
    private Process start(Map<String, String> environment, String argument) throws IOException {
        output = Files.createTempFile(dir, "probe", ".log");
        ProcessBuilder builder = new ProcessBuilder(List.of(Path.of(System.getProperty(
                "java.home"), "bin", "java").toString(), "-cp", System.getProperty(
                        "surefire.test.class.path", System.getProperty("java.class.path")),
                RelaunchProbe.class.getName(), argument)).redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().remove("LD_PRELOAD");
        builder.environment().remove(PreloadedAllocator.VARIABLE);
        builder.environment().putAll(environment);
        return builder.start();
    }

    /** The probe's report, once written (within a minute). */
    private Matcher report(Process process) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (System.nanoTime() < deadline) {
            Matcher m = REPORT.matcher(Files.readString(output, StandardCharsets.UTF_8));
            if (m.find()) {
                return m;
            }
            Thread.sleep(50);
        }
        process.destroyForcibly();
        throw new AssertionError("no report: " + Files.readString(output, StandardCharsets.UTF_8));
    }

    @Test
    void theChildRunsUnderTcmallocAndItsExitCodeIsTheParents() throws Exception {
        Process parent = start(Map.of(), "7");
        Matcher report = report(parent);
        assertTrue(parent.waitFor(1, TimeUnit.MINUTES));
        assertEquals("true", report.group(1));
        assertTrue(Long.parseLong(report.group(2)) != parent.pid(), "a second process worked");
        assertEquals(7, parent.exitValue());
    }

    @Test
    void tcmallocsFreeMemoryGoesBackToTheKernelWhenReleased() throws Exception {
        Process parent = start(Map.of(), "release");
        report(parent);
        assertTrue(parent.waitFor(1, TimeUnit.MINUTES));
        Matcher m = Pattern.compile("freed=(\\d+) released=(\\d+)").matcher(Files.readString(
                output, StandardCharsets.UTF_8));
        assertTrue(m.find(), Files.readString(output, StandardCharsets.UTF_8));
        assertTrue(Long.parseLong(m.group(2)) < Long.parseLong(m.group(1)) - 128, m.group());
    }

    @Test
    void glibcIsKeptWhenTheEnvironmentAsks() throws Exception {
        Process process = start(Map.of(PreloadedAllocator.VARIABLE, "glibc"), "0");
        Matcher report = report(process);
        assertTrue(process.waitFor(1, TimeUnit.MINUTES));
        assertEquals("false", report.group(1));
        assertEquals(process.pid(), Long.parseLong(report.group(2)));
    }

    @Test
    void stoppingTheParentStopsTheChildWithoutAStackTrace() throws Exception {
        Process parent = start(Map.of(), "sleep");
        ProcessHandle child = ProcessHandle.of(Long.parseLong(report(parent).group(2)))
                .orElseThrow();
        try {
            parent.destroy();
            assertTrue(parent.waitFor(30, TimeUnit.SECONDS), "the parent stops");
            child.onExit().get(20, TimeUnit.SECONDS);
            String log = Files.readString(output, StandardCharsets.UTF_8);
            assertFalse(log.contains("Exception"), log);
        } finally {
            child.destroyForcibly();
        }
    }

    @Test
    void killingTheParentStopsTheChild() throws Exception {
        Process parent = start(Map.of(), "sleep");
        long pid = Long.parseLong(report(parent).group(2));
        ProcessHandle child = ProcessHandle.of(pid).orElseThrow();
        try {
            parent.destroyForcibly().waitFor();
            child.onExit().get(20, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            fail("the child outlived its parent by 20 s");
        } finally {
            child.destroyForcibly();
        }
    }
}
