package io.naisrec.data;

import java.util.Arrays;

/**
 * Implicit-feedback interactions in memory: dense 0-based user and item indices with the external
 * ids kept, and each user's history in time order as a range of two arrays (compressed sparse
 * rows with a start and an end per user, so that a {@link LeaveOneOutSplit} shares the arrays).
 *
 * <p>Built from an {@link InteractionLog}: every row is an interaction; a (user, item) pair seen
 * more than once keeps its earliest occurrence (earliest timestamp, then earliest line). Equal
 * timestamps are ordered by line, so the later line is the later interaction. Immutable.
 */
public final class InteractionDataset {

    private final String name;
    private final IdMap users;
    private final IdMap items;
    private final int[] starts;
    private final int[] ends;
    private final int[] historyItems;
    private final long[] historyTimes;
    private final int numInteractions;
    private final int duplicatesCollapsed;

    private InteractionDataset(String name, IdMap users, IdMap items, int[] starts, int[] ends,
            int[] historyItems, long[] historyTimes, int duplicatesCollapsed) {
        this.name = name;
        this.users = users;
        this.items = items;
        this.starts = starts;
        this.ends = ends;
        this.historyItems = historyItems;
        this.historyTimes = historyTimes;
        int total = 0;
        for (int u = 0; u < starts.length; u++) {
            total += ends[u] - starts[u];
        }
        this.numInteractions = total;
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
        int[] counts = new int[numUsers + 1];
        for (int r = 0; r < log.size(); r++) {
            counts[log.user(r) + 1]++;
        }
        int longest = 0;
        for (int u = 0; u < numUsers; u++) {
            longest = Math.max(longest, counts[u + 1]);
            counts[u + 1] += counts[u];
        }
        int[] outItems = new int[log.size()];
        long[] outTimes = new long[log.size()];
        int[] fill = Arrays.copyOf(counts, numUsers);
        for (int r = 0; r < log.size(); r++) {
            int at = fill[log.user(r)]++;
            outItems[at] = log.item(r);
            outTimes[at] = log.timestamp(r);
        }
        HistorySort sort = new HistorySort(longest);
        int[] seenBy = new int[log.items().size()];
        Arrays.fill(seenBy, -1);
        int[] starts = new int[numUsers];
        int[] ends = new int[numUsers];
        int n = 0;
        for (int u = 0; u < numUsers; u++) {
            sort.byTime(outItems, outTimes, counts[u], counts[u + 1]);
            starts[u] = n;
            for (int k = counts[u]; k < counts[u + 1]; k++) {
                int item = outItems[k];
                if (seenBy[item] != u) {
                    seenBy[item] = u;
                    outItems[n] = item;
                    outTimes[n] = outTimes[k];
                    n++;
                }
            }
            ends[u] = n;
        }
        return n == log.size()
                ? new InteractionDataset(name, log.users(), log.items(), starts, ends, outItems,
                        outTimes, 0)
                : new InteractionDataset(name, log.users(), log.items(), starts, ends,
                        Arrays.copyOf(outItems, n), Arrays.copyOf(outTimes, n), log.size() - n);
    }

    /**
     * The same interactions but each user's history ends at {@code ends[u]} (an index in the
     * shared arrays, between {@link #start(int)} and {@link #end(int)}): the histories' arrays
     * are shared, not copied.
     */
    InteractionDataset withEnds(int[] ends) {
        return new InteractionDataset(name, users, items, starts, ends, historyItems,
                historyTimes, 0);
    }

    /** Where user {@code u}'s history starts in the shared arrays ({@link #itemAt(int)}). */
    int start(int u) {
        return starts[u];
    }

    /** Where user {@code u}'s history ends (exclusive) in the shared arrays. */
    int end(int u) {
        return ends[u];
    }

    /** The item at {@code index} of the shared arrays. */
    int itemAt(int index) {
        return historyItems[index];
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
        return numInteractions;
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
        return ends[u] - starts[u];
    }

    /** A copy of user {@code u}'s item indices, oldest first. */
    public int[] history(int u) {
        return Arrays.copyOfRange(historyItems, starts[u], ends[u]);
    }

    /** A copy of user {@code u}'s timestamps, aligned with {@link #history(int)}. */
    public long[] historyTimes(int u) {
        return Arrays.copyOfRange(historyTimes, starts[u], ends[u]);
    }

    /** Number of users who interacted with each item. */
    public int[] itemCounts() {
        int[] counts = new int[numItems()];
        for (int u = 0; u < starts.length; u++) {
            for (int k = starts[u]; k < ends[u]; k++) {
                counts[historyItems[k]]++;
            }
        }
        return counts;
    }

    /** Density: interactions / (users × items). */
    public double density() {
        return (double) numInteractions() / ((double) numUsers() * numItems());
    }
}
