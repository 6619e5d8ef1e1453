package io.naisrec.runtime;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * Flushes denormal floats to zero (the SSE control bits FTZ and DAZ, what PyTorch's
 * {@code torch.set_flush_denormal(True)} sets), which DJL does not expose. Under L2 decay the
 * weights of attention units that never fire shrink geometrically until they are denormal; every
 * product that touches them then takes a slow microcode path, and an NAIS epoch on an
 * ML-1M-sized set went from 3 to more than 12 minutes at its fourth epoch. With the bits set
 * such values become 0. The bits belong to a thread: set them on the thread that runs the model,
 * before PyTorch starts its worker threads, which inherit them. Java code on that thread also
 * flushes its float denormals, which nothing here relies on.
 */
public final class FloatingPointMode {

    /** MXCSR's flush-to-zero (bit 15) and denormals-are-zero (bit 6). */
    static final int FLUSH_DENORMALS = 0x8040;

    /** Where glibc's x86-64 {@code fenv_t} keeps MXCSR, and its size. */
    private static final int MXCSR_OFFSET = 28;
    private static final int FENV_SIZE = 32;

    private FloatingPointMode() {}

    /** glibc's floating-point environment functions. */
    private interface CLibrary extends Library {
        int fegetenv(Memory env);

        int fesetenv(Memory env);
    }

    /** Sets FTZ and DAZ on the calling thread; false where that is not possible (not x86-64 Linux). */
    public static boolean flushDenormals() {
        Integer current = mxcsr();
        return current != null && setMxcsr(current | FLUSH_DENORMALS);
    }

    /** The calling thread's MXCSR, or null off x86-64 Linux. */
    static Integer mxcsr() {
        if (!Platform.isLinux() || !Platform.isIntel() || !Platform.is64Bit()) {
            return null;
        }
        try {
            Memory env = new Memory(FENV_SIZE);
            return c().fegetenv(env) == 0 ? env.getInt(MXCSR_OFFSET) : null;
        } catch (UnsatisfiedLinkError e) {
            return null;
        }
    }

    /** Sets the calling thread's MXCSR, keeping the rest of its floating-point environment. */
    static boolean setMxcsr(int value) {
        Memory env = new Memory(FENV_SIZE);
        CLibrary c = c();
        if (c.fegetenv(env) != 0) {
            return false;
        }
        env.setInt(MXCSR_OFFSET, value);
        return c.fesetenv(env) == 0;
    }

    private static CLibrary c() {
        return LibM.INSTANCE;
    }

    /** Loaded on first use only, after the platform check. */
    private static final class LibM {
        static final CLibrary INSTANCE = Native.load("m", CLibrary.class);
    }
}
