package io.naisrec.cli;

import java.util.Map;

/**
 * The command line's logging: slf4j-simple's settings as system properties, set before the first
 * logger exists, each only when the user has not set it. INFO lines from nais on stderr, without
 * thread or logger names; DJL's own logs from WARN; DJL's CUDA probe, which warns twice on every
 * machine whose CUDA runtime has no driver (a CPU machine with CUDA installed), only on errors;
 * the Jupyter protocol library (the kernel), Jetty and Javalin (the server) from WARN.
 * The jar holds no logging configuration, so an application that embeds nais keeps its own.
 */
final class CliLogging {

    private static final Map<String, String> DEFAULTS = Map.ofEntries(
            Map.entry("org.slf4j.simpleLogger.defaultLogLevel", "info"),
            Map.entry("org.slf4j.simpleLogger.showThreadName", "false"),
            Map.entry("org.slf4j.simpleLogger.showLogName", "false"),
            Map.entry("org.slf4j.simpleLogger.showShortLogName", "false"),
            Map.entry("org.slf4j.simpleLogger.levelInBrackets", "false"),
            Map.entry("org.slf4j.simpleLogger.logFile", "System.err"),
            Map.entry("org.slf4j.simpleLogger.log.ai.djl", "warn"),
            Map.entry("org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils", "error"),
            Map.entry("org.slf4j.simpleLogger.log.org.dflib.jjava", "warn"),
            Map.entry("org.slf4j.simpleLogger.log.org.eclipse.jetty", "warn"),
            Map.entry("org.slf4j.simpleLogger.log.io.javalin", "warn"));

    private CliLogging() {}

    /** Sets every default the user has not set. */
    static void configure() {
        DEFAULTS.forEach((key, value) -> {
            if (System.getProperty(key) == null) {
                System.setProperty(key, value);
            }
        });
    }
}
