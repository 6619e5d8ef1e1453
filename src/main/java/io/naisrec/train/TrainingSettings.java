package io.naisrec.train;

import io.naisrec.data.LeaveOneOutSplit;
import java.util.Collection;
import java.util.List;

/**
 * How to train and evaluate while training, validated at construction: the one place every
 * training setting is checked, whether it comes from code, the command line or a notebook.
 *
 * @param epochs number of epochs, at least 1; default 5
 * @param learningRate Adagrad learning rate η, finite and &gt; 0; default 0.01 (the paper's)
 * @param negatives sampled negatives per positive, at least 0; default 4 (the paper's)
 * @param batchSize most samples per batch (heavy users are split), or 0 for one batch per user
 *     with all of that user's samples, as the reference trains ({@code batch_choice=user});
 *     default 0
 * @param seed seeds initialisation, negatives and batch order; default 42
 * @param k the cut-off K of HR@K and NDCG@K evaluated after epochs, at least 1; default 10
 * @param evaluateEvery evaluate every this many epochs (and after the last), at least 1;
 *     default 1
 * @param selectOn which held-out items choose the best epoch; default validation
 * @param patience stop after this many evaluations without a better one, or 0 to train every
 *     epoch; default 0
 * @param negativePopularity γ of the negatives' distribution p(i) ∝ count(i)^γ, finite and
 *     &gt;= 0; default 0, the reference's uniform draw
 * @param loss the data term; default {@link TrainingLoss#LOG}, the reference's; the others
 *     need at least one negative
 * @param selectMetric the protocol that chooses the best epoch (and stops early); default
 *     {@link SelectionMetric#SAMPLED}, the paper's
 *
 * <p>The defaults are the NAIS reference's configuration, with the model's own defaults
 * ({@link io.naisrec.model.ItemSimilarityConfig}): the paper stays reproducible by giving no
 * option.
 */
public record TrainingSettings(int epochs, float learningRate, int negatives, int batchSize,
        long seed, int k, int evaluateEvery, Selection selectOn, int patience,
        double negativePopularity, TrainingLoss loss, SelectionMetric selectMetric) {

    /** Validates every field; messages name the setting as the command line does. */
    public TrainingSettings {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        }
        if (!(learningRate > 0f) || Float.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be positive and finite, got "
                    + learningRate);
        }
        if (negatives < 0) {
            throw new IllegalArgumentException("negatives must be >= 0, got " + negatives);
        }
        if (batchSize < 0) {
            throw new IllegalArgumentException("batch size must be >= 0 (0: one batch per "
                    + "user), got " + batchSize);
        }
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        if (evaluateEvery < 1) {
            throw new IllegalArgumentException("evaluate-every must be >= 1, got "
                    + evaluateEvery);
        }
        if (selectOn == null) {
            throw new IllegalArgumentException("select-on must be validation or test");
        }
        if (patience < 0) {
            throw new IllegalArgumentException("patience must be >= 0 (0: no early stopping), "
                    + "got " + patience);
        }
        if (!(negativePopularity >= 0) || Double.isInfinite(negativePopularity)) {
            throw new IllegalArgumentException("negative-popularity must be finite and >= 0, got "
                    + negativePopularity);
        }
        if (loss == null || selectMetric == null) {
            throw new IllegalArgumentException("loss and select-metric must be given");
        }
        if (loss.grouped() && negatives < 1) {
            throw new IllegalArgumentException("loss " + loss.id() + " compares each positive "
                    + "with its negatives: negatives must be >= 1, got " + negatives);
        }
    }

    /**
     * The settings a resumed run may change and still end as a run that never stopped, named
     * as the command line names them: the number of epochs (to train longer), the evaluation
     * period and the patience. {@code train --resume} refuses the others.
     */
    public static final List<String> CHANGEABLE_ON_RESUME = List.of("epochs", "evaluate-every",
            "patience");

    /**
     * These settings with {@code changed}'s values of the settings {@code names}, each one of
     * {@link #CHANGEABLE_ON_RESUME}: what a resumed run trains with.
     *
     * @throws IllegalArgumentException for a name that is not one of them
     */
    public TrainingSettings withChangesFrom(TrainingSettings changed, Collection<String> names) {
        Builder builder = toBuilder();
        for (String name : names) {
            switch (name) {
                case "epochs" -> builder.optEpochs(changed.epochs);
                case "evaluate-every" -> builder.optEvaluateEvery(changed.evaluateEvery);
                case "patience" -> builder.optPatience(changed.patience);
                default -> throw new IllegalArgumentException("a resumed run keeps its " + name
                        + " (only " + String.join(", ", CHANGEABLE_ON_RESUME) + " can change)");
            }
        }
        return builder.build();
    }

    /**
     * The split whose held-out items choose the best epoch: {@code split} itself with selection
     * on the test items, else its validation split, whose training interactions a run trains on.
     */
    public LeaveOneOutSplit selectionSplit(LeaveOneOutSplit split) {
        return selectOn == Selection.TEST ? split
                : split.validation(LeaveOneOutSplit.NCF_NEGATIVES, seed);
    }

    /** A builder with the defaults above. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        return new Builder().optEpochs(epochs).optLearningRate(learningRate)
                .optNegatives(negatives).optBatchSize(batchSize).optSeed(seed).optK(k)
                .optEvaluateEvery(evaluateEvery).optSelectOn(selectOn).optPatience(patience)
                .optNegativePopularity(negativePopularity).optLoss(loss)
                .optSelectMetric(selectMetric);
    }

    /** Builder for {@link TrainingSettings}; {@link #build()} validates. */
    public static final class Builder {
        private int epochs = 5;
        private float learningRate = 0.01f;
        private int negatives = 4;
        private int batchSize;
        private long seed = 42;
        private int k = 10;
        private int evaluateEvery = 1;
        private Selection selectOn = Selection.VALIDATION;
        private int patience;
        private double negativePopularity;
        private TrainingLoss loss = TrainingLoss.LOG;
        private SelectionMetric selectMetric = SelectionMetric.SAMPLED;

        private Builder() {}

        /** Number of epochs. */
        public Builder optEpochs(int value) {
            epochs = value;
            return this;
        }

        /** Adagrad learning rate. */
        public Builder optLearningRate(float value) {
            learningRate = value;
            return this;
        }

        /** Sampled negatives per positive. */
        public Builder optNegatives(int value) {
            negatives = value;
            return this;
        }

        /** Most samples per batch; 0 for one batch per user. */
        public Builder optBatchSize(int value) {
            batchSize = value;
            return this;
        }

        /** The seed. */
        public Builder optSeed(long value) {
            seed = value;
            return this;
        }

        /** The cut-off K of the per-epoch evaluation. */
        public Builder optK(int value) {
            k = value;
            return this;
        }

        /** Evaluate every this many epochs. */
        public Builder optEvaluateEvery(int value) {
            evaluateEvery = value;
            return this;
        }

        /** Which held-out items choose the best epoch. */
        public Builder optSelectOn(Selection value) {
            selectOn = value;
            return this;
        }

        /** Evaluations without improvement before stopping; 0 never stops early. */
        public Builder optPatience(int value) {
            patience = value;
            return this;
        }

        /** γ of the negatives' distribution p(i) ∝ count(i)^γ; 0 draws uniformly. */
        public Builder optNegativePopularity(double value) {
            negativePopularity = value;
            return this;
        }

        /** The data term: log, BPR or sampled softmax. */
        public Builder optLoss(TrainingLoss value) {
            loss = value;
            return this;
        }

        /** The protocol that chooses the best epoch: sampled or full ranking. */
        public Builder optSelectMetric(SelectionMetric value) {
            selectMetric = value;
            return this;
        }

        /** Builds and validates. */
        public TrainingSettings build() {
            return new TrainingSettings(epochs, learningRate, negatives, batchSize, seed, k,
                    evaluateEvery, selectOn, patience, negativePopularity, loss, selectMetric);
        }
    }
}
