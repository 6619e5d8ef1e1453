package io.naisrec.zoo;

import java.util.List;

/**
 * The output of a recommendation or similar-items query: the top items, best first, never an
 * item of the history (or the query item).
 *
 * @param items the ranked items
 * @param unknownItems ids of the input that the model does not know; they were skipped
 * @param historyUsed how many history items the model looked at (after skipping unknown ones
 *     and keeping the most recent when the model caps history length)
 */
public record Recommendations(List<Item> items, List<String> unknownItems, int historyUsed) {

    /** Copies the lists. */
    public Recommendations {
        items = List.copyOf(items);
        unknownItems = List.copyOf(unknownItems);
    }

    /**
     * One recommended item.
     *
     * @param rank 1 for the best
     * @param id external id
     * @param name the item's name, or {@code null} when the dataset has none
     * @param score the model's logit (similarity for a similar-items query)
     * @param explanation the history items with their attention weights, largest first
     *     (FISM: uniform weights; empty for a similar-items query)
     */
    public record Item(int rank, String id, String name, float score,
            List<Explanation> explanation) {
        /** Copies the explanation. */
        public Item {
            explanation = List.copyOf(explanation);
        }
    }

    /**
     * How much one history item weighed in a recommendation.
     *
     * @param id the history item's external id
     * @param name its name, or {@code null}
     * @param weight its attention weight a_ij (before the n^−α normaliser)
     */
    public record Explanation(String id, String name, float weight) {}
}
