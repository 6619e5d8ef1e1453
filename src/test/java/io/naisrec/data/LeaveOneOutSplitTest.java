package io.naisrec.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LeaveOneOutSplitTest {

    private static InteractionDataset generated(int users, int items, int len) {
        InteractionLog log = new InteractionLog();
        for (int u = 0; u < users; u++) {
            for (int k = 0; k < len; k++) {
                log.add("u" + u, "i" + ((u * 7 + k * 3) % items), k);
            }
        }
        return InteractionDataset.of("gen", log);
    }

    @Test
    void holdsOutTheLatestInteractionAndLaterLineOnTies() {
        InteractionLog log = new InteractionLog();
        log.add("a", "x", 5);
        log.add("a", "z", 9);
        log.add("a", "y", 9);
        log.add("b", "x", 1);
        InteractionDataset data = InteractionDataset.of("t", log);
        LeaveOneOutSplit split = LeaveOneOutSplit.of(data, 1, 7);
        int a = data.users().indexOf("a");
        int b = data.users().indexOf("b");
        assertEquals(data.items().indexOf("y"), split.testItem(a));
        assertArrayEquals(new int[] {data.items().indexOf("x"), data.items().indexOf("z")},
                split.train().history(a));
        assertEquals(-1, split.testItem(b), "single interaction: train only");
        assertArrayEquals(new int[] {data.items().indexOf("x")}, split.train().history(b));
        assertArrayEquals(new int[] {a}, split.testUsers());
        assertEquals(0, split.negatives(b).length);
        assertEquals(3, split.train().numInteractions());
    }

    @Test
    void negativesAreDistinctItemsNeverInteractedWith() {
        InteractionDataset data = generated(40, 300, 30);
        LeaveOneOutSplit split = LeaveOneOutSplit.of(data, 99, 11);
        for (int u : split.testUsers()) {
            int[] negatives = split.negatives(u);
            assertEquals(99, negatives.length);
            Set<Integer> seen = new HashSet<>();
            Set<Integer> history = new HashSet<>();
            Arrays.stream(data.history(u)).forEach(history::add);
            for (int item : negatives) {
                assertTrue(seen.add(item), "distinct");
                assertFalse(history.contains(item), "never interacted, test item included");
            }
        }
    }

    @Test
    void negativesAreDeterministicPerSeed() {
        InteractionDataset data = generated(20, 500, 10);
        LeaveOneOutSplit first = LeaveOneOutSplit.of(data, 99, 3);
        LeaveOneOutSplit again = LeaveOneOutSplit.of(data, 99, 3);
        LeaveOneOutSplit other = LeaveOneOutSplit.of(data, 99, 4);
        boolean differs = false;
        for (int u : first.testUsers()) {
            assertArrayEquals(first.negatives(u), again.negatives(u));
            differs |= !Arrays.equals(first.negatives(u), other.negatives(u));
        }
        assertTrue(differs, "another seed draws other negatives");
    }

    @Test
    void negativesCoverTheUniformRange() {
        InteractionDataset data = generated(200, 400, 5);
        int[] hits = new int[400];
        LeaveOneOutSplit split = LeaveOneOutSplit.of(data, 99, 5);
        for (int u : split.testUsers()) {
            for (int item : split.negatives(u)) {
                hits[data.items().indexOf(data.items().idOf(item))]++;
            }
        }
        long never = Arrays.stream(hits).filter(h -> h == 0).count();
        assertEquals(0, never, "200 users × 99 draws over 400 items reach every item");
    }

    @Test
    void smallCatalogueGivesAllRemainingItems() {
        InteractionLog log = new InteractionLog();
        for (String item : new String[] {"a", "b", "c", "d", "e"}) {
            log.add("other", item, 0);
        }
        log.add("u", "a", 1);
        log.add("u", "b", 2);
        InteractionDataset data = InteractionDataset.of("t", log);
        LeaveOneOutSplit split = LeaveOneOutSplit.of(data, 99, 1);
        int u = data.users().indexOf("u");
        assertArrayEquals(new int[] {2, 3, 4}, split.negatives(u));
    }

    @Test
    void renumberingPutsTheLeadingItemsFirstAndKeepsEverythingElseById() {
        InteractionDataset data = generated(20, 15, 6);
        LeaveOneOutSplit split = LeaveOneOutSplit.of(data, 5, 3);
        List<String> leading = List.of("i9", "gone", "i2");
        LeaveOneOutSplit renumbered = split.withLeadingItems(leading);
        IdMap items = renumbered.train().items();
        assertEquals(leading, items.ids().subList(0, 3), "the leading ids keep their indices");
        assertEquals(16, items.size(), "the data's 15 items and one it lacks");
        assertEquals(split.train().numInteractions(), renumbered.train().numInteractions());
        for (int u = 0; u < data.numUsers(); u++) {
            assertEquals(ids(split.train().items(), split.train().history(u)),
                    ids(items, renumbered.train().history(u)));
            assertArrayEquals(split.train().historyTimes(u), renumbered.train().historyTimes(u));
            assertEquals(ids(split.train().items(), split.negatives(u)),
                    ids(items, renumbered.negatives(u)));
            assertEquals(split.testItem(u) < 0 ? null
                    : split.train().items().idOf(split.testItem(u)),
                    renumbered.testItem(u) < 0 ? null : items.idOf(renumbered.testItem(u)));
        }
    }

    private static List<String> ids(IdMap items, int[] indices) {
        return Arrays.stream(indices).mapToObj(items::idOf).toList();
    }
}
