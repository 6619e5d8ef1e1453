package io.naisrec.train;

import ai.djl.training.Trainer;
import ai.djl.training.listener.EarlyStoppingListener.EarlyStoppedException;
import ai.djl.training.listener.TrainingListenerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A DJL training listener for early stopping on the per-epoch evaluation: after an epoch that
 * leaves {@code patience} evaluations without a better epoch than the
 * {@link EpochEvaluationListener}'s best, it ends the run with DJL's
 * {@link EarlyStoppedException}, as DJL's own {@code EarlyStoppingListener} does on a loss.
 * Listed after the evaluation and checkpoint listeners, so that the last epoch is recorded and
 * saved first.
 */
final class PatienceListener extends TrainingListenerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(PatienceListener.class);

    private final String label;
    private final EpochEvaluationListener evaluation;
    private final int patience;

    /** Stops after {@code patience} (at least 1) evaluations without a better epoch. */
    PatienceListener(String label, EpochEvaluationListener evaluation, int patience) {
        if (patience < 1) {
            throw new IllegalArgumentException("patience must be >= 1, got " + patience);
        }
        this.label = label;
        this.evaluation = evaluation;
        this.patience = patience;
    }

    @Override
    public void onEpoch(Trainer trainer) {
        if (evaluation.evaluationsSinceBest() >= patience) {
            LOG.info("{}: no better epoch in {} evaluations: stopping", label, patience);
            int epoch = evaluation.records().size();
            throw new EarlyStoppedException(epoch, "no better epoch in " + patience
                    + " evaluations");
        }
    }
}
