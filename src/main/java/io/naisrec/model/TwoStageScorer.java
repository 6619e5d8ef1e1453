package io.naisrec.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import java.util.Arrays;
import java.util.List;

/**
 * Two-stage scoring of one user's candidates for full-catalogue ranking, through
 * {@link RaggedRanking#twoStage}: a {@link FirstStage} (by default {@link FismCandidates})
 * picks the best {@code candidates} items outside the history, and the block (NAIS) re-scores
 * only those. Every other candidate gets −∞, so it ranks below all of them (an item of the
 * history, which the first stage never proposes, included). Each call runs in its own scope;
 * calls from several threads run concurrently.
 */
public final class TwoStageScorer implements ItemScorer {

    private final RaggedRanking ranking;
    private final FirstStage firstStage;
    private final NDManager manager;
    private final int candidates;

    /**
     * Two stages with FISM-style candidates from the block's own embeddings.
     *
     * @param block an initialised FISM or NAIS block
     * @param manager where to compute; not closed here
     * @param candidates items the first stage passes on, at least 1
     */
    public TwoStageScorer(ItemSimilarityBlock block, NDManager manager, int candidates) {
        this(block, new FismCandidates(block), manager, candidates);
    }

    /**
     * @param block an initialised FISM or NAIS block, the second stage
     * @param firstStage the first stage, over the block's catalogue
     * @param manager where to compute; not closed here
     * @param candidates items the first stage passes on, at least 1
     */
    public TwoStageScorer(ItemSimilarityBlock block, FirstStage firstStage, NDManager manager,
            int candidates) {
        if (candidates < 1) {
            throw new IllegalArgumentException("candidates must be >= 1, got " + candidates);
        }
        this.ranking = new RaggedRanking(block);
        this.firstStage = firstStage;
        this.manager = manager;
        this.candidates = Math.min(candidates, block.numItems());
    }

    @Override
    public void score(int[] history, int[] items, float[] scores) {
        Arrays.fill(scores, 0, items.length, Float.NEGATIVE_INFINITY);
        if (history.length == 0) {
            return;
        }
        int[] shortlist;
        float[] logits;
        try (NoGradient off = NoGradient.enter(); NDManager scope = manager.newSubManager()) {
            ParameterStore store = new ParameterStore(scope, false);
            NDList ranked = ranking.twoStage(store, RaggedHistory.of(ranking.block(), store,
                    scope, List.of(history)), firstStage, scope.create(new int[] {candidates}),
                    candidates);
            shortlist = ranked.get(0).toType(DataType.INT32, false).toIntArray();
            logits = ranked.get(1).toFloatArray();
        }
        int[] position = new int[ranking.block().numItems()];
        Arrays.fill(position, -1);
        for (int c = 0; c < items.length; c++) {
            position[items[c]] = c;
        }
        for (int s = 0; s < shortlist.length; s++) {
            if (position[shortlist[s]] >= 0) {
                scores[position[shortlist[s]]] = logits[s];
            }
        }
    }
}
