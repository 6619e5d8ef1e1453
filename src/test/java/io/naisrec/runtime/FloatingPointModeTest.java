package io.naisrec.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class FloatingPointModeTest {

    @Test
    void flushesDenormalsOnTheCallingThreadOnly() throws Exception {
        Integer before = FloatingPointMode.mxcsr();
        Assumptions.assumeTrue(before != null, "not x86-64 Linux: MXCSR not reachable");
        AtomicBoolean applied = new AtomicBoolean();
        AtomicReference<Integer> after = new AtomicReference<>();
        AtomicReference<Float> tiny = new AtomicReference<>();
        Thread worker = new Thread(() -> {
            applied.set(FloatingPointMode.flushDenormals());
            after.set(FloatingPointMode.mxcsr());
            tiny.set(Float.MIN_NORMAL * scale(0.25f));
        });
        worker.start();
        worker.join();
        assertTrue(applied.get());
        assertEquals(FloatingPointMode.FLUSH_DENORMALS,
                after.get() & FloatingPointMode.FLUSH_DENORMALS, "FTZ and DAZ set");
        assertEquals(0f, tiny.get(), "a denormal result is flushed to zero on that thread");
        assertEquals(before, FloatingPointMode.mxcsr(), "other threads keep their mode");
        assertTrue(Float.MIN_NORMAL * scale(0.25f) > 0f, "and their denormals");
    }

    /** Keeps the product from being folded at compile time. */
    private static float scale(float value) {
        return Float.parseFloat(Float.toString(value));
    }
}
