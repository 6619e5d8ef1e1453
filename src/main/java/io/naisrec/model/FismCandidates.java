package io.naisrec.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;

/**
 * The first stage of two-stage ranking from a trained FISM or NAIS block: every item i is
 * scored by FISM's n^−α Σ_j p_i · q_j + b_i with the block's own embeddings (uniform weights, no
 * attention) over the items the block looks at: the users' summed history embeddings (U, D)
 * times Pᵀ (D, N), one matrix product for a batch of users. Histories are
 * {@link RaggedHistory ragged}, so nothing depends on the padding row of Q. Made from an
 * {@link EaseBlock} it is EASE's first stage, Σ_j B_ji ({@link EaseBlock#uniformScores}), for
 * any second stage whose histories it is given.
 */
public final class FismCandidates implements FirstStage {

    private final ItemSimilarityBlock block;

    /** @param block an initialised FISM or NAIS block */
    public FismCandidates(ItemSimilarityBlock block) {
        this.block = block;
    }

    @Override
    public NDArray scores(ParameterStore store, RaggedHistory histories) {
        NDArray scores;
        if (block instanceof EaseBlock ease) {
            scores = ease.catalogueScores(store, histories);                         // (U, N)
        } else {
            NDArray items = histories.items().getManager().arange(0, block.numItems(), 1,
                    DataType.INT32, histories.items().getDevice());                  // (N)
            scores = block.uniformScores(store, histories, items);                   // (U, N)
        }
        return RaggedHistory.excluding(histories.holdsAmong(block.numItems()), scores);
    }
}
