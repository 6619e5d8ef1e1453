package io.naisrec.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.training.listener.TrainingListener;
import io.naisrec.data.InteractionDataset;
import io.naisrec.data.LeaveOneOutSplit;
import io.naisrec.eval.EvaluationResult;
import io.naisrec.eval.LeaveOneOutEvaluator;
import io.naisrec.model.BlockScorer;
import io.naisrec.model.ItemSimilarityBlock;
import io.naisrec.model.ItemSimilarityConfig;
import io.naisrec.model.MemoryBudget;
import io.naisrec.model.ModelKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One training run of FISM or NAIS on a split, evaluating as it goes and keeping the best
 * epoch: the loop of {@link ModelTrainer} with DJL training listeners for its starting point (a
 * pre-trained block or a checkpoint), the per-epoch evaluation that tracks the best epoch,
 * optional checkpoints after every epoch, early stopping, and a progress bar on a terminal
 * (progress lines in the log without one).
 * Built and validated by {@link #builder()} (or {@link #resume} from a checkpoint);
 * {@link #train(LeaveOneOutSplit)} returns a {@link TrainingResult}.
 *
 * <pre>{@code
 * try (TrainingResult fism = TrainingRun.builder().setKind(ModelKind.FISM)
 *         .optSettings(settings).build().train(split)) {
 *     TrainingResult nais = TrainingRun.builder().setKind(ModelKind.NAIS_PROD)
 *             .optSettings(settings).optInitialiseFrom(fism.block()).build().train(split);
 * }
 * }</pre>
 */
public final class TrainingRun {

    private static final Logger LOG = LoggerFactory.getLogger(TrainingRun.class);

    private final ModelKind kind;
    private final ItemSimilarityConfig config;
    private final TrainingSettings settings;
    private final Device device;
    private final ItemSimilarityBlock initialiseFrom;
    private final boolean neutralAttention;
    private final boolean evaluateStart;
    private final Path checkpointDir;
    private final Map<String, Object> description;
    private final Checkpoint resumeFrom;
    private final MemoryBudget memoryBudget;
    private final ItemSimilarityBlock growFrom;
    private final NewItemStart newItemStart;

    private TrainingRun(Builder builder) {
        kind = builder.kind;
        config = builder.config;
        settings = builder.settings;
        device = builder.device;
        initialiseFrom = builder.initialiseFrom;
        neutralAttention = builder.neutralAttention;
        evaluateStart = builder.evaluateStart;
        checkpointDir = builder.checkpointDir;
        description = builder.description;
        resumeFrom = builder.resumeFrom;
        memoryBudget = builder.memoryBudget;
        growFrom = builder.growFrom;
        newItemStart = builder.newItemStart;
    }

    /** A builder; {@link Builder#setKind} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder that continues {@code checkpoint}'s run after its epoch, with its kind,
     * configuration and settings: give it a checkpoint folder to go on checkpointing, and
     * settings with more epochs to train longer. With settings that differ from the
     * checkpoint's only in {@link TrainingSettings#CHANGEABLE_ON_RESUME}, it ends with the
     * metrics and parameters of a run that never stopped.
     *
     * <pre>{@code
     * Checkpoint saved = Checkpoint.read(dir);
     * TrainingRun.resume(saved).optCheckpoint(dir)
     *         .optSettings(saved.settings().toBuilder().optEpochs(20).build())
     *         .build().train(split);
     * }</pre>
     */
    public static Builder resume(Checkpoint checkpoint) {
        return new Builder().setKind(checkpoint.kind()).optConfig(checkpoint.config())
                .optSettings(checkpoint.settings()).optResumeFrom(checkpoint);
    }

    /** The model being trained. */
    public ModelKind kind() {
        return kind;
    }

    /** Its configuration. */
    public ItemSimilarityConfig config() {
        return config;
    }

    /** The training settings. */
    public TrainingSettings settings() {
        return settings;
    }

    /**
     * Trains on {@code split}, chooses the best epoch on its validation split (or on its test
     * items with {@link Selection#TEST}) and evaluates that epoch on the test items. Selecting on
     * validation, the model trains on {@code split}'s training interactions without each user's
     * latest.
     *
     * @throws TrainingDivergedException at the first batch with a non-finite loss; its message
     *     names the last good checkpoint when there is one
     */
    public TrainingResult train(LeaveOneOutSplit split) {
        LeaveOneOutSplit selection = settings.selectionSplit(split);
        String label = kind.id();
        int numItems = split.train().numItems();
        if (initialiseFrom != null && initialiseFrom.numItems() != numItems) {
            throw new IllegalArgumentException("the initialising model has "
                    + initialiseFrom.numItems() + " items, the data " + numItems);
        }
        if (growFrom != null && growFrom.numItems() > numItems) {
            throw new IllegalArgumentException("the parent model has " + growFrom.numItems()
                    + " items, more than the data's " + numItems + ": number the data's items "
                    + "with the parent's first (LeaveOneOutSplit.withLeadingItems)");
        }
        LOG.info("Training {} on {} ({} users, {} items, {} interactions), seed {}, epochs "
                + "chosen on {}", label, split.train().name(), split.train().numUsers(), numItems,
                selection.train().numInteractions(), settings.seed(), settings.selectOn().id());
        ItemSimilarityBlock block = kind.newBlock(config, numItems);
        memoryBudget.requireFits(block, selection.train());
        ModelTrainer trainer = new ModelTrainer(settings, device, memoryBudget);
        DenseAdagrad optimizer = trainer.newOptimizer(block);
        int firstEpoch = resumeFrom == null ? 0 : resumeFrom.epoch();
        EpochEvaluationListener evaluation = new EpochEvaluationListener(label, block, selection,
                settings.k(), settings.evaluateEvery(), settings.epochs(),
                settings.selectMetric());
        List<TrainingListener> listeners = new ArrayList<>();
        if (resumeFrom != null) {
            listeners.add(StartingPointListener.resume(label, resumeFrom, block,
                    () -> kind.newBlock(config, numItems), optimizer, evaluation));
        } else if (initialiseFrom != null) {
            listeners.add(StartingPointListener.pretrained(block, initialiseFrom,
                    neutralAttention));
        } else if (growFrom != null) {
            listeners.add(StartingPointListener.grown(block, growFrom, selection.train(),
                    newItemStart));
        }
        if (evaluateStart) {
            evaluation.evaluateStart();
        }
        listeners.add(ProgressLogListener.forRun(settings.epochs()));
        listeners.add(evaluation);
        CheckpointListener checkpoints = checkpointDir == null ? null : new CheckpointListener(
                checkpointDir, this, description, evaluation, block, optimizer, firstEpoch);
        if (checkpoints != null) {
            listeners.add(checkpoints);
        }
        if (settings.patience() > 0) {
            listeners.add(new PatienceListener(label, evaluation, settings.patience()));
        }
        long start = System.nanoTime();
        Model model;
        try {
            model = trainer.train(label, block, optimizer, selection.train(), firstEpoch,
                    listeners);
        } catch (TrainingDivergedException e) {
            String where = checkpoints != null && checkpoints.lastWritten() > 0
                    ? "the last good checkpoint is in " + checkpoints.dir() + " (epoch "
                            + checkpoints.lastWritten() + ")"
                    : "no checkpoint was written (no epoch completed)";
            throw new TrainingDivergedException(label + ": " + e.getMessage() + "; " + where,
                    e.epoch(), e.batch());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        evaluation.restoreBest();
        EpochRecord best = evaluation.best();
        EvaluationResult test = settings.selectOn() == Selection.TEST
                ? evaluation.bestResult() : testEvaluation(split, block, model);
        LOG.info("{}: best epoch {} of {} (on {}: HR@{} {}, NDCG@{} {}); test HR@{} {}, "
                + "NDCG@{} {}", label, best.epoch(), evaluation.records().size(),
                settings.selectOn().id(), settings.k(), format(best.hitRatio()), settings.k(),
                format(best.ndcg()), settings.k(), format(test.hitRatio()), settings.k(),
                format(test.ndcg()));
        return new TrainingResult(model, block, evaluation.records(), best, evaluation.bestResult(),
                test, seconds);
    }

    /** The test items of {@code split}, by the protocol that chose the epoch. */
    private EvaluationResult testEvaluation(LeaveOneOutSplit split, ItemSimilarityBlock block,
            Model model) {
        LeaveOneOutEvaluator evaluator = new LeaveOneOutEvaluator(settings.k());
        BlockScorer scorer = new BlockScorer(block, model.getNDManager());
        return settings.selectMetric() == SelectionMetric.FULL
                ? evaluator.fullRanking(split, scorer) : evaluator.sampled(split, scorer);
    }

    /** The interactions {@link #train} trains on for {@code split}. */
    public InteractionDataset trainingData(LeaveOneOutSplit split) {
        return settings.selectionSplit(split).train();
    }

    private static String format(double metric) {
        return String.format(Locale.ROOT, "%.4f", metric);
    }

    /** Builder for {@link TrainingRun}; {@link #build()} validates the whole run. */
    public static final class Builder {
        private ModelKind kind;
        private ItemSimilarityConfig config;
        private TrainingSettings settings = TrainingSettings.builder().build();
        private Device device = Device.cpu();
        private ItemSimilarityBlock initialiseFrom;
        private boolean neutralAttention;
        private boolean evaluateStart;
        private Path checkpointDir;
        private Map<String, Object> description = Map.of();
        private Checkpoint resumeFrom;
        private MemoryBudget memoryBudget = MemoryBudget.DEFAULT;
        private ItemSimilarityBlock growFrom;
        private NewItemStart newItemStart = NewItemStart.COOCCURRENCE;

        private Builder() {}

        /** FISM, NAIS-prod or NAIS-concat (required). */
        public Builder setKind(ModelKind value) {
            kind = value;
            return this;
        }

        /**
         * The model's hyperparameters; default {@link ItemSimilarityConfig#builder()}'s with the
         * kind's
         * attention variant.
         */
        public Builder optConfig(ItemSimilarityConfig value) {
            config = value;
            return this;
        }

        /** Epochs, learning rate, negatives, batch size, seed, K, evaluation period. */
        public Builder optSettings(TrainingSettings value) {
            settings = value;
            return this;
        }

        /** Where to train; default the CPU. */
        public Builder optDevice(Device value) {
            device = value;
            return this;
        }

        /** A trained block (FISM) whose embeddings and item biases start this model. */
        public Builder optInitialiseFrom(ItemSimilarityBlock value) {
            initialiseFrom = value;
            return this;
        }

        /**
         * With {@link #optInitialiseFrom}, whether NAIS's attention starts at h = 0, scoring at
         * first as a FISM of the pre-trained embeddings with α = β (default false: the
         * reference's h = 1).
         */
        public Builder optNeutralAttention(boolean value) {
            neutralAttention = value;
            return this;
        }

        /**
         * Whether to evaluate the starting point before the first epoch, as epoch 0, which the
         * selection keeps when no epoch beats it (default false).
         */
        public Builder optEvaluateStart(boolean value) {
            evaluateStart = value;
            return this;
        }

        /**
         * A trained model of the same kind and configuration (a parent) that this one continues
         * on new data: every parameter starts as the parent's, the parent's items being the
         * data's first ones in the parent's order; the items after them (new to the parent)
         * start by {@code newItems}. The optimizer starts afresh (a model folder keeps no
         * accumulators).
         */
        public Builder optGrowFrom(ItemSimilarityBlock parent, NewItemStart newItems) {
            growFrom = parent;
            newItemStart = Objects.requireNonNull(newItems, "newItems");
            return this;
        }

        /**
         * Writes a {@link Checkpoint} to {@code dir} after every epoch (replacing the one
         * there); it records the run's kind, configuration and settings.
         */
        public Builder optCheckpoint(Path dir) {
            return optCheckpoint(dir, Map.of());
        }

        /**
         * As {@link #optCheckpoint(Path)}, the checkpoint also recording {@code description}:
         * what else the caller needs to continue the run (where its data came from), as JSON
         * values (strings, numbers, booleans, lists and maps of them).
         */
        public Builder optCheckpoint(Path dir, Map<String, Object> description) {
            checkpointDir = dir;
            this.description = Map.copyOf(description);
            return this;
        }

        /**
         * Continues after the checkpoint's epoch instead of starting afresh; the kind and
         * configuration must be the checkpoint's ({@link TrainingRun#resume} sets them, and its
         * settings). The run ends as one that never stopped when its settings differ from the
         * checkpoint's only in {@link TrainingSettings#CHANGEABLE_ON_RESUME}.
         */
        public Builder optResumeFrom(Checkpoint value) {
            resumeFrom = value;
            return this;
        }

        /**
         * Keeps training passes to {@code value} ({@link MemoryBudget}); training refuses to
         * start, with one line, when one row of the longest history does not fit it.
         */
        public Builder optMemoryBudget(MemoryBudget value) {
            memoryBudget = Objects.requireNonNull(value, "memory budget");
            return this;
        }

        /**
         * Builds and validates: a kind is given, the configuration fits it (a learned β needs
         * NAIS), an initialising block has the same embedding size and is not combined with a
         * resume, and a resumed run has the checkpoint's kind and configuration and more epochs
         * than the checkpoint completed.
         */
        public TrainingRun build() {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(settings, "settings");
            Objects.requireNonNull(device, "device");
            if (config == null) {
                config = ItemSimilarityConfig.builder().optAttention(kind.attention()).build();
            }
            kind.check(config);
            if (initialiseFrom != null && resumeFrom != null) {
                throw new IllegalArgumentException("a resumed run restores its own parameters: "
                        + "it cannot also start from a pre-trained model");
            }
            if (growFrom != null) {
                checkParent();
            }
            if (initialiseFrom != null
                    && initialiseFrom.config().embeddingSize() != config.embeddingSize()) {
                throw new IllegalArgumentException("the initialising model has embedding size "
                        + initialiseFrom.config().embeddingSize() + ", this one "
                        + config.embeddingSize());
            }
            if (resumeFrom != null) {
                checkResumable();
            }
            if (resumeFrom != null && resumeFrom.epoch() >= settings.epochs()) {
                throw new IllegalArgumentException("the checkpoint has already completed "
                        + resumeFrom.epoch() + " epochs; ask for more than that (epochs "
                        + settings.epochs() + ")");
            }
            return new TrainingRun(this);
        }

        private void checkParent() {
            if (initialiseFrom != null || resumeFrom != null) {
                throw new IllegalArgumentException("a model grown from a parent starts from the "
                        + "parent alone: not also from a pre-trained model or a checkpoint");
            }
            if (ModelKind.of(growFrom) != kind) {
                throw new IllegalArgumentException("the parent is a " + ModelKind.of(growFrom)
                        .id() + " model: it cannot start a " + kind.id() + " model");
            }
            if (!growFrom.config().equals(config)) {
                throw new IllegalArgumentException("a model grown from a parent keeps its "
                        + "configuration " + growFrom.config() + ", got " + config);
            }
        }

        private void checkResumable() {
            if (kind != resumeFrom.kind()) {
                throw new IllegalArgumentException("the checkpoint is of a " + resumeFrom.kind()
                        + " run: it cannot resume as " + kind);
            }
            if (!config.equals(resumeFrom.config())) {
                throw new IllegalArgumentException("a resumed run keeps its model configuration "
                        + resumeFrom.config() + ", got " + config);
            }
        }
    }
}
