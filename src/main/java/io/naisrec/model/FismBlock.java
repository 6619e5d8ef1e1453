package io.naisrec.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
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

    /** A FISM block over {@code numItems} items; uses the embedding size, α and P/Q weights. */
    public FismBlock(ItemSimilarityConfig config, int numItems) {
        super(config, numItems);
    }

    @Override
    protected NDArray historyWeights(ParameterStore store, NDArray historyVectors,
            NDArray targetVectors, NDArray mask, boolean training) {
        return mask;
    }

    @Override
    protected NDArray raggedWeights(ParameterStore store, RaggedHistory histories,
            NDArray targets, NDArray targetVectors, NDArray mask) {
        return mask;
    }

    /**
     * With uniform weights a catalogue item's score is the first stage's: n^−α p_i · Σ_j q_j +
     * b_i (an item outside the history is never in its own history), one product for all users.
     */
    @Override
    public NDArray scoreCatalogue(ParameterStore store, RaggedHistory histories, int from,
            int to) {
        NDArray targets = histories.items().getManager().arange(from, to, 1, DataType.INT32,
                histories.items().getDevice());
        return RaggedHistory.excluding(histories.holds(histories.same(targets)),
                uniformScores(store, histories, targets));
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
