package io.naisrec.cli;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import io.naisrec.data.InteractionDataset;
import io.naisrec.data.LeaveOneOutSplit;
import io.naisrec.data.ResolvedDataset;
import io.naisrec.eval.EvaluationResult;
import io.naisrec.eval.LeaveOneOutEvaluator;
import io.naisrec.model.BlockScorer;
import io.naisrec.model.ModelKind;
import io.naisrec.model.NaisConfig;
import io.naisrec.model.RaggedHistory;
import io.naisrec.runtime.ProcessMemory;
import io.naisrec.train.EpochRecord;
import io.naisrec.train.ModelTrainer;
import io.naisrec.train.TrainingCost;
import io.naisrec.train.TrainingRun;
import io.naisrec.train.TrainingSettings;
import io.naisrec.zoo.RecommendationBlock;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/** {@code nais bench}: training, evaluation and recommendation speed against the machine's floor. */
@Command(name = "bench", mixinStandardHelpOptions = true,
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

    @Option(names = "--epochs", defaultValue = "2",
            description = "Epochs to time; with two or more the first is left out as warm-up. "
                    + "Default: ${DEFAULT-VALUE}.")
    private int epochs;

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

    @Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        ModelKind kind = Arguments.valid(spec, () -> ModelKind.parse(model));
        String name = kind.id();
        NaisConfig config = NaisConfig.builder().optAttention(kind.attention()).build();
        TrainingSettings settings = Arguments.valid(spec, () -> TrainingSettings.builder()
                .optEpochs(epochs).optBatchSize(Arguments.batchSize(spec, batchSize)).optSeed(seed)
                .optEvaluateEvery(epochs).build());
        Device target = Arguments.valid(spec, () -> ModelTrainer.device(device));
        ResolvedDataset data = dataOptions.resolve();
        LeaveOneOutSplit split = data.split(LeaveOneOutSplit.NCF_NEGATIVES, seed);
        TrainingRun training = TrainingRun.builder().setKind(kind).optConfig(config)
                .optSettings(settings).optDevice(target).build();
        InteractionDataset trainedOn = training.trainingData(split);
        double flops = TrainingCost.flopsPerEpoch(trainedOn, settings, config, kind);
        long samples = TrainingCost.workPerEpoch(trainedOn, settings, config.maxHistory())
                .samples();
        double rate = TrainingCost.matMulFlopsPerSecond(target, 1024);
        TrainingRun.Result run = training.train(split);
        Map<String, Object> fields = new LinkedHashMap<>();
        try (var owner = run.model()) {
            List<EpochRecord> timed = run.epochs().size() > 1
                    ? run.epochs().subList(1, run.epochs().size()) : run.epochs();
            double epochSeconds = timed.stream().mapToDouble(EpochRecord::seconds).average()
                    .orElseThrow();
            long start = System.nanoTime();
            EvaluationResult evaluated = new LeaveOneOutEvaluator(10).sampled(split,
                    new BlockScorer(run.block(), owner.getNDManager()));
            double evalSeconds = (System.nanoTime() - start) / 1e9;
            double recommendRate = recommendUsersPerSecond(run, split, owner.getNDManager());
            fields.put("model", name);
            fields.put("dataset", data.name());
            fields.put("device", target.toString());
            fields.put("threads", Runtime.getRuntime().availableProcessors());
            fields.put("epochs_timed", timed.size());
            fields.put("epoch_seconds", epochSeconds);
            fields.put("first_epoch_seconds", run.epochs().get(0).seconds());
            fields.put("samples_per_epoch", samples);
            fields.put("samples_per_second", samples / epochSeconds);
            fields.put("epoch_gflop", flops / 1e9);
            fields.put("matmul_gflops", rate / 1e9);
            fields.put("floor_seconds", flops / rate);
            fields.put("efficiency", flops / rate / epochSeconds);
            fields.put("eval_users_per_second", evaluated.numUsers() / evalSeconds);
            fields.put("recommend_users_per_second", recommendRate);
            fields.put("peak_heap_mb", ProcessMemory.peakHeapMb());
            fields.put("peak_rss_mb", ProcessMemory.peakResidentMb());
            fields.put("hr@10", evaluated.hitRatio());
        }
        PrintWriter out = spec.commandLine().getOut();
        fields.forEach((key, value) -> out.printf(Locale.ROOT, "%-27s %s%n", key,
                value instanceof Double v ? String.format(Locale.ROOT, "%.4g", v) : value));
        if (json) {
            out.println(Json.line(fields));
        }
        out.flush();
        return 0;
    }

    /** Full-catalogue scoring of test users' histories in batches, users per second. */
    private static double recommendUsersPerSecond(TrainingRun.Result run, LeaveOneOutSplit split,
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
