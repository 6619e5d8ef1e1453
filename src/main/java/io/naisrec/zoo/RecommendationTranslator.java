package io.naisrec.zoo;

import ai.djl.ndarray.NDList;
import ai.djl.translate.TranslateException;
import ai.djl.translate.TranslatorContext;
import java.util.List;

/**
 * {@link UserHistory} → {@link Recommendations}: maps ids to indices (skipping and counting
 * unknown ones), runs the {@link ServingBlock} once for all users of a batch, and turns its top
 * items and attention weights into ranked items, explained unless the {@code explain} argument
 * is false. Thread-safe: one instance serves
 * every {@code Predictor} of a {@code ZooModel} (each call's state lives in its
 * {@link TranslatorContext}); a {@code Predictor} itself is not thread-safe.
 */
final class RecommendationTranslator extends BatchTranslator<UserHistory, Recommendations> {

    private static final String BATCH = "nais.batch";

    private final int topK;
    private final int candidates;
    private final boolean explain;

    /**
     * @param topK items per user, at least 1
     * @param candidates 0 for exact ranking, else the shortlist size of two stages
     * @param explain whether each item gets its explanation
     */
    RecommendationTranslator(int topK, int candidates, boolean explain) {
        this.topK = topK;
        this.candidates = candidates;
        this.explain = explain;
    }

    @Override
    public NDList batchProcessInput(TranslatorContext ctx, List<UserHistory> inputs)
            throws TranslateException {
        QueryBatch batch = new QueryBatch(codec());
        for (UserHistory input : inputs) {
            batch.recommend(codec().resolve(input, explain), topK, candidates);
        }
        ctx.setAttachment(BATCH, batch);
        return batch.inputs(ctx.getNDManager());
    }

    @Override
    public List<Recommendations> batchProcessOutput(TranslatorContext ctx, NDList list) {
        return ((QueryBatch) ctx.getAttachment(BATCH)).answers(list);
    }
}
