package io.naisrec.zoo;

import ai.djl.ndarray.NDList;
import ai.djl.translate.TranslateException;
import ai.djl.translate.TranslatorContext;
import java.util.List;

/**
 * {@link SimilarItemsQuery} → {@link Recommendations}: the K items most similar to the query item
 * under the learned similarity p_i · q_j (the query item itself excluded), all queries of a
 * batch in one forward pass of the {@link ServingBlock}. Thread-safe: one instance serves every
 * {@code Predictor} of a {@code ZooModel}; a {@code Predictor} itself is not thread-safe.
 */
final class SimilarItemsTranslator extends BatchTranslator<SimilarItemsQuery, Recommendations> {

    private static final String BATCH = "nais.batch";

    private final int topK;

    /** @param topK items per query, at least 1 */
    SimilarItemsTranslator(int topK) {
        this.topK = topK;
    }

    @Override
    public NDList batchProcessInput(TranslatorContext ctx, List<SimilarItemsQuery> inputs)
            throws TranslateException {
        QueryBatch batch = new QueryBatch(codec());
        for (SimilarItemsQuery input : inputs) {
            batch.similar(codec().indexOf(input.item()), topK);
        }
        ctx.setAttachment(BATCH, batch);
        return batch.inputs(ctx.getNDManager());
    }

    @Override
    public List<Recommendations> batchProcessOutput(TranslatorContext ctx, NDList list) {
        return ((QueryBatch) ctx.getAttachment(BATCH)).answers(list);
    }
}
