package io.naisrec.train;

import java.util.Locale;

/** Which held-out items choose the best epoch (and, in studies, settings such as β). */
public enum Selection {
    /**
     * Each user's latest training interaction, with its own sampled negatives
     * ({@link io.naisrec.data.LeaveOneOutSplit#validation}); the model trains on the rest, and
     * the test items are looked at once, after the choice.
     */
    VALIDATION,
    /** The test items themselves, as the NAIS paper and its reference code report. */
    TEST;

    /** {@code validation} or {@code test}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code validation} or {@code test}, case-insensitively. */
    public static Selection parse(String name) {
        for (Selection selection : values()) {
            if (selection.id().equalsIgnoreCase(name.strip())) {
                return selection;
            }
        }
        throw new IllegalArgumentException("select-on must be validation or test, got '" + name
                + "'");
    }
}
