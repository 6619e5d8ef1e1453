package io.naisrec.zoo;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.naisrec.model.ItemSimilarityBlock;
import io.naisrec.model.NoGradient;
import io.naisrec.model.RaggedRanking;

/**
 * The K items most similar to each query item under the learned similarity s = p_i · q_j (how
 * much having j in a history raises i's score before attention), in one forward pass, for a
 * caller that holds a trained block (a loaded model's {@link ServingBlock} answers
 * {@link SimilarItemsQuery} queries the same way, with these outputs). It wraps the trained
 * {@link ItemSimilarityBlock}, whose parameters it uses.
 *
 * <p>Dimensions: U query items, N catalogue items, K = min(topK, N − 1). Input: query item
 * indices (U) int32. Outputs: items (U, K) int32, most similar first, never the query item; their
 * similarities (U, K) float32.
 */
public final class SimilarItemsBlock extends QueryBlock {


    /**
     * @param trained a trained block, whose parameters this block uses
     * @param topK items per query, at least 1
     */
    public SimilarItemsBlock(ItemSimilarityBlock trained, int topK) {
        super(trained, topK);
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        try (NoGradient off = NoGradient.enter()) {
            return new RaggedRanking(trainedBlock()).similar(store, inputs.get(0), k());
        }
    }

    private int k() {
        return Math.max(1, Math.min(topK(), trainedBlock().numItems() - 1));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape shape = new Shape(inputShapes[0].get(0), k());
        return new Shape[] {shape, shape};
    }
}
