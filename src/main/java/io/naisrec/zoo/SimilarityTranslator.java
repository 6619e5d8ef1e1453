package io.naisrec.zoo;

import ai.djl.ndarray.NDList;
import ai.djl.translate.TranslateException;
import ai.djl.translate.TranslatorContext;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link ItemSimilarity} → {@link Recommendations}: the K items most similar to the query item
 * under the learned similarity p_i · q_j (the query item itself excluded), all queries of a
 * batch in one forward pass of the {@link SimilarItemsBlock}. Thread-safe: one instance serves
 * every {@code Predictor} of a {@code ZooModel}; a {@code Predictor} itself is not thread-safe.
 */
final class SimilarityTranslator extends BatchTranslator<ItemSimilarity> {

    private final ItemVocabulary items;

    SimilarityTranslator(ItemVocabulary items) {
        this.items = items;
    }

    @Override
    public NDList batchProcessInput(TranslatorContext ctx, List<ItemSimilarity> inputs)
            throws TranslateException {
        int[] queries = new int[inputs.size()];
        for (int q = 0; q < queries.length; q++) {
            String id = inputs.get(q).item();
            queries[q] = items.indexOf(id).orElseThrow(() -> new TranslateException(
                    "item '" + id + "' is not known to the model"));
        }
        return new NDList(ctx.getNDManager().create(queries));
    }

    @Override
    public List<Recommendations> batchProcessOutput(TranslatorContext ctx, NDList list) {
        int[] top = list.get(0).toIntArray();
        float[] scores = list.get(1).toFloatArray();
        int k = (int) list.get(0).getShape().get(1);
        List<Recommendations> out = new ArrayList<>();
        for (int q = 0; q * k < top.length; q++) {
            List<Recommendations.Item> similar = new ArrayList<>();
            for (int r = 0; r < k && scores[q * k + r] != Float.NEGATIVE_INFINITY; r++) {
                int item = top[q * k + r];
                similar.add(new Recommendations.Item(r + 1, items.idOf(item), items.nameOf(item),
                        scores[q * k + r], List.of()));
            }
            out.add(new Recommendations(similar, List.of(), 1));
        }
        return out;
    }
}
