package io.naisrec.zoo;

import java.util.Objects;

/**
 * The input of a similar-items query: one item, by external id. The answer ranks every other
 * item i by the model's learned item-to-item similarity s = p_i · q_j of this item j: how much
 * having j in a history raises i's score before attention (FISM's similarity; NAIS weighs it).
 *
 * @param item the external id of the query item
 */
public record SimilarItemsQuery(String item) {

    /** Validates the id. */
    public SimilarItemsQuery {
        Objects.requireNonNull(item, "item");
    }

    /** A query for the items most similar to {@code item}. */
    public static SimilarItemsQuery of(String item) {
        return new SimilarItemsQuery(item);
    }
}
