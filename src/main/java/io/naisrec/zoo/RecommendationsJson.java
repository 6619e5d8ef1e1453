package io.naisrec.zoo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON form of answers, as {@code nais recommend --json}, {@code nais similar --json} and
 * the serving contract ({@code Input} → {@code Output}) write them: maps and lists ready for
 * Gson, keys in a fixed order.
 */
public final class RecommendationsJson {

    private RecommendationsJson() {}

    /**
     * A recommendation: {@code history} (as given), {@code unknown}, {@code history_used} and
     * {@code items} (rank, id, name, score and, when {@code explain}, the explanation).
     */
    public static Map<String, Object> recommendation(List<String> history, Recommendations recs,
            boolean explain) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("history", history);
        fields.put("unknown", recs.unknownItems());
        fields.put("history_used", recs.historyUsed());
        fields.put("items", items(recs, "score", explain));
        return fields;
    }

    /** A similar-items answer: {@code item} and {@code items} (rank, id, name, similarity). */
    public static Map<String, Object> similarItems(String item, Recommendations similar) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("item", item);
        fields.put("items", items(similar, "similarity", false));
        return fields;
    }

    /** The ranked items: rank, id, name, the score under {@code scoreKey}, the explanation. */
    private static List<Map<String, Object>> items(Recommendations recs, String scoreKey,
            boolean explain) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (Recommendations.Item item : recs.items()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("rank", item.rank());
            entry.put("id", item.id());
            entry.put("name", item.name());
            entry.put(scoreKey, item.score());
            if (explain) {
                entry.put("explanation", explanation(item));
            }
            items.add(entry);
        }
        return items;
    }

    /**
     * An item's explanation: each history item's id, name, contribution to the score, share of
     * the history's contributions and attention weight, largest contribution first.
     */
    public static List<Map<String, Object>> explanation(Recommendations.Item item) {
        List<Map<String, Object>> weights = new ArrayList<>();
        for (Recommendations.Explanation e : item.explanation()) {
            Map<String, Object> w = new LinkedHashMap<>();
            w.put("id", e.id());
            w.put("name", e.name());
            w.put("contribution", e.contribution());
            w.put("share", Float.isNaN(e.share()) ? null : e.share());
            w.put("weight", e.weight());
            weights.add(w);
        }
        return weights;
    }
}
