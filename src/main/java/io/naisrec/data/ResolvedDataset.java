package io.naisrec.data;

import java.util.Map;

/**
 * A dataset found by the {@link DatasetResolver}: its interactions, and the fixed leave-one-out
 * split when the source brings one (the NCF files). Otherwise the split is drawn with a seed.
 *
 * @param name the short name used in reports and JSON ({@code ml-100k}, or a file name)
 * @param origin where it was read from (a path, or {@code jar:…})
 * @param sha256 SHA-256 of the interaction file read (the training file of a fixed split)
 * @param interactions every interaction, test items included
 * @param fixedSplit the split given by the source, or {@code null}
 * @param itemNames titles by external item id, where the dataset ships them (else empty)
 */
public record ResolvedDataset(String name, String origin, String sha256,
        InteractionDataset interactions, LeaveOneOutSplit fixedSplit,
        Map<String, String> itemNames) {

    /** Copies the names so the record stays immutable. */
    public ResolvedDataset {
        itemNames = Map.copyOf(itemNames);
    }

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
    static ResolvedDataset ofSplit(String name, String origin, String sha256,
            LeaveOneOutSplit split) {
        return new ResolvedDataset(name, origin, sha256, split.withTestItems(), split, Map.of());
    }
}
