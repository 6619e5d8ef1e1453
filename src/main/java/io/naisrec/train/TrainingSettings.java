package io.naisrec.train;

/**
 * How to train and evaluate while training, validated at construction: the one place every
 * training setting is checked, whether it comes from code, the command line or a notebook.
 *
 * @param epochs number of epochs, at least 1; default 5
 * @param learningRate Adagrad learning rate η, finite and &gt; 0; default 0.01 (the paper's)
 * @param negatives sampled negatives per positive, at least 0; default 4 (the paper's)
 * @param batchSize most samples per batch, at least 1 (heavy users are split); default 512
 * @param seed seeds initialisation, negatives and batch order; default 42
 * @param k the cut-off K of HR@K and NDCG@K evaluated after epochs, at least 1; default 10
 * @param evaluateEvery evaluate every this many epochs (and after the last), at least 1;
 *     default 1
 */
public record TrainingSettings(int epochs, float learningRate, int negatives, int batchSize,
        long seed, int k, int evaluateEvery) {

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
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        if (evaluateEvery < 1) {
            throw new IllegalArgumentException("evaluate-every must be >= 1, got "
                    + evaluateEvery);
        }
    }

    /** A builder with the defaults above. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        return new Builder().optEpochs(epochs).optLearningRate(learningRate)
                .optNegatives(negatives).optBatchSize(batchSize).optSeed(seed).optK(k)
                .optEvaluateEvery(evaluateEvery);
    }

    /** Builder for {@link TrainingSettings}; {@link #build()} validates. */
    public static final class Builder {
        private int epochs = 5;
        private float learningRate = 0.01f;
        private int negatives = 4;
        private int batchSize = 512;
        private long seed = 42;
        private int k = 10;
        private int evaluateEvery = 1;

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

        /** Most samples per batch. */
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

        /** Builds and validates. */
        public TrainingSettings build() {
            return new TrainingSettings(epochs, learningRate, negatives, batchSize, seed, k,
                    evaluateEvery);
        }
    }
}
