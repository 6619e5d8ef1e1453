package io.naisrec.runtime;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.util.Locale;
import java.util.Map;

/**
 * How many threads PyTorch's operators use and how its OpenMP threads wait, chosen per
 * {@link Workload} and set before the engine starts (afterwards they no longer take effect):
 * DJL's {@code ai.djl.pytorch.num_threads} and {@code num_interop_threads} system properties,
 * and {@code OMP_WAIT_POLICY}, which libgomp reads once, when PyTorch loads it.
 *
 * <p>By default OpenMP's threads spin for a while at every barrier before they sleep. On a
 * machine whose cores are shared (a notebook kernel beside a training, two Spark tasks on one
 * executor, a server's HTTP threads beside its model) the spinning takes the cores the other
 * work needs, and the operators that wait for the slowest of their threads run several times
 * slower; {@code PASSIVE} makes them sleep at once. docs/BENCHMARKS.md has the measurements
 * behind the defaults.
 *
 * <p>Settings the user made win: {@code OMP_NUM_THREADS} or {@code OMP_WAIT_POLICY} in the
 * environment, and the DJL system properties when set.
 */
public final class EngineThreads {

    /** DJL's system property for the intra-op thread count. */
    static final String INTRA_OP = "ai.djl.pytorch.num_threads";
    /** DJL's system property for the inter-op thread count. */
    static final String INTER_OP = "ai.djl.pytorch.num_interop_threads";

    private EngineThreads() {}

    /**
     * The settings in effect after {@link #configure}.
     *
     * @param intraOp threads of one operator
     * @param interOp threads running operators side by side
     * @param waitPolicy OpenMP's {@code OMP_WAIT_POLICY}, or {@code default}
     */
    public record Settings(int intraOp, int interOp, String waitPolicy) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%d intra-op and %d inter-op thread(s), OpenMP "
                    + "wait policy %s", intraOp, interOp, waitPolicy);
        }
    }

    /**
     * The default intra-op threads of {@code workload} on {@code cores} cores: one for serving
     * and batch tasks (their parallelism is the predictors side by side), one for training and
     * evaluation as well (see docs/BENCHMARKS.md: a second thread buys nothing on NAIS's many
     * small operators and loses most under a co-tenant).
     */
    public static int defaultThreads(Workload workload, int cores) {
        return 1;
    }

    /**
     * Chooses the engine's threads for {@code workload}: {@code threads} intra-op threads, or the
     * workload's default when 0; one inter-op thread; passive waiting. Call before anything
     * starts the PyTorch engine.
     *
     * @throws IllegalArgumentException when {@code threads} is negative
     */
    public static Settings configure(Workload workload, int threads) {
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 0 (0: the default), got "
                    + threads);
        }
        int cores = Runtime.getRuntime().availableProcessors();
        int intraOp = threads > 0 ? threads : defaultThreads(workload, cores);
        String omp = System.getenv("OMP_NUM_THREADS");
        if (System.getProperty(INTRA_OP) == null && (omp == null || threads > 0)) {
            System.setProperty(INTRA_OP, Integer.toString(intraOp));
        }
        if (System.getProperty(INTER_OP) == null) {
            System.setProperty(INTER_OP, "1");
        }
        String policy = System.getenv("OMP_WAIT_POLICY");
        if (policy == null && setEnvironment(Map.of("OMP_WAIT_POLICY", "PASSIVE"))) {
            policy = "PASSIVE";
        }
        return new Settings(Integer.getInteger(INTRA_OP, intraOp),
                Integer.getInteger(INTER_OP, 1), policy == null ? "default" : policy);
    }

    /** The C library's environment, which native libraries read (Java's is read-only). */
    private interface CLibrary extends Library {
        int setenv(String name, String value, int overwrite);
    }

    private static boolean setEnvironment(Map<String, String> values) {
        if (Platform.isWindows()) {
            return false;
        }
        try {
            CLibrary c = Native.load("c", CLibrary.class);
            boolean all = true;
            for (Map.Entry<String, String> entry : values.entrySet()) {
                all &= c.setenv(entry.getKey(), entry.getValue(), 0) == 0;
            }
            return all;
        } catch (UnsatisfiedLinkError e) {
            return false;
        }
    }
}
