package io.naisrec.data;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Implicit-feedback interactions in memory: dense 0-based user and item indices with the external
 * ids kept, and each user's history in time order as one compressed sparse row (CSR) structure.
 *
 * <p>Built from an {@link InteractionLog}: every row is an interaction; a (user, item) pair seen
 * more than once keeps its earliest occurrence (earliest timestamp, then earliest line). Equal
 * timestamps are ordered by line, so the later line is the later interaction. Immutable.
 */
public final class InteractionDataset {

    private final String name;
    private final IdMap users;
    private final IdMap items;
    private final int[] offsets;
    private final int[] historyItems;
    private final long[] historyTimes;
    private final int duplicatesCollapsed;

    private InteractionDataset(String name, IdMap users, IdMap items, int[] offsets,
            int[] historyItems, long[] historyTimes, int duplicatesCollapsed) {
        this.name = name;
        this.users = users;
        this.items = items;
        this.offsets = offsets;
        this.historyItems = historyItems;
        this.historyTimes = historyTimes;
        this.duplicatesCollapsed = duplicatesCollapsed;
    }

    /**
     * Builds the dataset from a log.
     *
     * @param name a short name for reports (e.g. {@code ml-100k})
     * @param log the rows in file order
     * @throws DataException when the log holds no interaction
     */
    public static InteractionDataset of(String name, InteractionLog log) {
        if (log.size() == 0) {
            throw new DataException(name + ": no interactions");
        }
        int numUsers = log.users().size();
        int numItems = log.items().size();
        int[] counts = new int[numUsers + 1];
        for (int r = 0; r < log.size(); r++) {
            counts[log.user(r) + 1]++;
        }
        for (int u = 0; u < numUsers; u++) {
            counts[u + 1] += counts[u];
        }
        int[] rowsByUser = new int[log.size()];
        int[] fill = Arrays.copyOf(counts, numUsers);
        for (int r = 0; r < log.size(); r++) {
            rowsByUser[fill[log.user(r)]++] = r;
        }
        Comparator<Integer> byTimeThenLine =
                Comparator.<Integer>comparingLong(log::timestamp).thenComparingInt(r -> r);
        int[] seenBy = new int[numItems];
        Arrays.fill(seenBy, -1);
        int[] offsets = new int[numUsers + 1];
        int[] outItems = new int[log.size()];
        long[] outTimes = new long[log.size()];
        int n = 0;
        for (int u = 0; u < numUsers; u++) {
            Integer[] rows = new Integer[counts[u + 1] - counts[u]];
            for (int k = 0; k < rows.length; k++) {
                rows[k] = rowsByUser[counts[u] + k];
            }
            Arrays.sort(rows, byTimeThenLine);
            for (int r : rows) {
                int item = log.item(r);
                if (seenBy[item] != u) {
                    seenBy[item] = u;
                    outItems[n] = item;
                    outTimes[n] = log.timestamp(r);
                    n++;
                }
            }
            offsets[u + 1] = n;
        }
        return new InteractionDataset(name, log.users(), log.items(), offsets,
                Arrays.copyOf(outItems, n), Arrays.copyOf(outTimes, n), log.size() - n);
    }

    /** Builds a dataset directly from CSR arrays (no deduplication; caller guarantees it). */
    static InteractionDataset ofCsr(String name, IdMap users, IdMap items, int[] offsets,
            int[] historyItems, long[] historyTimes) {
        return new InteractionDataset(name, users, items, offsets, historyItems, historyTimes, 0);
    }

    /** Short name of the dataset. */
    public String name() {
        return name;
    }

    /** Number of users. */
    public int numUsers() {
        return users.size();
    }

    /** Number of items. */
    public int numItems() {
        return items.size();
    }

    /** Number of distinct (user, item) interactions. */
    public int numInteractions() {
        return historyItems.length;
    }

    /** How many input rows repeated an earlier (user, item) pair and were collapsed. */
    public int duplicatesCollapsed() {
        return duplicatesCollapsed;
    }

    /** The user vocabulary (external id per index). */
    public IdMap users() {
        return users;
    }

    /** The item vocabulary (external id per index). */
    public IdMap items() {
        return items;
    }

    /** Length of user {@code u}'s history. */
    public int historyLength(int u) {
        return offsets[u + 1] - offsets[u];
    }

    /** A copy of user {@code u}'s item indices, oldest first. */
    public int[] history(int u) {
        return Arrays.copyOfRange(historyItems, offsets[u], offsets[u + 1]);
    }

    /** A copy of user {@code u}'s timestamps, aligned with {@link #history(int)}. */
    public long[] historyTimes(int u) {
        return Arrays.copyOfRange(historyTimes, offsets[u], offsets[u + 1]);
    }

    /** Number of users who interacted with each item. */
    public int[] itemCounts() {
        int[] counts = new int[numItems()];
        for (int item : historyItems) {
            counts[item]++;
        }
        return counts;
    }

    /** Density: interactions / (users × items). */
    public double density() {
        return (double) numInteractions() / ((double) numUsers() * numItems());
    }
}
