package io.naisrec.runtime;

import java.util.Map;

/**
 * DJL's own log lines kept out of a notebook's or an application's output when SLF4J's simple
 * provider (slf4j-simple, in the project's {@code lib/}) writes them: DJL's INFO lines
 * ("Found matching platform", the engine's version) from WARN, and DJL's CUDA probe, which warns
 * on every machine whose CUDA runtime has no driver ("Failed to detect GPU count"), only on
 * errors. These are slf4j-simple's per-logger system properties, read when each logger is
 * made: call {@link #quiet} before anything starts the engine. A level the user set wins;
 * another SLF4J provider keeps its own configuration.
 */
public final class EngineLogging {

    private static final Map<String, String> QUIET = Map.of(
            "org.slf4j.simpleLogger.log.ai.djl", "warn",
            "org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils", "error");

    private EngineLogging() {}

    /** Sets DJL's log levels the user has not set; see the class comment. */
    public static void quiet() {
        QUIET.forEach((key, level) -> {
            if (System.getProperty(key) == null) {
                System.setProperty(key, level);
            }
        });
    }
}
