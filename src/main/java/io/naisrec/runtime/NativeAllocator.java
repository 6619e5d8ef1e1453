package io.naisrec.runtime;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

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
 *       slower than the same work on reused memory. What is kept is handed back to the kernel
 *       ({@code malloc_trim}) by a daemon thread whenever the free memory it keeps resident has
 *       grown by more than {@value #SLACK_MB} MiB since the last trim (the resident set less
 *       the bytes malloc has in use, by {@code mallinfo2}), or the resident set is above the
 *       limit a user set
 *       ({@link #limitResidentSet}), checked every {@value #CHECK_MILLIS} ms (at most one such
 *       trim per {@value #MIN_GROWTH_TRIM_MILLIS} ms, one per second for the limit), and at least
 *       every
 *       {@value #TRIM_SECONDS} s: the kept blocks, fragmented by batches of many shapes, would
 *       otherwise pile up between trims (docs/BENCHMARKS.md, round 7).</li>
 * </ul>
 * Under tcmalloc ({@link PreloadedAllocator}) neither setting applies: tcmalloc keeps its own
 * free pages and hands them back gradually; only the user's limit is kept, by tcmalloc's
 * {@code ReleaseFreeMemory}. Off Linux, or when the environment sets any of
 * {@code MALLOC_ARENA_MAX}, {@code MALLOC_MMAP_THRESHOLD_} or {@code MALLOC_TRIM_THRESHOLD_}
 * (the user's own tuning), nothing is changed.
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

    /** Longest time between two trims, in seconds. */
    static final int TRIM_SECONDS = 30;
    /**
     * Growth, since the last trim, of the resident memory that malloc's blocks in use do not
     * explain (free blocks the allocator keeps, the rest being the JVM's), that triggers the
     * next trim, in MiB.
     */
    static final int SLACK_MB = 128;
    /** Interval between two looks at the resident set, in milliseconds. */
    static final int CHECK_MILLIS = 200;
    /**
     * Shortest time between a trim and one the growth rule triggers, in milliseconds: a server
     * or a training frees and reuses its working set continuously, and trimming it away at every
     * look made every request fault its memory in again (requests/s fell to a third).
     */
    static final int MIN_GROWTH_TRIM_MILLIS = 5_000;
    /** Shortest time between a trim and one the resident-set limit triggers, in milliseconds. */
    static final int MIN_LIMIT_TRIM_MILLIS = 1_000;

    private static final AtomicLong LIMIT_MB = new AtomicLong(Long.MAX_VALUE);
    private static final AtomicBoolean GROWTH_TRIMS = new AtomicBoolean(true);

    /** The C library's {@code mallopt}, {@code malloc_trim} and {@code mallinfo2}. */
    private interface CLibrary extends Library {
        int mallopt(int parameter, int value);

        int malloc_trim(long pad);

        MallocStatistics mallinfo2();
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
            if (PreloadedAllocator.loaded()) {
                trimEvery(PreloadedAllocator::releaseFreeMemory, () -> 0L, Duration.ZERO);
                return true;
            }
            CLibrary c = Native.load("c", CLibrary.class);
            boolean applied = c.mallopt(M_ARENA_MAX, ARENAS) == 1
                    && c.mallopt(M_MMAP_THRESHOLD, 32 << 20) == 1
                    && c.mallopt(M_TRIM_THRESHOLD, 1 << 30) == 1;
            if (applied) {
                trimEvery(() -> c.malloc_trim(0), () -> unexplainedMb(c),
                        Duration.ofSeconds(TRIM_SECONDS));
            }
            return applied;
        } catch (UnsatisfiedLinkError e) {
            return false;
        }
    }

    /**
     * Trims as soon as the resident set exceeds {@code megabytes} (from the next look on), on
     * top of the growth rule; a process that holds more than that in live memory is trimmed at
     * most once per look. Has an effect only when {@link #configure()} applied the settings.
     */
    public static void limitResidentSet(long megabytes) {
        if (megabytes < 1) {
            throw new IllegalArgumentException("megabytes must be >= 1, got " + megabytes);
        }
        LIMIT_MB.set(megabytes);
    }

    /**
     * Turns the growth rule off for a server, whose working set is freed and reused by every
     * request: trimming it even every {@value #MIN_GROWTH_TRIM_MILLIS} ms cost {@code nais
     * serve} a quarter of its requests/s and doubled its p99 (docs/BENCHMARKS.md, round 7). The
     * periodic trim and the limit stay.
     */
    public static void keepWorkingSet() {
        GROWTH_TRIMS.set(false);
    }

    /**
     * The resident set less what malloc has in use, in MiB: the JVM's own memory and the free
     * blocks malloc keeps resident; without {@code mallinfo2} (glibc before 2.33), the resident
     * set.
     */
    private static long unexplainedMb(CLibrary c) {
        long resident = ProcessMemory.residentMb();
        try {
            return resident - (c.mallinfo2().inUseBytes() >> 20);
        } catch (UnsatisfiedLinkError e) {
            return resident;
        }
    }

    /**
     * Starts the daemon thread that hands free memory back to the kernel ({@code trim}) by the
     * rules above; a zero {@code period} keeps only the limit's rule. Between trims the freed
     * blocks are reused.
     */
    private static void trimEvery(Runnable trim, LongSupplier unexplainedMb, Duration period) {
        ScheduledExecutorService trimmer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "nais-malloc-trim");
            thread.setDaemon(true);
            return thread;
        });
        boolean periodic = !period.isZero();
        long checksPerPeriod = Math.max(1, period.toMillis() / CHECK_MILLIS);
        long[] state = {unexplainedMb.getAsLong(), 0};
        trimmer.scheduleWithFixedDelay(() -> {
            state[1]++;
            boolean grown = periodic && GROWTH_TRIMS.get()
                    && state[1] * CHECK_MILLIS >= MIN_GROWTH_TRIM_MILLIS
                    && unexplainedMb.getAsLong() > state[0] + SLACK_MB;
            boolean over = state[1] * CHECK_MILLIS >= MIN_LIMIT_TRIM_MILLIS
                    && ProcessMemory.residentMb() > LIMIT_MB.get();
            if (grown || over || periodic && state[1] >= checksPerPeriod) {
                trim.run();
                state[0] = unexplainedMb.getAsLong();
                state[1] = 0;
            }
        }, CHECK_MILLIS, CHECK_MILLIS, TimeUnit.MILLISECONDS);
    }
}
