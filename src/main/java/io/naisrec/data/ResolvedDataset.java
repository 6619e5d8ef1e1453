package io.naisrec.data;

/**
 * A dataset found by the {@link DatasetResolver}: its interactions, and the fixed leave-one-out
 * split when the source brings one (the NCF files). Otherwise the split is drawn with a seed.
 *
 * @param name the short name used in reports and JSON ({@code ml-100k}, or a file name)
 * @param origin where it was read from (a path, or {@code jar:…})
 * @param interactions every interaction, test items included
 * @param fixedSplit the split given by the source, or {@code null}
 */
public record ResolvedDataset(String name, String origin, InteractionDataset interactions,
        LeaveOneOutSplit fixedSplit) {

    /** The fixed split when there is one, else a leave-one-out split with sampled negatives. */
    public LeaveOneOutSplit split(int numNegatives, long seed) {
        return fixedSplit != null ? fixedSplit
                : LeaveOneOutSplit.of(interactions, numNegatives, seed);
    }

    /** Whether the evaluation negatives come from the source rather than from a seed. */
    public boolean hasFixedSplit() {
        return fixedSplit != null;
    }

    /** A dataset whose interactions are the fixed split's training plus test items. */
    static ResolvedDataset ofSplit(String name, String origin, LeaveOneOutSplit split) {
        return new ResolvedDataset(name, origin, split.withTestItems(), split);
    }
}
