package io.naisrec.eval;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.training.listener.TrainingListener;
import io.naisrec.data.LeaveOneOutSplit;
import io.naisrec.model.FismBlock;
import io.naisrec.model.ItemSimilarityBlock;
import io.naisrec.model.NaisBlock;
import io.naisrec.model.NaisConfig;
import io.naisrec.train.DenseAdagrad;
import io.naisrec.train.ModelTrainer;
import io.naisrec.train.ProgressBarListener;
import io.naisrec.train.TrainingSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains FISM or NAIS on a split, evaluating as it goes, and keeps the best epoch: the training
 * loop of {@link ModelTrainer} with an {@link EpochEvaluationListener} (and a progress bar on a
 * terminal).
 */
public final class TrainingRun {

    private static final Logger LOG = LoggerFactory.getLogger(TrainingRun.class);

    /** Which model to train. */
    public enum Kind {
        /** FISM, uniform weights. */
        FISM,
        /** NAIS with the configured attention. */
        NAIS;

        /** A new block of this kind. */
        public ItemSimilarityBlock newBlock(NaisConfig config, int numItems) {
            return this == FISM ? new FismBlock(config, numItems) : new NaisBlock(config, numItems);
        }
    }

    /**
     * The outcome: the model (with the best epoch's parameters; the caller closes it), every
     * epoch, the best epoch and its evaluation, and the training time.
     */
    public record Result(Model model, ItemSimilarityBlock block, List<EpochRecord> epochs,
            EpochRecord best, EvaluationResult bestEvaluation, double trainSeconds) {}

    private TrainingRun() {}

    /**
     * Trains and evaluates.
     *
     * @param kind FISM or NAIS
     * @param config model hyperparameters
     * @param settings training settings
     * @param split the data: training histories, test items and negatives
     * @param device where to train
     * @param k the cut-off K of HR@K and NDCG@K
     * @param evaluateEvery evaluate every this many epochs
     * @param initialiseFrom a trained block whose embeddings initialise this one, or null
     */
    public static Result run(Kind kind, NaisConfig config, TrainingSettings settings,
            LeaveOneOutSplit split, Device device, int k, int evaluateEvery,
            ItemSimilarityBlock initialiseFrom) {
        return run(kind, config, settings, split, device, k, evaluateEvery, initialiseFrom, null);
    }

    /**
     * Checkpointing of a run: after every epoch a {@link Checkpoint} goes to {@code dir} with
     * {@code description}; with {@code resumeFrom} the run continues after that checkpoint's
     * epoch instead of starting afresh.
     */
    public record Checkpointing(Path dir, Map<String, Object> description,
            Checkpoint resumeFrom) {}

    /** As {@link #run(Kind, NaisConfig, TrainingSettings, LeaveOneOutSplit, Device, int, int,
     * ItemSimilarityBlock)}, checkpointing every epoch (and resuming) when asked. */
    public static Result run(Kind kind, NaisConfig config, TrainingSettings settings,
            LeaveOneOutSplit split, Device device, int k, int evaluateEvery,
            ItemSimilarityBlock initialiseFrom, Checkpointing checkpointing) {
        String label = kind == Kind.FISM ? "fism"
                : "nais-" + config.attention().name().toLowerCase(java.util.Locale.ROOT);
        LOG.info("Training {} on {} ({} users, {} items, {} interactions), seed {}", label,
                split.train().name(), split.train().numUsers(), split.train().numItems(),
                split.train().numInteractions(), settings.seed());
        ItemSimilarityBlock block = kind.newBlock(config, split.train().numItems());
        List<TrainingListener> listeners = new ArrayList<>();
        EpochEvaluationListener[] evaluation = new EpochEvaluationListener[1];
        ProgressBarListener bar = ProgressBarListener.forConsole(settings.epochs());
        if (bar != null) {
            listeners.add(bar);
        }
        long start = System.nanoTime();
        ModelTrainer trainer = new ModelTrainer(settings, device);
        Model model = trainer.train(label, block, split.train(), m -> {
            evaluation[0] = new EpochEvaluationListener(label, block, m.getNDManager(), split, k,
                    evaluateEvery, settings.epochs());
            listeners.add(evaluation[0]);
            return listeners;
        }, new ModelTrainer.Hooks() {
            @Override
            public int startEpoch() {
                return resumeFrom(checkpointing) == null ? 0 : resumeFrom(checkpointing).epoch();
            }

            @Override
            public void beforeTraining(ItemSimilarityBlock initialised, DenseAdagrad optimizer) {
                Checkpoint resume = resumeFrom(checkpointing);
                if (resume != null) {
                    resume.restore(initialised, kind.newBlock(config, split.train().numItems()),
                            optimizer);
                    evaluation[0].restore(resume.evaluation());
                    LOG.info("{}: resumed after epoch {}", label, resume.epoch());
                } else if (initialiseFrom != null) {
                    initialised.copyEmbeddingsFrom(initialiseFrom);
                }
            }

            @Override
            public void afterBatch(float loss, long samples) {
                evaluation[0].addBatchLoss(loss, samples);
            }

            @Override
            public void afterEpoch(int epoch, DenseAdagrad optimizer) {
                if (checkpointing == null) {
                    return;
                }
                try {
                    Checkpoint.write(checkpointing.dir(), epoch, checkpointing.description(),
                            evaluation[0].state(), block, optimizer);
                } catch (IOException e) {
                    throw new UncheckedIOException(checkpointing.dir()
                            + ": cannot write the checkpoint", e);
                }
            }
        });
        double seconds = (System.nanoTime() - start) / 1e9;
        evaluation[0].restoreBest();
        LOG.info("{}: best epoch {} of {}: HR@{} {}, NDCG@{} {}", label,
                evaluation[0].best().epoch(), settings.epochs(), k,
                String.format("%.4f", evaluation[0].best().hitRatio()), k,
                String.format("%.4f", evaluation[0].best().ndcg()));
        return new Result(model, block, evaluation[0].records(), evaluation[0].best(),
                evaluation[0].bestResult(), seconds);
    }

    private static Checkpoint resumeFrom(Checkpointing checkpointing) {
        return checkpointing == null ? null : checkpointing.resumeFrom();
    }
}
