package io.naisrec.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The dataset and the split built on primitives give what the plain definitions give: a history
 * is the user's rows sorted by (time, line), repeats dropped; the split holds out each history's
 * last item, with the negatives a fresh {@link NegativeSampler} draws for that user alone.
 */
class SameResultsTest {

    /** Users of skewed lengths (some over the sort's insertion cut), times with many ties. */
    private static InteractionLog shuffledLog(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        InteractionLog log = new InteractionLog();
        for (int r = 0; r < 20_000; r++) {
            int user = (int) Math.min(59, Math.abs(random.nextGaussian() * 15));
            log.add("u" + user, Integer.toString(random.nextInt(400)), random.nextInt(50));
        }
        return log;
    }

    @Test
    void historiesAreTheRowsSortedByTimeThenLineWithoutRepeats() {
        for (long seed = 1; seed <= 3; seed++) {
            InteractionLog log = shuffledLog(seed);
            InteractionDataset data = InteractionDataset.of("t", log);
            int total = 0;
            for (int u = 0; u < data.numUsers(); u++) {
                final int user = u;
                Integer[] rows = java.util.stream.IntStream.range(0, log.size())
                        .filter(r -> log.user(r) == user).boxed().toArray(Integer[]::new);
                Arrays.sort(rows, Comparator.<Integer>comparingLong(log::timestamp)
                        .thenComparingInt(r -> r));
                int[] items = Arrays.stream(rows).mapToInt(log::item).distinct().toArray();
                long[] times = new long[items.length];
                for (int k = 0; k < items.length; k++) {
                    final int item = items[k];
                    times[k] = log.timestamp(Arrays.stream(rows).filter(r -> log.item(r) == item)
                            .findFirst().orElseThrow());
                }
                assertArrayEquals(items, data.history(u), "user " + u);
                assertArrayEquals(times, data.historyTimes(u), "user " + u);
                total += items.length;
            }
            assertEquals(total, data.numInteractions());
            assertEquals(log.size() - total, data.duplicatesCollapsed());
        }
    }

    @Test
    void theSplitHoldsOutTheLastItemWithEachUsersOwnNegatives() {
        InteractionDataset data = InteractionDataset.of("t", shuffledLog(4));
        LeaveOneOutSplit split = LeaveOneOutSplit.of(data, 99, 42);
        LeaveOneOutSplit validation = split.validation(99, 42);
        int[] itemCounts = new int[data.numItems()];
        for (int u = 0; u < data.numUsers(); u++) {
            int[] history = data.history(u);
            int kept = history.length >= 2 ? history.length - 1 : history.length;
            assertArrayEquals(Arrays.copyOf(history, kept), split.train().history(u));
            assertArrayEquals(Arrays.copyOf(data.historyTimes(u), kept),
                    split.train().historyTimes(u));
            assertEquals(kept < history.length ? history[kept] : -1, split.testItem(u));
            int[] alone = kept < history.length
                    ? new NegativeSampler(data.numItems(), 42).sample(u, history, 99) : new int[0];
            assertArrayEquals(alone, split.negatives(u), "user " + u);
            int validationKept = kept >= 2 ? kept - 1 : kept;
            assertArrayEquals(Arrays.copyOf(history, validationKept),
                    validation.train().history(u));
            for (int item : validation.train().history(u)) {
                itemCounts[item]++;
            }
        }
        assertArrayEquals(itemCounts, validation.train().itemCounts());
        assertEquals(Arrays.stream(itemCounts).sum(), validation.train().numInteractions());
    }

    @Test
    void aSamplerDrawsForAUserWhatAFreshOneDrawsWhateverItDrewBefore() {
        NegativeSampler used = new NegativeSampler(1000, 7);
        int[][] histories = {{1, 2, 3}, {3, 4, 4, 5}, {}, {999, 0}};
        for (int round = 0; round < 2; round++) {
            for (int u = 0; u < histories.length; u++) {
                assertArrayEquals(new NegativeSampler(1000, 7).sample(u, histories[u], 99),
                        used.sample(u, histories[u], 99), "user " + u);
            }
        }
        assertArrayEquals(new int[] {0, 2}, new NegativeSampler(3, 7).sample(0, new int[] {1}, 5));
    }
}
