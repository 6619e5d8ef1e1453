package io.naisrec.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class EngineLoggingTest {

    static final String CUDA = "org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils";
    static final String DJL = "org.slf4j.simpleLogger.log.ai.djl";

    @Test
    void quietSetsDjlsLevelsThatTheUserLeftUnset() {
        String cuda = System.getProperty(CUDA);
        String djl = System.getProperty(DJL);
        try {
            System.clearProperty(CUDA);
            System.setProperty(DJL, "debug");
            EngineLogging.quiet();
            assertEquals("error", System.getProperty(CUDA));
            assertEquals("debug", System.getProperty(DJL), "the user's level wins");
            System.clearProperty(DJL);
            EngineLogging.quiet();
            assertEquals("warn", System.getProperty(DJL));
        } finally {
            restore(CUDA, cuda);
            restore(DJL, djl);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }
}
