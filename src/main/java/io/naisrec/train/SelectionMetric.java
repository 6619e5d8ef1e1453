package io.naisrec.train;

import java.util.Locale;

/** The protocol whose HR@K (then NDCG@K) chooses the best epoch and stops a run early. */
public enum SelectionMetric {
    /** Each held-out item against its own 99 sampled negatives, as the paper evaluates. */
    SAMPLED,
    /**
     * Each held-out item against every item outside the user's training history, as
     * production ranks: slower (every item scored per user) but what a recall model is for.
     */
    FULL;

    /** {@code sampled} or {@code full}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code sampled} or {@code full}, case-insensitively. */
    public static SelectionMetric parse(String name) {
        for (SelectionMetric metric : values()) {
            if (metric.id().equalsIgnoreCase(name.strip())) {
                return metric;
            }
        }
        throw new IllegalArgumentException("select-metric must be sampled or full, got '" + name
                + "'");
    }
}
