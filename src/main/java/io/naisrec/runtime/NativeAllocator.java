package io.naisrec.runtime;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Tunes glibc's malloc for this process, where PyTorch keeps its tensors. Two settings, each
 * measured (docs/BENCHMARKS.md, round 3; docs/RESULTS.md, "Memory over epochs"):
 * <ul>
 *   <li>at most {@value #ARENAS} arenas ({@code MALLOC_ARENA_MAX}): with glibc's default of up
 *       to eight per core, batches of many shapes fragment per-thread arenas and the RSS creeps up
 *       epoch after epoch;</li>
 *   <li>freed blocks up to 32 MiB stay in the process ({@code M_MMAP_THRESHOLD} 32 MiB,
 *       {@code M_TRIM_THRESHOLD} 1 GiB): by default a large tensor's memory goes back to the
 *       kernel when it is freed and the next batch's tensor of that size faults it in again,
 *       page by page, which made the big products and the ReLU of a long history several times
 *       slower than the same work on reused memory; every {@value #TRIM_SECONDS} s a daemon
 *       thread returns what is free ({@code malloc_trim}), so the kept blocks do not pile up.</li>
 * </ul>
 * Off Linux, or when the environment sets any of {@code MALLOC_ARENA_MAX},
 * {@code MALLOC_MMAP_THRESHOLD_} or {@code MALLOC_TRIM_THRESHOLD_} (the user's own tuning),
 * nothing is changed.
 */
public final class NativeAllocator {

    /** The arena cap. */
    static final int ARENAS = 2;

    private static final int M_TRIM_THRESHOLD = -1;
    private static final int M_MMAP_THRESHOLD = -3;
    private static final int M_ARENA_MAX = -8;
    /** The environment variables by which a user tunes malloc, leaving it to them. */
    static final List<String> ENVIRONMENT = List.of("MALLOC_ARENA_MAX",
            "MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_");

    private NativeAllocator() {}

    /** Seconds between handing free memory back to the kernel. */
    static final int TRIM_SECONDS = 30;

    /** The C library's {@code mallopt} and {@code malloc_trim}. */
    private interface CLibrary extends Library {
        int mallopt(int parameter, int value);

        int malloc_trim(long pad);
    }

    /**
     * Applies the settings from now on (threads that already have an arena keep it).
     *
     * @return whether they were applied: false off Linux/glibc or when the environment tunes
     *     malloc itself
     */
    public static boolean configure() {
        if (!Platform.isLinux() || ENVIRONMENT.stream().anyMatch(n -> System.getenv(n) != null)) {
            return false;
        }
        try {
            CLibrary c = Native.load("c", CLibrary.class);
            boolean applied = c.mallopt(M_ARENA_MAX, ARENAS) == 1
                    && c.mallopt(M_MMAP_THRESHOLD, 32 << 20) == 1
                    && c.mallopt(M_TRIM_THRESHOLD, 1 << 30) == 1;
            if (applied) {
                trimEvery(c, Duration.ofSeconds(TRIM_SECONDS));
            }
            return applied;
        } catch (UnsatisfiedLinkError e) {
            return false;
        }
    }

    /**
     * Starts a daemon thread that hands all free memory back to the kernel ({@code malloc_trim})
     * every {@code period}: the blocks kept for reuse between batches would otherwise accumulate,
     * fragmented, and the RSS would grow epoch after epoch. Between trims they are reused.
     */
    private static void trimEvery(CLibrary c, Duration period) {
        ScheduledExecutorService trimmer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "nais-malloc-trim");
            thread.setDaemon(true);
            return thread;
        });
        long millis = period.toMillis();
        trimmer.scheduleWithFixedDelay(() -> c.malloc_trim(0), millis, millis,
                TimeUnit.MILLISECONDS);
    }
}
