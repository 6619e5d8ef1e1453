package io.naisrec.zoo;

import ai.djl.ndarray.NDList;
import ai.djl.translate.TranslateException;
import ai.djl.translate.TranslatorContext;
import io.naisrec.model.ItemSimilarityBlock;
import io.naisrec.model.RaggedHistory;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@link UserHistory} → {@link Recommendations}: maps ids to indices (skipping and counting
 * unknown ones), runs the {@link RecommendationBlock} once for all users of a batch, and turns
 * its top items and attention weights into ranked, explained items. Thread-safe: one instance
 * serves every {@code Predictor} of a {@code ZooModel} (each call's state lives in its
 * {@link TranslatorContext}); a {@code Predictor} itself is not thread-safe.
 */
final class RecommendationTranslator extends BatchTranslator<UserHistory> {

    private static final String RESOLVED = "nais.resolved";

    private final ItemSimilarityBlock scorer;
    private final ItemVocabulary items;

    /** The history the model looks at, every known item (never recommended), unknown ids. */
    private record Resolved(int[] history, int[] known, List<String> unknown) {}

    RecommendationTranslator(ItemSimilarityBlock scorer, ItemVocabulary items) {
        this.scorer = scorer;
        this.items = items;
    }

    @Override
    public NDList batchProcessInput(TranslatorContext ctx, List<UserHistory> inputs)
            throws TranslateException {
        List<Resolved> resolved = new ArrayList<>();
        for (UserHistory input : inputs) {
            resolved.add(resolve(input));
        }
        ctx.setAttachment(RESOLVED, resolved);
        return RaggedHistory.inputs(ctx.getNDManager(),
                resolved.stream().map(Resolved::known).toList());
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<Recommendations> batchProcessOutput(TranslatorContext ctx, NDList list) {
        List<Resolved> resolved = (List<Resolved>) ctx.getAttachment(RESOLVED);
        int[] top = list.get(0).toIntArray();
        float[] scores = list.get(1).toFloatArray();
        float[] weights = list.get(2).toFloatArray();
        int k = (int) list.get(0).getShape().get(1);
        List<Recommendations> out = new ArrayList<>();
        int offset = 0;
        for (Resolved user : resolved) {
            int firstUsed = offset + user.known().length - user.history().length;
            List<Recommendations.Item> recommended = new ArrayList<>();
            for (int r = 0; r < k; r++) {
                int at = out.size() * k + r;
                if (scores[at] == Float.NEGATIVE_INFINITY || Float.isNaN(scores[at])) {
                    break;
                }
                float[] mine = new float[user.history().length];
                for (int j = 0; j < mine.length; j++) {
                    mine[j] = weights[(firstUsed + j) * k + r];
                }
                recommended.add(new Recommendations.Item(recommended.size() + 1,
                        items.idOf(top[at]), items.nameOf(top[at]), scores[at],
                        explanation(user.history(), mine)));
            }
            out.add(new Recommendations(recommended, user.unknown(), user.history().length));
            offset += user.known().length;
        }
        return out;
    }

    private List<Recommendations.Explanation> explanation(int[] history, float[] weights) {
        List<Recommendations.Explanation> explanation = new ArrayList<>();
        for (int j : TopItems.descending(weights)) {
            explanation.add(new Recommendations.Explanation(items.idOf(history[j]),
                    items.nameOf(history[j]), weights[j]));
        }
        return explanation;
    }

    /** Known items as indices, oldest first, each once (its latest occurrence), capped. */
    private Resolved resolve(UserHistory input) throws TranslateException {
        if (input.items().isEmpty()) {
            throw new TranslateException("the history is empty: give at least one item id");
        }
        Set<Integer> known = new LinkedHashSet<>();
        List<String> unknown = new ArrayList<>();
        for (String id : input.items()) {
            var index = items.indexOf(id);
            if (index.isPresent()) {
                known.remove(index.get());
                known.add(index.get());
            } else {
                unknown.add(id);
            }
        }
        if (known.isEmpty()) {
            throw new TranslateException("none of the " + unknown.size() + " history items is "
                    + "known to the model (first: '" + unknown.get(0) + "')");
        }
        int[] all = known.stream().mapToInt(Integer::intValue).toArray();
        return new Resolved(scorer.historyUsed(all), all, unknown);
    }
}
