package io.naisrec.zoo;

import ai.djl.ndarray.NDList;
import ai.djl.translate.TranslateException;
import ai.djl.translate.TranslatorContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@link ItemSimilarity} → {@link Recommendations}: the K items most similar to the query item
 * under the learned similarity p_i · q_j (the query item itself excluded), all queries of a
 * batch in one forward pass. Not thread-safe: one {@code Predictor} per thread.
 */
final class SimilarityTranslator extends BatchTranslator<ItemSimilarity> {

    private static final String QUERIES = "nais.queries";

    private final ItemVocabulary items;
    private final int topK;

    SimilarityTranslator(ItemVocabulary items, int topK) {
        this.items = items;
        this.topK = topK;
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
        ctx.setAttachment(QUERIES, queries);
        return new NDList(ctx.getNDManager().create(queries));
    }

    @Override
    public List<Recommendations> batchProcessOutput(TranslatorContext ctx, NDList list) {
        int[] queries = (int[]) ctx.getAttachment(QUERIES);
        float[] scores = list.get(0).toFloatArray();
        int n = items.size();
        List<Recommendations> out = new ArrayList<>();
        for (int q = 0; q < queries.length; q++) {
            float[] row = Arrays.copyOfRange(scores, q * n, (q + 1) * n);
            boolean[] excluded = new boolean[n];
            excluded[queries[q]] = true;
            List<Recommendations.Item> similar = new ArrayList<>();
            int[] top = TopItems.select(row, topK, excluded);
            for (int r = 0; r < top.length; r++) {
                similar.add(new Recommendations.Item(r + 1, items.idOf(top[r]),
                        items.nameOf(top[r]), row[top[r]], List.of()));
            }
            out.add(new Recommendations(similar, List.of(), 1));
        }
        return out;
    }
}
