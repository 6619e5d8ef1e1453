package io.naisrec.train;

import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;
import io.naisrec.model.ItemSimilarityBlock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A DJL training listener that writes a {@link Checkpoint} of the run after every epoch, as DJL's
 * {@code SaveModelTrainingListener} saves a model: the block's parameters, the optimizer's state
 * and the evaluation listener's records. Listed after the {@link EpochEvaluationListener}, so
 * that the epoch's record is in the checkpoint.
 */
final class CheckpointListener extends TrainingListenerAdapter {

    private final Path dir;
    private final TrainingRun run;
    private final Map<String, Object> description;
    private final EpochEvaluationListener evaluation;
    private final ItemSimilarityBlock block;
    private final DenseAdagrad optimizer;
    private int epoch;
    private int lastWritten;

    /**
     * @param dir the checkpoint folder, replaced after every epoch
     * @param run the run, whose kind, configuration and settings the checkpoint records
     * @param description what else the caller records about the run
     * @param evaluation the listener whose records go with it
     * @param block the block being trained
     * @param optimizer its optimizer
     * @param firstEpoch the epochs completed before this training (those of a resumed
     *     checkpoint, taken to be the last written)
     */
    CheckpointListener(Path dir, TrainingRun run, Map<String, Object> description,
            EpochEvaluationListener evaluation, ItemSimilarityBlock block,
            DenseAdagrad optimizer, int firstEpoch) {
        this.dir = dir;
        this.run = run;
        this.description = description;
        this.evaluation = evaluation;
        this.block = block;
        this.optimizer = optimizer;
        this.epoch = firstEpoch;
        this.lastWritten = firstEpoch;
    }

    @Override
    public void onEpoch(Trainer trainer) {
        epoch++;
        try {
            Checkpoint.write(dir, epoch, run, description, evaluation.state(), block, optimizer);
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": cannot write the checkpoint", e);
        }
        lastWritten = epoch;
    }

    /** The epoch of the last checkpoint written (or resumed from), 0 when none was. */
    int lastWritten() {
        return lastWritten;
    }

    /** The checkpoint folder. */
    Path dir() {
        return dir;
    }
}
