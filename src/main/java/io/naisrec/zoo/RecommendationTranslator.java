package io.naisrec.zoo;

import ai.djl.ndarray.NDList;
import ai.djl.translate.TranslateException;
import ai.djl.translate.TranslatorContext;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link UserHistory} → {@link Recommendations}: maps ids to indices (skipping and counting
 * unknown ones), runs the {@link RecommendationBlock} once for all users of a batch, and turns
 * its top items and attention weights into ranked, explained items. Thread-safe: one instance
 * serves every {@code Predictor} of a {@code ZooModel} (each call's state lives in its
 * {@link TranslatorContext}); a {@code Predictor} itself is not thread-safe.
 */
final class RecommendationTranslator extends BatchTranslator<UserHistory, Recommendations> {

    private static final String RESOLVED = "nais.resolved";

    private final RecommendationCodec codec;

    RecommendationTranslator(RecommendationCodec codec) {
        this.codec = codec;
    }

    @Override
    public NDList batchProcessInput(TranslatorContext ctx, List<UserHistory> inputs)
            throws TranslateException {
        List<RecommendationCodec.Resolved> resolved = new ArrayList<>();
        for (UserHistory input : inputs) {
            resolved.add(codec.resolve(input));
        }
        ctx.setAttachment(RESOLVED, resolved);
        return RecommendationCodec.inputs(ctx.getNDManager(), resolved);
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<Recommendations> batchProcessOutput(TranslatorContext ctx, NDList list) {
        return codec.recommendations(
                (List<RecommendationCodec.Resolved>) ctx.getAttachment(RESOLVED),
                list.get(0), list.get(1), list.get(2));
    }
}
