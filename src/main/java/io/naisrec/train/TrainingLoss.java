package io.naisrec.train;

import java.util.Locale;

/**
 * The data term a run trains on. Each positive comes with its {@code negatives} sampled items,
 * one group of 1 + negatives rows (the positive first) in every batch.
 */
public enum TrainingLoss {
    /** The reference's pointwise log loss: the mean binary cross-entropy of every row. */
    LOG,
    /**
     * Pairwise BPR (Rendle et al., 2009): the mean of −log σ(s⁺ − s⁻) over every (positive,
     * negative) pair of a group.
     */
    BPR,
    /**
     * Sampled softmax: the mean over groups of −log softmax(s)⁺, the positive's share among
     * its group's scores.
     */
    SOFTMAX;

    /** {@code log}, {@code bpr} or {@code softmax}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the loss compares a positive with its own negatives (every loss but log). */
    public boolean grouped() {
        return this != LOG;
    }

    /** Parses {@code log}, {@code bpr} or {@code softmax}, case-insensitively. */
    public static TrainingLoss parse(String name) {
        for (TrainingLoss loss : values()) {
            if (loss.id().equalsIgnoreCase(name.strip())) {
                return loss;
            }
        }
        throw new IllegalArgumentException("loss must be log, bpr or softmax, got '" + name + "'");
    }
}
