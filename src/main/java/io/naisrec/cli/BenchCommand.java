package io.naisrec.cli;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import io.naisrec.data.Folders;
import io.naisrec.data.InteractionDataset;
import io.naisrec.data.LeaveOneOutSplit;
import io.naisrec.data.ResolvedDataset;
import io.naisrec.eval.EvaluationResult;
import io.naisrec.eval.LeaveOneOutEvaluator;
import io.naisrec.model.BlockScorer;
import io.naisrec.model.ItemSimilarityConfig;
import io.naisrec.model.ModelKind;
import io.naisrec.model.RaggedHistory;
import io.naisrec.runtime.ProcessMemory;
import io.naisrec.runtime.Workload;
import io.naisrec.train.TrainingCost;
import io.naisrec.train.TrainingResult;
import io.naisrec.train.TrainingRun;
import io.naisrec.train.TrainingSettings;
import io.naisrec.zoo.RecommendationBlock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nais bench}: training, evaluation and recommendation speed against the machine's floor.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, subcommands = ServeBenchCommand.class,
        description = "Measure training (seconds per epoch, samples/s), evaluation and batch "
                + "recommendation speed, peak memory, and the floor: the epoch's floating-point "
                + "work over this machine's fp32 matrix-multiply rate.")
final class BenchCommand implements Callable<Integer> {

    private static final int RECOMMEND_USERS = 256;
    private static final int RECOMMEND_BATCH = 32;

    @Mixin
    private DataOptions dataOptions;

    @Option(names = "--model", defaultValue = "nais-prod", paramLabel = "M",
            description = "nais-prod, nais-concat or fism. Default: ${DEFAULT-VALUE}.")
    private String model;

    @Option(names = "--epochs", defaultValue = "4",
            description = "Epochs to train; the first is reported apart (warm-up) and the rest, "
                    + "at least 3, by their median. Default: ${DEFAULT-VALUE}.")
    private int epochs;

    @Option(names = "--co-tenant", description = "Also time the same training beside a busy "
            + "process on one core, and beside a second training, each a child process this "
            + "bench starts and stops, and report the slowdowns.")
    private boolean coTenant;

    @Option(names = "--batch-size", defaultValue = "user", paramLabel = "user|N",
            description = "One batch per user with all of that user's samples (the reference's "
                    + "batch_choice=user), or at most N samples per batch (heavy users split). "
                    + "Default: ${DEFAULT-VALUE}.")
    private String batchSize;

    @Option(names = "--device", defaultValue = "auto", paramLabel = "auto|cpu|gpu",
            description = "Where to run. Default: ${DEFAULT-VALUE}.")
    private String device;

    @Option(names = "--seed", defaultValue = "42", description = "Seed. Default: ${DEFAULT-VALUE}.")
    private long seed;

    @Option(names = "--json", description = "End with one JSON line.")
    private boolean json;

    @Mixin
    private EngineOptions engine;

    @Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (epochs < 4) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--epochs must be at "
                    + "least 4: the first is warm-up and the median needs 3, got " + epochs);
        }
        ModelKind kind = Arguments.valid(spec, () -> ModelKind.parse(model));
        if (!kind.isTrainedByGradient()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--model " + kind
                    + " is fitted in closed form: bench times training epochs");
        }
        ItemSimilarityConfig config = ItemSimilarityConfig.builder()
                .optAttention(kind.attention()).build();
        TrainingSettings settings = Arguments.valid(spec, () -> TrainingSettings.builder()
                .optEpochs(epochs).optBatchSize(Arguments.batchSize(spec, batchSize)).optSeed(seed)
                .optEvaluateEvery(epochs).build());
        engine.start(Workload.TRAINING);
        Device target = engine.device(device);
        ResolvedDataset data = dataOptions.resolve();
        LeaveOneOutSplit split = data.split(LeaveOneOutSplit.NCF_NEGATIVES, seed);
        TrainingRun training = TrainingRun.builder().setKind(kind).optConfig(config)
                .optSettings(settings).optDevice(target)
                .optMemoryBudget(engine.memoryBudget()).build();
        InteractionDataset trainedOn = training.trainingData(split);
        double flops = TrainingCost.flopsPerEpoch(trainedOn, settings, config, kind);
        long samples = TrainingCost.workPerEpoch(trainedOn, settings, config.maxHistory())
                .samples();
        double rate = TrainingCost.matMulFlopsPerSecond(target, 1024);
        Map<String, Object> fields = new LinkedHashMap<>();
        Map<String, Long> phasePeaks = new LinkedHashMap<>();
        phasePeaks.put("reading", ProcessMemory.peakResidentMb());
        boolean perPhase = ProcessMemory.resetPeakResident();
        CoTenants.Timing quiet;
        try (TrainingResult run = training.train(split)) {
            quiet = CoTenants.Timing.afterFirst(run.epochs());
            phasePeaks.put("training", nextPhase(perPhase));
            long start = System.nanoTime();
            EvaluationResult evaluated = new LeaveOneOutEvaluator(10).sampled(split,
                    new BlockScorer(run.block(), run.model().getNDManager()));
            double evalSeconds = (System.nanoTime() - start) / 1e9;
            phasePeaks.put("evaluation", nextPhase(perPhase));
            double recommendRate = recommendUsersPerSecond(run, split,
                    run.model().getNDManager());
            phasePeaks.put("recommendation", nextPhase(perPhase));
            fields.put("model", kind.id());
            fields.put("dataset", data.name());
            fields.put("device", target.toString());
            fields.put("threads", JniUtils.getNumThreads());
            fields.put("cores", Runtime.getRuntime().availableProcessors());
            fields.put("first_epoch_seconds", run.epochs().get(0).seconds());
            fields.put("epochs_timed", quiet.epochs());
            fields.put("epoch_seconds", quiet.median());
            fields.put("epoch_seconds_min", quiet.min());
            fields.put("epoch_seconds_max", quiet.max());
            fields.put("samples_per_epoch", samples);
            fields.put("samples_per_second", samples / quiet.median());
            fields.put("epoch_gflop", flops / 1e9);
            fields.put("matmul_gflops", rate / 1e9);
            fields.put("floor_seconds", flops / rate);
            fields.put("efficiency", flops / rate / quiet.median());
            fields.put("eval_users_per_second", evaluated.numUsers() / evalSeconds);
            fields.put("recommend_users_per_second", recommendRate);
            fields.put("peak_heap_mb", ProcessMemory.peakHeapMb());
            fields.put("heap_committed_mb", ProcessMemory.committedHeapMb());
            fields.put("rss_anon_mb", ProcessMemory.residentAnonymousMb());
            fields.put("rss_file_mb", ProcessMemory.residentFileMb());
            if (perPhase) {
                phasePeaks.forEach((phase, mb) -> fields.put("peak_rss_" + phase + "_mb", mb));
            }
            fields.put("peak_rss_mb", perPhase ? phasePeaks.values().stream()
                    .mapToLong(Long::longValue).max().orElse(-1)
                    : ProcessMemory.peakResidentMb());
            fields.put("hr@10", evaluated.hitRatio());
        }
        if (coTenant) {
            coTenants(training, split, quiet, fields);
        }
        Json.print(spec.commandLine().getOut(), fields, 36, json);
        return 0;
    }

    /**
     * The same training beside a busy loop, then beside a second training of the same model
     * (whose own epochs are timed too), each against the quiet median.
     */
    private void coTenants(TrainingRun training, LeaveOneOutSplit split,
            CoTenants.Timing quiet, Map<String, Object> fields)
            throws IOException, InterruptedException {
        Path scratch = Files.createTempDirectory("nais-bench-");
        try {
            Process busy = CoTenants.busyLoop(scratch.resolve("busy.log"));
            CoTenants.Timing besideBusy;
            try (TrainingResult run = training.train(split)) {
                besideBusy = CoTenants.Timing.afterFirst(run.epochs());
            } finally {
                CoTenants.stop(busy);
            }
            fields.put("co_tenant_busy_epoch_seconds", besideBusy.median());
            fields.put("co_tenant_busy_slowdown", besideBusy.median() / quiet.median());
            Path log = scratch.resolve("training.log");
            List<String> other = new ArrayList<>(List.of("train", "--model", model, "--seed",
                    Long.toString(seed), "--batch-size", batchSize, "--pretrain", "none",
                    "--epochs", "100000", "--evaluate-every", "100000", "--threads",
                    Integer.toString(engine.threads), "--out", scratch.resolve("other")
                            .toString()));
            other.addAll(dataOptions.arguments());
            Process second = CoTenants.training(log, other);
            CoTenants.Timing besideTraining;
            try (TrainingResult run = training.train(split)) {
                besideTraining = CoTenants.Timing.afterFirst(run.epochs());
            } finally {
                CoTenants.stop(second);
            }
            List<Double> theirs = CoTenants.epochSeconds(log);
            CoTenants.Timing otherTraining = CoTenants.Timing.of(theirs.subList(1, theirs.size())
                    .stream().mapToDouble(Double::doubleValue).toArray());
            fields.put("co_tenant_training_epoch_seconds", besideTraining.median());
            fields.put("co_tenant_training_slowdown", besideTraining.median() / quiet.median());
            fields.put("co_tenant_other_training_epochs", otherTraining.epochs());
            fields.put("co_tenant_other_training_epoch_seconds", otherTraining.median());
            fields.put("co_tenant_other_training_slowdown", otherTraining.median()
                    / quiet.median());
        } finally {
            Folders.deleteTree(scratch);
        }
    }

    /** The peak resident set since the last phase began (then a new phase begins). */
    private static long nextPhase(boolean perPhase) {
        long peak = ProcessMemory.peakResidentMb();
        if (perPhase) {
            ProcessMemory.resetPeakResident();
        }
        return peak;
    }

    /** Full-catalogue scoring of test users' histories in batches, users per second. */
    private static double recommendUsersPerSecond(TrainingResult run, LeaveOneOutSplit split,
            NDManager parent) {
        RecommendationBlock block = new RecommendationBlock(run.block(), 10, 0);
        int users = Math.min(RECOMMEND_USERS, split.train().numUsers());
        long start = System.nanoTime();
        for (int from = 0; from < users; from += RECOMMEND_BATCH) {
            List<int[]> histories = IntStream.range(from, Math.min(users, from + RECOMMEND_BATCH))
                    .mapToObj(split.train()::history).toList();
            try (NDManager scope = parent.newSubManager()) {
                block.forward(new ParameterStore(scope, false),
                        RaggedHistory.inputs(scope, histories), false).head().toIntArray();
            }
        }
        return users / ((System.nanoTime() - start) / 1e9);
    }
}
