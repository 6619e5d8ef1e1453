package io.naisrec.train;

/**
 * How to train, validated at construction.
 *
 * @param epochs number of epochs, at least 1
 * @param learningRate Adagrad learning rate η &gt; 0 (paper: 0.01)
 * @param negatives sampled negatives per positive, at least 0 (paper: 4)
 * @param batchSize most samples per batch, at least 1 (heavy users are split)
 * @param seed seeds initialisation, negatives and batch order
 */
public record TrainingSettings(int epochs, float learningRate, int negatives, int batchSize,
        long seed) {

    /** Validates every field. */
    public TrainingSettings {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        }
        if (!(learningRate > 0f) || Float.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be positive, got "
                    + learningRate);
        }
        if (negatives < 0) {
            throw new IllegalArgumentException("negatives must be >= 0, got " + negatives);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
    }
}
