package io.naisrec.zoo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.translate.TranslateException;
import io.naisrec.data.Messages;
import io.naisrec.model.ItemSimilarityBlock;
import io.naisrec.model.RaggedHistory;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Between external ids and the {@link ServingBlock}'s tensors: histories to ragged index inputs
 * (unknown ids skipped and counted), the block's top items, logits and weights back to ranked
 * {@link Recommendations}, explained where the query asks for it. Made by a translator's
 * {@code prepare} from the model's vocabulary; holds no per-call state.
 */
final class RecommendationCodec {

    private final ItemSimilarityBlock block;
    private final ItemVocabulary items;

    /**
     * A history as the model sees it.
     *
     * @param history the items the model looks at (capped to its history length), oldest first
     * @param known every known item, never recommended, oldest first, each once
     * @param unknown the ids the model does not know
     * @param explain whether each recommended item gets its explanation
     */
    record Resolved(int[] history, int[] known, List<String> unknown, boolean explain) {}

    RecommendationCodec(ItemSimilarityBlock block, ItemVocabulary items) {
        this.block = block;
        this.items = items;
    }

    /** The number of items the model knows. */
    int numItems() {
        return items.size();
    }

    /**
     * Known items as indices, oldest first, each once (its latest occurrence), capped.
     *
     * @param explain whether the answer explains each item
     */
    Resolved resolve(UserHistory input, boolean explain) throws TranslateException {
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
                    + "known to the model (first: '" + Messages.shown(unknown.get(0))
                    + "')");
        }
        int[] all = known.stream().mapToInt(Integer::intValue).toArray();
        return new Resolved(block.historyUsed(all), all, unknown, explain);
    }

    /** Ragged inputs of the users' known items: items (T) int32, offsets (U) int32. */
    static NDList inputs(NDManager manager, List<Resolved> users) {
        return RaggedHistory.inputs(manager, users.stream().map(Resolved::known).toList());
    }

    /** The index of an item id, for a similar-items query. */
    int indexOf(String id) throws TranslateException {
        return items.indexOf(id).orElseThrow(() -> new TranslateException(
                "item '" + Messages.shown(id) + "' is not known to the model"));
    }

    /**
     * Each user's ranked items from a group's outputs: items (U, K), logits (U, K), weights
     * (T, K) and contributions (T, K), stopping at the first −∞ logit; explained for the users
     * that ask.
     */
    List<Recommendations> recommendations(List<Resolved> users, ServingBlock.Ranking ranking) {
        int[] top = ranking.items().toIntArray();
        float[] scores = ranking.logits().toFloatArray();
        boolean explained = users.stream().anyMatch(Resolved::explain);
        float[] weights = explained ? ranking.weights().toFloatArray() : null;
        float[] contributions = explained ? ranking.contributions().toFloatArray() : null;
        int k = (int) ranking.items().getShape().get(1);
        List<Recommendations> out = new ArrayList<>();
        int offset = 0;
        for (Resolved user : users) {
            int firstUsed = offset + user.known().length - user.history().length;
            List<Recommendations.Item> recommended = new ArrayList<>();
            for (int r = 0; r < k; r++) {
                int at = out.size() * k + r;
                if (scores[at] == Float.NEGATIVE_INFINITY || Float.isNaN(scores[at])) {
                    break;
                }
                List<Recommendations.Explanation> why = List.of();
                if (user.explain()) {
                    float[] mine = new float[user.history().length];
                    float[] parts = new float[mine.length];
                    for (int j = 0; j < mine.length; j++) {
                        mine[j] = weights[(firstUsed + j) * k + r];
                        parts[j] = contributions[(firstUsed + j) * k + r];
                    }
                    why = explanation(user.history(), mine, parts);
                }
                recommended.add(new Recommendations.Item(recommended.size() + 1,
                        items.idOf(top[at]), items.nameOf(top[at]), scores[at], why));
            }
            out.add(new Recommendations(recommended, user.unknown(), user.history().length));
            offset += user.known().length;
        }
        return out;
    }

    /** Each query's most similar items from items (Q, K) and similarities (Q, K). */
    List<Recommendations> similarItems(NDArray topItems, NDArray similarities) {
        int[] top = topItems.toIntArray();
        float[] scores = similarities.toFloatArray();
        int k = (int) topItems.getShape().get(1);
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

    /** The history items by contribution, largest first, with their shares and weights. */
    private List<Recommendations.Explanation> explanation(int[] history, float[] weights,
            float[] contributions) {
        double total = 0;
        for (float c : contributions) {
            total += c;
        }
        List<Recommendations.Explanation> explanation = new ArrayList<>();
        for (int j : TopItems.descending(contributions)) {
            explanation.add(new Recommendations.Explanation(items.idOf(history[j]),
                    items.nameOf(history[j]), weights[j], contributions[j],
                    total == 0 ? Float.NaN : (float) (contributions[j] / total)));
        }
        return explanation;
    }
}
