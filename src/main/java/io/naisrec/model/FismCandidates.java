package io.naisrec.model;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;

/**
 * The first stage of two-stage ranking from a trained FISM or NAIS block: every item i is
 * scored by FISM's n^−α Σ_j p_i · q_j + b_i with the block's own embeddings (uniform weights, no
 * attention) over the items the block looks at: the users' summed history embeddings (U, D)
 * times Pᵀ (D, N), one matrix product for a batch of users. Histories are
 * {@link RaggedHistory ragged}, so nothing depends on the padding row of Q. Made from an
 * {@link EaseBlock} it is EASE's first stage, Σ_j B_ji ({@link EaseBlock#catalogueScores}), for
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
        return RaggedHistory.excluding(histories.holdsAmong(block.numItems()),
                block.catalogueScores(store, histories));                           // (U, N)
    }
}
