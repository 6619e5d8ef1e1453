package io.naisrec.zoo;

import ai.djl.ndarray.NDList;
import ai.djl.translate.TranslateException;
import ai.djl.translate.TranslatorContext;
import java.util.List;

/**
 * {@link ItemSimilarity} → {@link Recommendations}: the K items most similar to the query item
 * under the learned similarity p_i · q_j (the query item itself excluded), all queries of a
 * batch in one forward pass of the {@link SimilarItemsBlock}. Thread-safe: one instance serves
 * every {@code Predictor} of a {@code ZooModel}; a {@code Predictor} itself is not thread-safe.
 */
final class SimilarityTranslator extends BatchTranslator<ItemSimilarity, Recommendations> {

    private final RecommendationCodec codec;

    SimilarityTranslator(RecommendationCodec codec) {
        this.codec = codec;
    }

    @Override
    public NDList batchProcessInput(TranslatorContext ctx, List<ItemSimilarity> inputs)
            throws TranslateException {
        int[] queries = new int[inputs.size()];
        for (int q = 0; q < queries.length; q++) {
            queries[q] = codec.indexOf(inputs.get(q).item());
        }
        return new NDList(ctx.getNDManager().create(queries));
    }

    @Override
    public List<Recommendations> batchProcessOutput(TranslatorContext ctx, NDList list) {
        return codec.similarItems(list.get(0), list.get(1));
    }
}
