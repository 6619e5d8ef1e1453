package io.naisrec.train;

import java.util.Locale;

/**
 * Where the embeddings of the items a parent model does not know start, when a model grows from
 * it ({@link TrainingRun.Builder#optGrowFrom}).
 */
public enum NewItemStart {
    /**
     * From the items they co-occur with: each of the item's rows (history embedding q, target
     * embedding p, bias b) starts as the mean of the known items' rows over the training
     * histories that hold the item, a known item counted once per history it shares with the
     * new one. An item no history shares with a known item keeps the random start.
     */
    COOCCURRENCE("cooccurrence"),
    /** The seeded random initialisation of a new model (the item bias 0). */
    RANDOM("random");

    private final String id;

    NewItemStart(String id) {
        this.id = id;
    }

    /** {@code cooccurrence} or {@code random}. */
    public String id() {
        return id;
    }

    /** Parses {@link #id()}; anything else is an {@link IllegalArgumentException}. */
    public static NewItemStart parse(String name) {
        for (NewItemStart start : values()) {
            if (start.id.equals(name.toLowerCase(Locale.ROOT))) {
                return start;
            }
        }
        throw new IllegalArgumentException("new items start from 'cooccurrence' or 'random', "
                + "got '" + name + "'");
    }
}
