package io.naisrec.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.util.List;

/**
 * Scores one user's candidates with a trained {@link ItemSimilarityBlock} through the
 * {@link RaggedRanking one inference path}: the user is a batch of one, the candidates targets
 * that batch shares. A candidate that is itself in the history is left out of its own history,
 * as in training (the block's history cap applies); an empty history scores the item bias
 * alone. Each call runs in its own {@link NDManager} scope, closed before returning, and calls
 * from several threads run concurrently (the parameters are only read).
 */
public final class BlockScorer implements ItemScorer {

    private final RaggedRanking ranking;
    private final NDManager manager;

    /**
     * @param block an initialised block
     * @param manager the manager (and device) to score on; not closed by this scorer
     */
    public BlockScorer(ItemSimilarityBlock block, NDManager manager) {
        this.ranking = new RaggedRanking(block);
        this.manager = manager;
    }

    @Override
    public void score(int[] history, int[] candidates, float[] scores) {
        try (NoGradient off = NoGradient.enter(); NDManager scope = manager.newSubManager()) {
            ParameterStore store = new ParameterStore(scope, false);
            NDArray targets = scope.create(candidates);
            NDArray logits = history.length == 0
                    ? ranking.block().scoreWithoutHistory(store, targets)
                    : ranking.shared(store, RaggedHistory.of(ranking.block(), store, scope,
                            List.of(history)), targets);
            System.arraycopy(logits.toFloatArray(), 0, scores, 0, candidates.length);
        }
    }

}
