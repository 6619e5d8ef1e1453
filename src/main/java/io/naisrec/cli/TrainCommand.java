package io.naisrec.cli;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import com.google.gson.JsonObject;
import io.naisrec.data.DataException;
import io.naisrec.data.Folders;
import io.naisrec.data.LeaveOneOutSplit;
import io.naisrec.data.ResolvedDataset;
import io.naisrec.eval.EvaluationResult;
import io.naisrec.eval.LeaveOneOutEvaluator;
import io.naisrec.model.BlockScorer;
import io.naisrec.model.ItemSimilarityConfig;
import io.naisrec.model.MemoryBudget;
import io.naisrec.model.ModelKind;
import io.naisrec.runtime.Workload;
import io.naisrec.train.Checkpoint;
import io.naisrec.train.Selection;
import io.naisrec.train.SelectionMetric;
import io.naisrec.train.TrainingHistory;
import io.naisrec.train.TrainingResult;
import io.naisrec.train.TrainingRun;
import io.naisrec.train.TrainingSettings;
import io.naisrec.zoo.FirstStageFile;
import io.naisrec.zoo.ItemVocabulary;
import io.naisrec.zoo.ModelDirectory;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nais train}: trains FISM or NAIS, evaluating each epoch, and writes the best epoch. */
@Command(name = "train", mixinStandardHelpOptions = true, modelTransformer = Resume.Help.class,
        description = "Train FISM or NAIS (pointwise log loss, Adagrad), evaluate HR@K/NDCG@K "
                + "every epoch and write the best epoch's model to --out.")
final class TrainCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(TrainCommand.class);

    @Mixin
    private DataOptions dataOptions;

    @Option(names = "--model", defaultValue = "nais-prod", paramLabel = "M",
            description = "nais-prod, nais-concat, fism or ease (EASE^R, fitted in closed "
                    + "form). Default: ${DEFAULT-VALUE}.")
    private String model;

    @Option(names = "--epochs", defaultValue = "5",
            description = "Training epochs. Default: ${DEFAULT-VALUE}.")
    private int epochs;

    @Option(names = "--embedding", defaultValue = "16",
            description = "Embedding size. Default: ${DEFAULT-VALUE}.")
    private int embedding;

    @Option(names = "--attention", defaultValue = "16",
            description = "Attention MLP size. Default: ${DEFAULT-VALUE}.")
    private int attention;

    @Option(names = "--beta", defaultValue = "0.5", paramLabel = "β|learn",
            description = "Smoothing exponent β in (0, 1], or 'learn': β = sigmoid(θ) trained "
                    + "with the rest from 0.5, logged each epoch. Default: ${DEFAULT-VALUE}.")
    private String beta;

    @Option(names = "--alpha", defaultValue = "0",
            description = "History-length normaliser exponent α. Default: ${DEFAULT-VALUE}.")
    private float alpha;

    @Option(names = "--reg", split = ",", defaultValue = "1e-7,1e-7,1e-5", paramLabel = "P,Q,W",
            description = "Squared-L2 weights of target embeddings, history embeddings and "
                    + "attention weights. Default: ${DEFAULT-VALUE}.")
    private float[] reg;

    @Option(names = "--max-history", defaultValue = "0",
            description = "Keep only the most recent items of a history; 0 keeps all.")
    private int maxHistory;

    @Option(names = "--lr", defaultValue = "0.01",
            description = "Adagrad learning rate. Default: ${DEFAULT-VALUE}.")
    private float learningRate;

    @Option(names = "--negatives", defaultValue = "4",
            description = "Sampled negatives per positive. Default: ${DEFAULT-VALUE}.")
    private int negatives;

    @Option(names = "--batch-size", defaultValue = "user", paramLabel = "user|N",
            description = "One batch per user with all of that user's samples (the reference's "
                    + "batch_choice=user), or at most N samples per batch (heavy users split). "
                    + "Default: ${DEFAULT-VALUE}.")
    private String batchSize;

    @Option(names = "--pretrain", defaultValue = "fism", paramLabel = "fism|ease|none|DIR",
            description = "NAIS initialisation: train FISM first; the rank-D factors of EASE^R "
                    + "(λ as --lambda or chosen on validation by full ranking, D the embedding "
                    + "size; the attention starts neutral, h = 0); start from scratch; or load "
                    + "a FISM model folder. Default: ${DEFAULT-VALUE}.")
    private String pretrain;

    @Option(names = "--pretrain-epochs", defaultValue = "10",
            description = "Epochs of FISM pre-training. Default: ${DEFAULT-VALUE}.")
    private int pretrainEpochs;

    @Option(names = "--evaluate-start", description = "Also evaluate the starting point (the "
            + "pre-trained start, or the parent of --init-from) before the first epoch, as epoch "
            + "0, which the selection keeps when no epoch beats it.")
    private boolean evaluateStart;

    @Option(names = "--evaluate-every", defaultValue = "1",
            description = "Evaluate every N epochs (and at the last). Default: ${DEFAULT-VALUE}.")
    private int evaluateEvery;

    @Option(names = "--select-on", defaultValue = "validation", paramLabel = "validation|test",
            description = "What chooses the best epoch (and the FISM it starts from): each user's "
                    + "latest training interaction against its own 99 sampled negatives, the "
                    + "model trained on the rest ('validation'), or the test items as the paper "
                    + "reports ('test'). The test metrics of the chosen epoch are reported. "
                    + "Default: ${DEFAULT-VALUE}.")
    private String selectOn;

    @Option(names = "--patience", defaultValue = "0", paramLabel = "N",
            description = "Stop after N evaluations without a better epoch (0: train every "
                    + "epoch). Default: ${DEFAULT-VALUE}.")
    private int patience;

    @Option(names = "--k", defaultValue = "10", description = "Cut-off K. Default: ${DEFAULT-VALUE}.")
    private int k;

    @Option(names = "--device", defaultValue = "auto", paramLabel = "auto|cpu|gpu",
            description = "Where to train. Default: ${DEFAULT-VALUE}.")
    private String device;

    @Option(names = "--seed", defaultValue = "42",
            description = "Seed of initialisation, sampling and evaluation negatives. "
                    + "Default: ${DEFAULT-VALUE}.")
    private long seed;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Model folder to write. Default: runs/MODEL-DATASET.")
    private Path out;

    @Option(names = "--json", description = "End with one JSON line.")
    private boolean json;

    @Option(names = "--checkpoint", paramLabel = "DIR",
            description = "Where each epoch's checkpoint goes (replaced atomically; removed when "
                    + "the run completes). Default: the --out folder's name + '.checkpoint'.")
    private Path checkpoint;

    @Option(names = "--resume", paramLabel = "DIR",
            description = "Continue a stopped run: its checkpoint folder, or its --out folder "
                    + "(whose checkpoint is DIR.checkpoint). The run keeps its model, settings "
                    + "and data (--epochs trains it longer); the options that may be given "
                    + "again:")
    private Path resume;

    @Mixin
    private ObjectiveOptions objective;

    @Mixin
    private EngineOptions engine;

    @Mixin
    private InitFromOptions initFrom;

    @Mixin
    private ItemItemOptions itemItem;

    @Mixin
    private FirstStageOptions firstStage;

    @Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException, MalformedModelException {
        Resume resumed = resume == null ? null : Resume.of(spec, resume);
        if (resumed != null) {
            JsonObject record = resumed.record();
            dataOptions.restore(record.getAsJsonObject("data"));
            pretrain = record.get("pretrain").getAsString();
            pretrainEpochs = record.get("pretrain_epochs").getAsInt();
            device = record.get("device").getAsString();
            out = Path.of(record.get("out").getAsString());
            initFrom.restore(record);
            firstStage.restore(record, itemItem);
            LOG.info("Resuming {} after epoch {}", resumed.checkpointDir(),
                    resumed.checkpoint().epoch());
        }
        ModelKind kind = resumed != null ? resumed.checkpoint().kind()
                : initFrom.kind(() -> Arguments.valid(spec, () -> ModelKind.parse(model)));
        if (!firstStage.ease(kind) && kind == ModelKind.EASE) {
            return new EaseTraining(dataOptions.resolve(), seed, k, arguments()).run(itemItem,
                    engine, out, json, spec.commandLine().getOut());
        }
        ItemSimilarityConfig config = resumed != null ? resumed.checkpoint().config()
                : initFrom.config(() -> config(kind));
        pretrain = initFrom.given() ? "none" : pretrain;
        TrainingSettings options = Arguments.valid(spec, () -> objective.applyTo(
                TrainingSettings.builder().optEpochs(epochs).optLearningRate(learningRate)
                .optNegatives(negatives).optBatchSize(Arguments.batchSize(spec, batchSize))
                .optSeed(seed).optK(k).optEvaluateEvery(evaluateEvery)
                .optSelectOn(Selection.parse(selectOn)).optPatience(patience)).build());
        TrainingSettings settings = resumed != null
                ? Arguments.valid(spec, () -> resumed.settings(options)) : options;
        if (pretrainEpochs < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--pretrain-epochs must be >= 1, got " + pretrainEpochs);
        }
        engine.start(Workload.TRAINING);
        Device target = engine.device(device);
        ResolvedDataset data = dataOptions.resolve();
        LeaveOneOutSplit split = initFrom.split(data.split(LeaveOneOutSplit.NCF_NEGATIVES,
                settings.seed()));
        LOG.info("Seed {}, device {}", settings.seed(), target);
        Path folder = out != null ? out : Path.of("runs", kind.id() + "-" + data.name());
        Path checkpointDir = resumed != null ? resumed.checkpointDir() : checkpoint != null
                ? checkpoint : folder.resolveSibling(folder.getFileName() + ".checkpoint");
        if (checkpointDir.toAbsolutePath().normalize().equals(folder.toAbsolutePath()
                .normalize())) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--checkpoint must differ from --out");
        }
        if (Files.exists(checkpointDir)) {
            Folders.requireOurs(checkpointDir, Checkpoint.STATE_FILE);
        }
        if (resumed != null && !data.sha256().equals(resumed.record().get("dataset_sha256")
                .getAsString())) {
            throw new DataException("--resume " + checkpointDir + ": the data "
                    + dataOptions.data + " changed since the checkpoint (SHA-256 differs)");
        }
        List<String> command = resumed != null ? resumed.command() : arguments();
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("data", dataOptions.record());
        record.put("dataset_sha256", data.sha256());
        record.put("pretrain", pretrain);
        record.put("pretrain_epochs", pretrainEpochs);
        record.put("device", device);
        record.put("out", folder.toString());
        record.put("command", command);
        MemoryBudget budget = engine.memoryBudget();
        Arguments.valid(spec, () -> {
            budget.requireFits(kind, config, split.train());
            return budget;
        });
        record.putAll(initFrom.record());
        record.putAll(firstStage.record(itemItem, split));
        long start = System.nanoTime();
        TrainingResult result;
        Map<String, Object> started;
        try (Pretraining.Start init = resumed != null || initFrom.given()
                ? Pretraining.Start.NONE
                : new Pretraining(pretrain, pretrainEpochs, engine.memoryBudget(), itemItem, k)
                        .start(kind, config, settings, split, target, dataOptions.data);
                ModelDirectory.Loaded parent = resumed != null ? null : initFrom.load(target)) {
            TrainingRun run = Arguments.valid(spec, () -> (resumed != null
                    ? TrainingRun.resume(resumed.checkpoint())
                    : TrainingRun.builder().setKind(kind).optConfig(config))
                    .optSettings(settings).optDevice(target).optInitialiseFrom(init.block())
                    .optNeutralAttention(pretrain.equals("ease") && init.block() != null)
                    .optEvaluateStart(evaluateStart)
                    .optGrowFrom(parent == null ? null : parent.block(), initFrom.newItemStart())
                    .optCheckpoint(checkpointDir, record).optMemoryBudget(budget).build());
            result = run.train(split);
            started = init.record();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        EvaluationResult sampledTest = sampledTest(result, split, settings.k());
        Map<String, Object> metadata = metadata(command, kind, config, settings, data, result,
                sampledTest, seconds, target);
        metadata.putAll(initFrom.parentRecord(split));
        metadata.putAll(started);
        if (evaluateStart) {
            metadata.put("start_evaluated", true);
        }
        int cutoff = settings.k();
        try (result) {
            FirstStageFile.Fitted ease = firstStage.fit(itemItem, split, settings.seed(), cutoff,
                    result.model().getNDManager(), metadata);
            ModelDirectory.save(folder, result.model(),
                    ItemVocabulary.of(split.train().items(), data.itemNames()), metadata,
                    Map.of("training.csv", p -> TrainingHistory.writeCsv(result.epochs(), p),
                            "training.png", p -> TrainingHistory.writeChart(kind.id() + " on "
                                    + data.name(), cutoff, result.epochs(), p)), ease);
        }
        LOG.info("Model written to {}", folder);
        if (Files.isRegularFile(checkpointDir.resolve(Checkpoint.STATE_FILE))) {
            Folders.deleteTree(checkpointDir);
        }
        PrintWriter writer = spec.commandLine().getOut();
        EvaluationResult test = result.testEvaluation();
        String sampled = test == sampledTest ? "" : String.format(Locale.ROOT,
                "Recall@%d %.4f (full ranking); sampled HR@%d %.4f  NDCG@%d %.4f",
                TrainingMetadata.RECALL_CUTOFF, test.hitRatioAt(TrainingMetadata.RECALL_CUTOFF),
                cutoff, sampledTest.hitRatio(), cutoff, sampledTest.ndcg());
        writer.printf(Locale.ROOT, "%s on %s: best epoch %d of %d on %s: test HR@%d %.4f  "
                + "NDCG@%d %.4f %s (%.0f s, model in %s)%n", kind.id(), data.name(),
                result.best().epoch(), result.epochs().size(), settings.selectOn().id(), cutoff,
                test.hitRatio(), cutoff, test.ndcg(), sampled, seconds, folder);
        if (json) {
            writer.println(Json.line(metadata));
        }
        writer.flush();
        return 0;
    }

    /** The configuration the options give {@code kind}. */
    private ItemSimilarityConfig config(ModelKind kind) {
        if (reg.length != 3) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--reg needs three comma-separated weights P,Q,W");
        }
        if (kind == ModelKind.FISM && learnBeta()) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--beta learn needs a NAIS model: FISM has no attention to smooth");
        }
        return Arguments.valid(spec, () -> ItemSimilarityConfig.builder()
                .optAttention(kind.attention())
                .optEmbeddingSize(embedding).optAttentionSize(attention)
                .optBeta(learnBeta() ? 0.5f : parseBeta()).optLearnBeta(learnBeta())
                .optAlpha(alpha).optRegularization(reg[0], reg[1], reg[2])
                .optMaxHistory(maxHistory).build());
    }

    /**
     * The best epoch's test items by the sampled protocol: the run's own evaluation when that
     * protocol chose the epoch, else evaluated now (cheap beside full ranking), so that a model
     * chosen by full ranking reports both protocols.
     */
    private static EvaluationResult sampledTest(TrainingResult result, LeaveOneOutSplit split,
            int k) {
        if (!result.testEvaluation().protocol().equals(SelectionMetric.FULL.id())) {
            return result.testEvaluation();
        }
        return new LeaveOneOutEvaluator(k).sampled(split,
                new BlockScorer(result.block(), result.model().getNDManager()));
    }

    /**
     * The training record of {@code metadata.json}: the data, the metrics, the time, the run's
     * settings (the library's, with the data, pretraining and device beside them), and the
     * command.
     */
    private Map<String, Object> metadata(List<String> command, ModelKind kind,
            ItemSimilarityConfig config, TrainingSettings settings, ResolvedDataset data,
            TrainingResult result, EvaluationResult sampledTest, double seconds,
            Device target) {
        String pretrained = kind == ModelKind.FISM ? "none" : pretrain;
        Integer fismEpochs = kind.isNais() && pretrain.equals("fism") ? pretrainEpochs : null;
        return TrainingMetadata.of(command, kind, config, settings, data, dataOptions.record(),
                result, sampledTest, seconds, target, pretrained, fismEpochs);
    }

    private boolean learnBeta() {
        return beta.equalsIgnoreCase("learn");
    }

    private float parseBeta() {
        try {
            return Float.parseFloat(beta);
        } catch (NumberFormatException e) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--beta must be a number in (0, 1] or 'learn', got '" + beta + "'");
        }
    }

    /**
     * The arguments given to this {@code train}, without the command name: the original
     * command line starts with the top-level command's arguments (none take a value) and then
     * {@code train}.
     */
    private List<String> arguments() {
        List<String> all = spec.commandLine().getParseResult().originalArgs();
        int at = all.indexOf("train");
        return List.copyOf(all.subList(at + 1, all.size()));
    }
}
