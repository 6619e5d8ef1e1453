package io.naisrec.cli;

import ai.djl.Device;
import io.naisrec.data.DataException;
import io.naisrec.data.Folders;
import io.naisrec.data.LeaveOneOutSplit;
import io.naisrec.data.ResolvedDataset;
import io.naisrec.eval.Checkpoint;
import io.naisrec.eval.EpochRecord;
import io.naisrec.eval.TrainingHistory;
import io.naisrec.eval.TrainingRun;
import io.naisrec.model.ItemSimilarityBlock;
import io.naisrec.model.NaisBlock;
import io.naisrec.model.NaisConfig;
import io.naisrec.train.ModelTrainer;
import io.naisrec.train.TrainingSettings;
import io.naisrec.zoo.ItemVocabulary;
import io.naisrec.zoo.ModelDirectory;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train FISM or NAIS (pointwise log loss, Adagrad), evaluate HR@K/NDCG@K "
                + "every epoch and write the best epoch's model to --out.")
final class TrainCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(TrainCommand.class);

    @Mixin
    private DataOptions dataOptions;

    @Option(names = "--model", defaultValue = "nais-prod", paramLabel = "M",
            description = "nais-prod, nais-concat or fism. Default: ${DEFAULT-VALUE}.")
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

    @Option(names = "--batch-size", defaultValue = "512",
            description = "Most samples per batch (one user's samples share a batch; heavy users"
                    + " are split). Default: ${DEFAULT-VALUE}.")
    private int batchSize;

    @Option(names = "--pretrain", defaultValue = "fism", paramLabel = "fism|none|DIR",
            description = "NAIS initialisation: train FISM first, start from scratch, or load a "
                    + "FISM model folder. Default: ${DEFAULT-VALUE}.")
    private String pretrain;

    @Option(names = "--pretrain-epochs", defaultValue = "10",
            description = "Epochs of FISM pre-training. Default: ${DEFAULT-VALUE}.")
    private int pretrainEpochs;

    @Option(names = "--evaluate-every", defaultValue = "1",
            description = "Evaluate every N epochs (and at the last). Default: ${DEFAULT-VALUE}.")
    private int evaluateEvery;

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
            description = "Continue the run whose checkpoint folder this is, with its original "
                    + "arguments; other options are ignored.")
    private Path resume;

    @Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Checkpoint resumeFrom = null;
        Path checkpointDir = checkpoint;
        List<String> arguments = arguments();
        if (resume != null) {
            Path from = resume;
            resumeFrom = Checkpoint.read(from);
            List<String> original = new ArrayList<>();
            try {
                resumeFrom.description().getAsJsonArray("args")
                        .forEach(a -> original.add(a.getAsString()));
                resumeFrom.description().get("dataset_sha256").getAsString();
            } catch (RuntimeException e) {
                throw new DataException(from.resolve(Checkpoint.STATE_FILE) + ": not a checkpoint "
                        + "of 'nais train' (no args or dataset_sha256)", e);
            }
            spec.commandLine().parseArgs(original.toArray(String[]::new));
            arguments = original;
            checkpointDir = from;
            LOG.info("Resuming {} after epoch {}", from, resumeFrom.epoch());
        }
        String name = model.toLowerCase(Locale.ROOT);
        if (!List.of("nais-prod", "nais-concat", "fism").contains(name)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--model must be nais-prod, nais-concat or fism, got '" + model + "'");
        }
        if (reg.length != 3) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--reg needs three comma-separated weights P,Q,W");
        }
        TrainingRun.Kind kind = name.equals("fism") ? TrainingRun.Kind.FISM
                : TrainingRun.Kind.NAIS;
        if (kind == TrainingRun.Kind.FISM && learnBeta()) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--beta learn needs a NAIS model: FISM has no attention to smooth");
        }
        NaisConfig config = NaisConfig.builder()
                .optAttention(name.equals("nais-concat") ? NaisConfig.Attention.CONCAT
                        : NaisConfig.Attention.PROD)
                .optEmbeddingSize(embedding).optAttentionSize(attention)
                .optBeta(learnBeta() ? 0.5f : parseBeta()).optLearnBeta(learnBeta())
                .optAlpha(alpha).optRegularization(reg[0], reg[1], reg[2])
                .optMaxHistory(maxHistory).build();
        TrainingSettings settings = new TrainingSettings(epochs, learningRate, negatives,
                batchSize, seed);
        Device target = ModelTrainer.device(device);
        ResolvedDataset data = dataOptions.resolve();
        LeaveOneOutSplit split = data.split(LeaveOneOutSplit.NCF_NEGATIVES, seed);
        LOG.info("Seed {}, device {}", seed, target);
        Path folder = out != null ? out : Path.of("runs", name + "-" + data.name());
        if (checkpointDir == null) {
            checkpointDir = folder.resolveSibling(folder.getFileName() + ".checkpoint");
        }
        if (checkpointDir.toAbsolutePath().normalize().equals(folder.toAbsolutePath()
                .normalize())) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--checkpoint must differ from --out");
        }
        if (Files.exists(checkpointDir)) {
            Folders.requireOurs(checkpointDir, Checkpoint.STATE_FILE);
        }
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("args", arguments);
        description.put("dataset_sha256", data.sha256());
        if (resumeFrom != null && !data.sha256().equals(resumeFrom.description()
                .get("dataset_sha256").getAsString())) {
            throw new IllegalArgumentException("--resume " + checkpointDir + ": the data "
                    + dataOptions.data + " changed since the checkpoint (SHA-256 differs)");
        }
        long start = System.nanoTime();
        TrainingRun.Result result;
        try (Pretrained init = resumeFrom != null ? new Pretrained(null, null)
                : pretrained(kind, config, settings, split, target)) {
            java.nio.file.attribute.FileTime begun = java.nio.file.attribute.FileTime
                    .fromMillis(System.currentTimeMillis() - 1000);
            try {
                result = TrainingRun.run(kind, config, settings, split, target, k,
                        evaluateEvery, init.block(), new TrainingRun.Checkpointing(checkpointDir,
                                description, resumeFrom));
            } catch (IllegalStateException e) {
                Path state = checkpointDir.resolve(Checkpoint.STATE_FILE);
                boolean ours = resumeFrom != null || (Files.exists(state)
                        && Files.getLastModifiedTime(state).compareTo(begun) >= 0);
                throw new IllegalStateException(e.getMessage() + "; the last good checkpoint is "
                        + (ours ? "in " + checkpointDir : "none (no epoch completed)"), e);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Object> metadata = metadata(arguments, name, data, result, seconds);
        try (var trained = result.model()) {
            List<EpochRecord> epochs = result.epochs();
            ModelDirectory.save(folder, trained, kind, config,
                    ItemVocabulary.of(split.train().items(), data.itemNames()), metadata,
                    Map.of("training.csv", p -> TrainingHistory.writeCsv(epochs, p),
                            "training.png", p -> TrainingHistory.writeChart(name + " on "
                                    + data.name(), k, epochs, p)));
        }
        LOG.info("Model written to {}", folder);
        if (Files.isRegularFile(checkpointDir.resolve(Checkpoint.STATE_FILE))) {
            Folders.deleteTree(checkpointDir);
        }
        PrintWriter writer = spec.commandLine().getOut();
        writer.printf(Locale.ROOT, "%s on %s: best epoch %d of %d: HR@%d %.4f  NDCG@%d %.4f  "
                + "(%.0f s, model in %s)%n", name, data.name(), result.best().epoch(), epochs, k,
                result.best().hitRatio(), k, result.best().ndcg(), seconds, folder);
        if (json) {
            writer.println(Json.line(metadata));
        }
        writer.flush();
        return 0;
    }

    private Map<String, Object> metadata(List<String> arguments, String name,
            ResolvedDataset data,
            TrainingRun.Result result, double seconds) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("model", name);
        fields.put("dataset", data.name());
        fields.put("dataset_sha256", data.sha256());
        fields.put("users", result.bestEvaluation().numUsers());
        fields.put("hr@" + k, result.best().hitRatio());
        fields.put("ndcg@" + k, result.best().ndcg());
        fields.put("k", k);
        fields.put("seed", seed);
        fields.put("epochs", epochs);
        fields.put("best_epoch", result.best().epoch());
        fields.put("train_seconds", seconds);
        if (result.block() instanceof NaisBlock nais) {
            fields.put("beta", nais.beta());
            fields.put("beta_learned", learnBeta());
        }
        fields.put("pretrain", name.equals("fism") ? "none" : pretrain);
        fields.put("command", "java -jar target/nais.jar train " + String.join(" ",
                arguments));
        return fields;
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
     * The arguments given to this {@code train}, without the command name: read before any
     * re-parsing, when the original command line still starts with the top-level command's
     * arguments (none take a value) and then {@code train}.
     */
    private List<String> arguments() {
        List<String> all = spec.commandLine().getParseResult().originalArgs();
        int at = all.indexOf("train");
        return List.copyOf(all.subList(at + 1, all.size()));
    }

    /** The FISM block NAIS starts from, if any, and the model that owns it. */
    private record Pretrained(ai.djl.Model owner, ItemSimilarityBlock block)
            implements AutoCloseable {
        @Override
        public void close() {
            if (owner != null) {
                owner.close();
            }
        }
    }

    private Pretrained pretrained(TrainingRun.Kind kind, NaisConfig config,
            TrainingSettings settings, LeaveOneOutSplit split, Device target) {
        if (kind == TrainingRun.Kind.FISM || pretrain.equals("none")) {
            return new Pretrained(null, null);
        }
        if (pretrain.equals("fism")) {
            TrainingSettings fism = new TrainingSettings(pretrainEpochs, settings.learningRate(),
                    settings.negatives(), settings.batchSize(), settings.seed());
            TrainingRun.Result result = TrainingRun.run(TrainingRun.Kind.FISM, config, fism, split,
                    target, k, evaluateEvery, null);
            return new Pretrained(result.model(), result.block());
        }
        ModelDirectory.Loaded loaded = ModelDirectory.load(Path.of(pretrain), target);
        if (loaded.kind() != TrainingRun.Kind.FISM) {
            loaded.close();
            throw new IllegalArgumentException("--pretrain " + pretrain + " is a "
                    + loaded.kind().name().toLowerCase(Locale.ROOT) + " model, not fism");
        }
        if (!loaded.items().ids().equals(split.train().items().ids())) {
            loaded.close();
            throw new IllegalArgumentException("--pretrain " + pretrain
                    + " was trained on other items than --data " + dataOptions.data);
        }
        return new Pretrained(loaded.model(), loaded.block());
    }
}
