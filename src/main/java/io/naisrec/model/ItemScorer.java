package io.naisrec.model;

/**
 * Scores candidate items for one user from that user's history (item indices). Implementations
 * are read-only after construction and safe to call from several threads.
 */
@FunctionalInterface
public interface ItemScorer {

    /**
     * Writes a score for each candidate; a higher score ranks higher.
     *
     * @param history the user's training items, oldest first
     * @param candidates the items to score
     * @param scores output, same length as {@code candidates}
     */
    void score(int[] history, int[] candidates, float[] scores);
}
