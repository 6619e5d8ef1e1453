package io.naisrec.model;

import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import java.util.List;

/**
 * Two-stage scoring for full-catalogue ranking: {@link FismCandidates} picks the best
 * {@code candidates} items outside the history in one matrix product, and the block (NAIS) scores
 * only those. Every other candidate gets −∞, so it ranks below all of them (an item of the
 * history, which the first stage never proposes, included).
 */
public final class TwoStageScorer implements ItemScorer {

    private final FismCandidates firstStage;
    private final BlockScorer secondStage;
    private final int numItems;
    private final int candidates;

    /**
     * @param block an initialised FISM or NAIS block
     * @param manager where to compute; not closed here
     * @param candidates items the first stage passes on, at least 1
     */
    public TwoStageScorer(ItemSimilarityBlock block, NDManager manager, int candidates) {
        if (candidates < 1) {
            throw new IllegalArgumentException("candidates must be >= 1, got " + candidates);
        }
        this.firstStage = new FismCandidates(block, manager);
        this.secondStage = new BlockScorer(block, manager);
        this.numItems = block.numItems();
        this.candidates = candidates;
    }

    @Override
    public void score(int[] history, int[] items, float[] scores) {
        Arrays.fill(scores, 0, items.length, Float.NEGATIVE_INFINITY);
        if (history.length == 0) {
            return;
        }
        int[] position = new int[numItems];
        Arrays.fill(position, -1);
        for (int c = 0; c < items.length; c++) {
            position[items[c]] = c;
        }
        int[] shortlist = Arrays.stream(firstStage.top(List.of(history), candidates)[0])
                .filter(item -> position[item] >= 0).toArray();
        float[] reranked = new float[shortlist.length];
        secondStage.score(history, shortlist, reranked);
        for (int c = 0; c < shortlist.length; c++) {
            scores[position[shortlist[c]]] = reranked[c];
        }
    }
}
