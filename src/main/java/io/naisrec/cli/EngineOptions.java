package io.naisrec.cli;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import io.naisrec.model.MemoryBudget;
import io.naisrec.runtime.EngineThreads;
import io.naisrec.runtime.NativeAllocator;
import io.naisrec.runtime.Workload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code --threads} and {@code --max-memory} options of the commands that run a model, the
 * engine's start, and the device a {@code --device} option names.
 */
public final class EngineOptions {

    private static final Logger LOG = LoggerFactory.getLogger(EngineOptions.class);

    @Option(names = "--threads", defaultValue = "0", paramLabel = "N",
            description = "Threads of each PyTorch operator; 0 chooses per command (1: see the "
                    + "README, Threads). Set before the engine starts. Default: ${DEFAULT-VALUE}.")
    int threads;

    @Option(names = "--max-memory", paramLabel = "SIZE",
            description = "Memory to keep to, e.g. 600m or 2g: sizes training passes and scoring "
                    + "chunks, and free memory goes back to the system above it; training "
                    + "refuses to start when one row of the longest history cannot fit (README, "
                    + "Memory). Default: no budget.")
    String maxMemory;

    @Spec(Spec.Target.MIXEE)
    private CommandSpec mixee;

    /** The intra-op threads {@code workload} runs with: {@code --threads}, or its default. */
    int threads(Workload workload) {
        return threads > 0 ? threads : EngineThreads.defaultThreads(workload,
                Runtime.getRuntime().availableProcessors());
    }

    /**
     * Workers (each with its own predictor) for {@code workload}: {@code workers} when
     * positive, else the cores over the threads each one runs with.
     */
    int workers(int workers, Workload workload) {
        return workers > 0 ? workers
                : Math.max(1, Runtime.getRuntime().availableProcessors() / threads(workload));
    }

    /** The budget {@code --max-memory} sets, or {@link MemoryBudget#DEFAULT}. */
    MemoryBudget memoryBudget() {
        return maxMemory == null ? MemoryBudget.DEFAULT
                : Arguments.valid(mixee, () -> MemoryBudget.parse(maxMemory));
    }

    /**
     * Chooses the engine's threads for {@code workload}, applies the memory budget (scoring
     * chunks, a server's smaller ones whatever the budget, the allocator's target), then starts
     * the engine and logs what it runs with (in a process whose engine already runs, as in
     * tests, the choice is too late and the log says what is in effect).
     */
    void start(Workload workload) {
        EngineThreads.Settings wanted = Arguments.valid(mixee,
                () -> EngineThreads.configure(workload, threads));
        MemoryBudget budget = memoryBudget();
        if (workload == Workload.SERVING) {
            budget.applyToServing();
            LOG.info("Serving: scoring chunks of at most {} elements",
                    MemoryBudget.scoringChunkInEffect());
        } else if (!budget.unlimited()) {
            budget.applyToScoring();
        }
        if (!budget.unlimited()) {
            NativeAllocator.limitResidentSet(budget.megabytes());
            LOG.info("Memory budget {} MB: training passes of at most {} elements, scoring "
                    + "chunks of {}", budget.megabytes(), budget.trainingPassElements(),
                    MemoryBudget.scoringChunkInEffect());
        }
        Engine engine = Engine.getInstance();
        boolean pytorch = "PyTorch".equals(engine.getEngineName());
        EngineThreads.Settings running = pytorch ? new EngineThreads.Settings(
                JniUtils.getNumThreads(), JniUtils.getNumInteropThreads(), wanted.waitPolicy())
                : wanted;
        LOG.info("{} {}: {}", engine.getEngineName(), engine.getVersion(), running);
    }

    /**
     * The device {@code --device choice} names: the GPU when DJL sees one and {@code choice} is
     * {@code auto} or {@code gpu}, else the CPU; anything else, or {@code gpu} without one, is a
     * usage error. Asks the engine, so call it after {@link #start}.
     */
    Device device(String choice) {
        if ("cpu".equals(choice)) {
            return Device.cpu();
        }
        boolean gpu = Engine.getInstance().getGpuCount() > 0;
        return switch (choice) {
            case "gpu" -> {
                if (!gpu) {
                    throw new CommandLine.ParameterException(mixee.commandLine(), "--device gpu: "
                            + "DJL sees no GPU (build with -Pcuda on a machine with CUDA)");
                }
                yield Device.gpu();
            }
            case "auto" -> gpu ? Device.gpu() : Device.cpu();
            default -> throw new CommandLine.ParameterException(mixee.commandLine(),
                    "device must be auto, cpu or gpu, got '" + choice + "'");
        };
    }
}
