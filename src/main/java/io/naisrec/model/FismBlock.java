package io.naisrec.model;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;
import java.util.Map;

/**
 * FISM (Kabbur et al., KDD 2013) as NAIS's reference code trains it: ŷ_ui = n^−α Σ_j p_i · q_j +
 * b_i over the user's history items j (the target itself excluded by the mask), every item with
 * the same weight. The baseline NAIS improves on, and its pre-training.
 *
 * <p>Inputs and outputs as {@link ItemSimilarityBlock}: history (B, L) int32, mask (B, L)
 * float32, target (B) int32 → logits (B), weights (B, L) (the mask: each real item weighs 1 before
 * n^−α). Regularised: P and Q ({@link #l2Weights()}).
 */
public final class FismBlock extends ItemSimilarityBlock {

    private static final byte VERSION = 1;

    /** A FISM block over {@code numItems} items; uses the embedding size, α and P/Q weights. */
    public FismBlock(NaisConfig config, int numItems) {
        super(VERSION, config, numItems);
    }

    @Override
    protected NDArray historyWeights(ParameterStore store, NDArray historyVectors,
            NDArray targetVectors, NDArray mask, boolean training) {
        return mask;
    }

    @Override
    public int pairWidth() {
        return 1;
    }

    @Override
    protected Map<String, Float> attentionL2Weights() {
        return Map.of();
    }
}
