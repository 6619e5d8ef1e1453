package io.naisrec.data;

import java.util.Arrays;
import java.util.List;

/**
 * The NCF leave-one-out protocol: each user's latest interaction is held out as the test item and
 * ranked against evaluation negatives (99 by default), items the user never interacted with.
 * Users with a single interaction stay train-only (no test item). The training set shares the
 * arrays of the data it is split from. Immutable.
 */
public final class LeaveOneOutSplit {

    /** Negatives per test user in the NCF protocol. */
    public static final int NCF_NEGATIVES = 99;
    /** Separates the validation negatives' random streams from the test negatives'. */
    private static final long VALIDATION_STREAM = 0x76616C6964617465L;

    private final InteractionDataset train;
    private final int[] testItems;
    private final int[][] negatives;

    private LeaveOneOutSplit(InteractionDataset train, int[] testItems, int[][] negatives) {
        this.train = train;
        this.testItems = testItems;
        this.negatives = negatives;
    }

    /**
     * Splits {@code data}: the last item of each history (time order, later line on ties) is
     * held out; negatives are drawn with a {@link NegativeSampler} seeded by {@code seed}.
     */
    public static LeaveOneOutSplit of(InteractionDataset data, int numNegatives, long seed) {
        if (numNegatives < 0) {
            throw new IllegalArgumentException("numNegatives must be >= 0, got " + numNegatives);
        }
        int numUsers = data.numUsers();
        int[] ends = new int[numUsers];
        int[] testItems = new int[numUsers];
        int[][] negatives = new int[numUsers][];
        NegativeSampler sampler = new NegativeSampler(data.numItems(), seed);
        for (int u = 0; u < numUsers; u++) {
            int end = data.end(u);
            if (end - data.start(u) >= 2) {
                ends[u] = end - 1;
                testItems[u] = data.itemAt(end - 1);
                negatives[u] = sampler.sample(u, data.history(u), numNegatives);
            } else {
                ends[u] = end;
                testItems[u] = -1;
            }
        }
        InteractionDataset train = data.withEnds(ends);
        return new LeaveOneOutSplit(train, testItems, negatives);
    }

    /**
     * The validation split of this split, for choosing epochs and settings without looking at
     * the test items: each user's latest training interaction is held out (users with at least
     * two), ranked against {@code numNegatives} items outside everything the user interacted
     * with, the test item included, drawn from a stream of {@code seed} apart from the test
     * negatives'. Its {@link #train()} is what a model selected on it trains on.
     */
    public LeaveOneOutSplit validation(int numNegatives, long seed) {
        if (numNegatives < 0) {
            throw new IllegalArgumentException("numNegatives must be >= 0, got " + numNegatives);
        }
        LeaveOneOutSplit held = of(train, 0, seed);
        NegativeSampler sampler = new NegativeSampler(train.numItems(),
                seed ^ VALIDATION_STREAM);
        int[][] validationNegatives = new int[train.numUsers()][];
        for (int u = 0; u < train.numUsers(); u++) {
            if (held.testItems[u] >= 0) {
                int[] history = train.history(u);
                int[] known = Arrays.copyOf(history, history.length + 1);
                known[history.length] = testItems[u] >= 0 ? testItems[u] : history[0];
                validationNegatives[u] = sampler.sample(u, known, numNegatives);
            }
        }
        return new LeaveOneOutSplit(held.train, held.testItems, validationNegatives);
    }

    /**
     * A split given in full, as the NCF files give it: training histories, one test item per
     * user (-1 for none) and that user's negatives ({@code null} for none).
     */
    public static LeaveOneOutSplit of(InteractionDataset train, int[] testItems,
            int[][] negatives) {
        if (testItems.length != train.numUsers() || negatives.length != train.numUsers()) {
            throw new IllegalArgumentException("testItems and negatives need one entry per user");
        }
        return new LeaveOneOutSplit(train, testItems.clone(), negatives.clone());
    }

    /**
     * Every interaction: the training histories with each test item appended as the latest
     * (timestamp one past the user's last training one).
     */
    InteractionDataset withTestItems() {
        InteractionLog log = new InteractionLog(train.users(), train.items());
        for (int u = 0; u < train.numUsers(); u++) {
            int[] history = train.history(u);
            long[] times = train.historyTimes(u);
            long last = Long.MIN_VALUE;
            for (int k = 0; k < history.length; k++) {
                log.addIndexed(u, history[k], times[k]);
                last = Math.max(last, times[k]);
            }
            if (testItems[u] >= 0) {
                log.addIndexed(u, testItems[u], history.length == 0 ? 0 : last + 1);
            }
        }
        return InteractionDataset.of(train.name(), log);
    }

    /**
     * This split with its items numbered again: {@code leading} first, in its order (a model's
     * vocabulary, with items this data may lack), then this split's other items in their order.
     * The users, histories, test items and negatives stay the same items by external id, so a
     * model trained on a split renumbered with its parent's vocabulary keeps the parent's item
     * indices and has the items new to it appended.
     */
    public LeaveOneOutSplit withLeadingItems(List<String> leading) {
        IdMap items = new IdMap();
        leading.forEach(items::add);
        if (items.size() != leading.size()) {
            throw new IllegalArgumentException("the leading item ids repeat an id");
        }
        int[] renumbered = new int[train.numItems()];
        for (int i = 0; i < renumbered.length; i++) {
            renumbered[i] = items.add(train.items().idOf(i));
        }
        InteractionLog log = new InteractionLog(train.users(), items);
        for (int u = 0; u < train.numUsers(); u++) {
            int[] history = train.history(u);
            long[] times = train.historyTimes(u);
            for (int k = 0; k < history.length; k++) {
                log.addIndexed(u, renumbered[history[k]], times[k]);
            }
        }
        int[] tests = new int[testItems.length];
        int[][] others = new int[negatives.length][];
        for (int u = 0; u < tests.length; u++) {
            tests[u] = testItems[u] < 0 ? -1 : renumbered[testItems[u]];
            if (negatives[u] != null) {
                others[u] = Arrays.stream(negatives[u]).map(i -> renumbered[i]).toArray();
            }
        }
        return new LeaveOneOutSplit(InteractionDataset.of(train.name(), log), tests, others);
    }

    /** Training interactions: every history without its held-out item. */
    public InteractionDataset train() {
        return train;
    }

    /** The held-out item of user {@code u}, or -1 when the user has none. */
    public int testItem(int u) {
        return testItems[u];
    }

    /** A copy of the evaluation negatives of user {@code u}; empty when it has no test item. */
    public int[] negatives(int u) {
        return negatives[u] == null ? new int[0] : negatives[u].clone();
    }

    /** The users that have a test item, in increasing order. */
    public int[] testUsers() {
        return java.util.stream.IntStream.range(0, testItems.length)
                .filter(u -> testItems[u] >= 0).toArray();
    }

    /** Number of users that have a test item. */
    public int numTestUsers() {
        return (int) Arrays.stream(testItems).filter(i -> i >= 0).count();
    }
}
