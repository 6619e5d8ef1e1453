package io.naisrec.zoo;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import ai.djl.translate.TranslateException;
import ai.djl.translate.TranslatorContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@link UserHistory} → {@link Recommendations}: maps ids to indices (skipping and counting
 * unknown ones), scores the whole catalogue (exactly, or in two stages with a candidate count)
 * for all users of a batch in one forward pass of the {@link RecommendationBlock}, keeps the
 * top K items outside each history and explains each with the attention weights of the history
 * items. Not thread-safe, like every DJL translator: use one {@code Predictor} per thread.
 */
final class RecommendationTranslator extends BatchTranslator<UserHistory> {

    private static final String RESOLVED = "nais.resolved";

    private final RecommendationBlock block;
    private final ItemVocabulary items;
    private final int topK;
    private final int candidates;

    /** The history the model looks at, every known item (never recommended), unknown ids. */
    private record Resolved(int[] history, int[] known, List<String> unknown) {}

    /** {@code candidates} &gt; 0: two-stage ranking of that many items; 0: exact ranking. */
    RecommendationTranslator(RecommendationBlock block, ItemVocabulary items, int topK,
            int candidates) {
        this.block = block;
        this.items = items;
        this.topK = topK;
        this.candidates = candidates;
    }

    @Override
    public NDList batchProcessInput(TranslatorContext ctx, List<UserHistory> inputs)
            throws TranslateException {
        List<Resolved> resolved = new ArrayList<>();
        for (UserHistory input : inputs) {
            resolved.add(resolve(input));
        }
        ctx.setAttachment(RESOLVED, resolved);
        NDList arrays = RecommendationBlock.catalogueInputs(ctx.getNDManager(),
                resolved.stream().map(Resolved::known).toList(), items.size());
        if (candidates > 0) {
            arrays.add(ctx.getNDManager().create(new int[] {candidates}));
        }
        return arrays;
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<Recommendations> batchProcessOutput(TranslatorContext ctx, NDList list) {
        List<Resolved> resolved = (List<Resolved>) ctx.getAttachment(RESOLVED);
        float[] scores = list.get(0).toFloatArray();
        int n = items.size();
        ParameterStore store = new ParameterStore(ctx.getNDManager(), false);
        List<Recommendations> out = new ArrayList<>();
        for (int u = 0; u < resolved.size(); u++) {
            int[] history = resolved.get(u).history();
            float[] row = Arrays.copyOfRange(scores, u * n, (u + 1) * n);
            boolean[] excluded = new boolean[n];
            for (int j : resolved.get(u).known()) {
                excluded[j] = true;
            }
            for (int j = 0; j < n; j++) {
                excluded[j] |= row[j] == Float.NEGATIVE_INFINITY;   // not shortlisted
            }
            int[] top = TopItems.select(row, topK, excluded);
            List<Recommendations.Item> recommended = new ArrayList<>();
            if (top.length > 0) {
                try (NDManager scope = ctx.getNDManager().newSubManager()) {
                    float[] weights = block.explain(store, scope, history, top).get(1)
                            .toFloatArray();
                    for (int r = 0; r < top.length; r++) {
                        float[] mine = Arrays.copyOfRange(weights, r * history.length,
                                (r + 1) * history.length);
                        recommended.add(new Recommendations.Item(r + 1, items.idOf(top[r]),
                                items.nameOf(top[r]), row[top[r]], explanation(history, mine)));
                    }
                }
            }
            out.add(new Recommendations(recommended, resolved.get(u).unknown(), history.length));
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
        return new Resolved(block.scorer().historyUsed(all), all, unknown);
    }
}
