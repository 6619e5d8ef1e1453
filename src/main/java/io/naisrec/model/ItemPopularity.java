package io.naisrec.model;

import io.naisrec.data.InteractionDataset;

/** ItemPop: an item's score is the number of training users who interacted with it. */
public final class ItemPopularity implements ItemScorer {

    private final int[] counts;

    private ItemPopularity(int[] counts) {
        this.counts = counts;
    }

    /** Counts item popularity in the training data. */
    public static ItemPopularity fit(InteractionDataset train) {
        return new ItemPopularity(train.itemCounts());
    }

    @Override
    public void score(int[] history, int[] candidates, float[] scores) {
        for (int k = 0; k < candidates.length; k++) {
            scores[k] = counts[candidates[k]];
        }
    }
}
