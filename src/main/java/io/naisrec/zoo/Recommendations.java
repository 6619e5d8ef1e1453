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
     * @param explanation the history items with their contributions and attention weights,
     *     largest contribution first (empty for a similar-items query)
     */
    public record Item(int rank, String id, String name, float score,
            List<Explanation> explanation) {
        /** Copies the explanation. */
        public Item {
            explanation = List.copyOf(explanation);
        }
    }

    /**
     * How much one history item j counted in the recommendation of item i.
     *
     * @param id the history item's external id
     * @param name its name, or {@code null}
     * @param weight its attention weight a_ij (before the n^−α normaliser; FISM: 1; EASE:
     *     B_ji)
     * @param contribution its term of the score, n^−α a_ij (p_i · q_j) (EASE: B_ji): the
     *     history's contributions and the item bias sum to the score
     * @param share its contribution over the sum of the history's contributions (the score
     *     without the item bias); negative for an item that speaks against the recommendation,
     *     NaN when the contributions sum to 0
     */
    public record Explanation(String id, String name, float weight, float contribution,
            float share) {}
}
