package io.naisrec.cli;

import io.naisrec.train.SelectionMetric;
import io.naisrec.train.TrainingLoss;
import io.naisrec.train.TrainingSettings;
import picocli.CommandLine.Option;

/**
 * The options of {@code train} for training towards full ranking: how negatives are drawn,
 * the loss, and the protocol that chooses the epoch. Their defaults are the NAIS reference's
 * (uniform negatives, log loss, sampled selection): no option reproduces the paper.
 */
public final class ObjectiveOptions {

    @Option(names = "--negative-popularity", defaultValue = "0", paramLabel = "γ",
            description = "Draw training negatives with p(i) ∝ count(i)^γ, count(i) the item's "
                    + "users in the training data: 0 is the reference's uniform draw, 1 in "
                    + "proportion to popularity. Default: ${DEFAULT-VALUE}.")
    double negativePopularity;

    @Option(names = "--loss", defaultValue = "log", paramLabel = "log|bpr|softmax",
            description = "Pointwise log loss (the reference's), pairwise BPR over each positive "
                    + "and its negatives, or sampled softmax of the positive among them. "
                    + "Default: ${DEFAULT-VALUE}.")
    String loss;

    @Option(names = "--select-metric", defaultValue = "sampled", paramLabel = "sampled|full",
            description = "The protocol of the per-epoch HR@K that chooses the best epoch and "
                    + "stops early (--patience), and of the reported test metrics: 99 sampled "
                    + "negatives (the paper's), or every item outside the history (slower). "
                    + "Default: ${DEFAULT-VALUE}.")
    String selectMetric;

    /**
     * {@code builder} with these options' settings.
     *
     * @throws IllegalArgumentException naming an option with an unknown value
     */
    TrainingSettings.Builder applyTo(TrainingSettings.Builder builder) {
        return builder.optNegativePopularity(negativePopularity)
                .optLoss(TrainingLoss.parse(loss))
                .optSelectMetric(SelectionMetric.parse(selectMetric));
    }
}
