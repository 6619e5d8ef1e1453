package io.naisrec.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The heap given back at start, in child JVMs, and a user's own heap settings left alone. */
class HeapSizingTest {

    private static final Pattern RESULT = Pattern.compile(
            "applied=(\\w+) before=(\\d+) after=(\\d+)");

    private static Matcher probe(String... jvmOptions) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"),
                "bin", "java").toString()));
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", System.getProperty("surefire.test.class.path",
                System.getProperty("java.class.path")), HeapProbe.class.getName()));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, child.waitFor(), output);
        Matcher m = RESULT.matcher(output);
        assertTrue(m.find(), output);
        return m;
    }

    @Test
    void theUnusedHeapIsGivenBackAtStart() throws Exception {
        Matcher m = probe("-XX:+UseG1GC", "-Xms256m");
        assertEquals("false", m.group(1), "an -Xms of the user's is left alone: " + m.group());
        Matcher g1 = probe("-XX:+UseG1GC", "-Xmx2g");
        assertEquals("true", g1.group(1), g1.group());
        assertTrue(Long.parseLong(g1.group(3)) <= 32, "the heap shrinks to what it holds: "
                + g1.group());
    }

    @Test
    void aUsersFreeRatioIsLeftAlone() throws Exception {
        Matcher m = probe("-XX:MaxHeapFreeRatio=70");
        assertEquals("false", m.group(1), m.group());
    }
}
