package io.naisrec.cli;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import io.naisrec.runtime.EngineThreads;
import io.naisrec.runtime.Workload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The {@code --threads} option of the commands that run a model, and the engine's start. */
public final class EngineOptions {

    private static final Logger LOG = LoggerFactory.getLogger(EngineOptions.class);

    @Option(names = "--threads", defaultValue = "0", paramLabel = "N",
            description = "Threads of each PyTorch operator; 0 chooses per command (1: see the "
                    + "README, Threads). Set before the engine starts. Default: ${DEFAULT-VALUE}.")
    int threads;

    @Spec(Spec.Target.MIXEE)
    private CommandSpec mixee;

    /**
     * Chooses the engine's threads for {@code workload}, then starts the engine and logs what
     * it runs with (in a process whose engine already runs, as in tests, the choice is too
     * late and the log says what is in effect).
     */
    void start(Workload workload) {
        EngineThreads.Settings wanted = Arguments.valid(mixee,
                () -> EngineThreads.configure(workload, threads));
        Engine engine = Engine.getInstance();
        boolean pytorch = "PyTorch".equals(engine.getEngineName());
        LOG.info("{} {}: {} intra-op and {} inter-op thread(s), OpenMP wait policy {}",
                engine.getEngineName(), engine.getVersion(),
                pytorch ? JniUtils.getNumThreads() : wanted.intraOp(),
                pytorch ? JniUtils.getNumInteropThreads() : wanted.interOp(),
                wanted.waitPolicy());
    }
}
