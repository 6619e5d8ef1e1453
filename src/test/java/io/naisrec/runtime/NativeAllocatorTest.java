package io.naisrec.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Platform;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * What the malloc tuning changes, observed in child JVMs (the test JVM's own allocator is left
 * alone): with it, a 24 MiB block comes from the heap, where it can be reused, and the trim thread
 * runs; without it, or when the environment tunes malloc itself, the same block is a fresh
 * mapping.
 */
class NativeAllocatorTest {

    private static final long BLOCK = 24L << 20;
    private static final Pattern RESULT = Pattern.compile(
            "configured=(\\w+) mmapped=(-?\\d+) trimmer=(\\w+)");

    private record Probe(boolean configured, long mmapped, boolean trimmer) {}

    private static List<String> probeCommand(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(
                System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("surefire.test.class.path",
                        System.getProperty("java.class.path")), MallocProbe.class.getName()));
        command.addAll(List.of(args));
        return command;
    }

    /** Runs {@link MallocProbe} with {@code args} in a child JVM; its output. */
    private static String run(Map<String, String> environment, String... args)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(probeCommand(args)).redirectErrorStream(true);
        NativeAllocator.ENVIRONMENT.forEach(builder.environment()::remove);
        builder.environment().putAll(environment);
        Process child = builder.start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, child.waitFor(), output);
        return output;
    }

    private static Probe probe(Map<String, String> environment, String... args)
            throws IOException, InterruptedException {
        String output = run(environment, args);
        Matcher m = RESULT.matcher(output);
        assertTrue(m.find(), output);
        return new Probe(Boolean.parseBoolean(m.group(1)), Long.parseLong(m.group(2)),
                Boolean.parseBoolean(m.group(3)));
    }

    @Test
    void tunedMallocServesA24MiBBlockFromItsHeapAndTrimsPeriodically() throws Exception {
        Assumptions.assumeTrue(Platform.isLinux(), "glibc only");
        Probe untuned = probe(Map.of());
        assertTrue(untuned.mmapped() >= BLOCK, "control: by default the block is mmapped, "
                + untuned);
        Probe tuned = probe(Map.of(), "configure");
        assertTrue(tuned.configured(), tuned.toString());
        assertTrue(tuned.mmapped() < BLOCK, "tuned: from the heap, " + tuned);
        assertTrue(tuned.trimmer(), "the trim thread runs");
    }

    @Test
    void freedMemoryGoesBackAsSoonAsTheResidentSetGrowsBeyondTheSlack() throws Exception {
        Assumptions.assumeTrue(Platform.isLinux(), "glibc only");
        String output = run(Map.of(), "configure", "grow");
        Matcher m = Pattern.compile("resident=(\\d+) freed=(\\d+) later=(\\d+)")
                .matcher(output);
        assertTrue(m.find(), output);
        long resident = Long.parseLong(m.group(1));
        long freed = Long.parseLong(m.group(2));
        long later = Long.parseLong(m.group(3));
        assertTrue(freed >= resident + 200, "the freed 288 MiB are kept at first: " + m.group());
        assertTrue(later < resident + NativeAllocator.SLACK_MB, "and handed back within "
                + "seconds, long before the periodic trim: " + m.group());
    }

    @Test
    void theUsersOwnMallocSettingsAreLeftAlone() throws Exception {
        Assumptions.assumeTrue(Platform.isLinux(), "glibc only");
        Probe user = probe(Map.of("MALLOC_ARENA_MAX", "4"), "configure");
        assertTrue(!user.configured() && !user.trimmer(), user.toString());
        assertTrue(user.mmapped() >= BLOCK, "glibc's own threshold: mmapped, " + user);
    }
}
