package io.naisrec.zoo;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The input of a recommendation: the external ids of the items a user interacted with, oldest
 * first (when a model keeps only the most recent items, it keeps the last ones).
 *
 * @param items external item ids, as in the model's {@code items.tsv}
 */
public record UserHistory(List<String> items) {

    /** Copies the ids; none may be null. */
    public UserHistory {
        items = List.copyOf(Objects.requireNonNull(items, "items"));
    }

    /** A history of the given ids, oldest first. */
    public static UserHistory of(String... items) {
        return new UserHistory(Arrays.asList(items));
    }

    /** A history of the given ids, oldest first. */
    public static UserHistory of(List<String> items) {
        return new UserHistory(items);
    }
}
