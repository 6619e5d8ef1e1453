package io.naisrec.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class InteractionDatasetTest {

    @Test
    void ordersHistoriesByTimeThenLineAndKeepsExternalIds() {
        InteractionLog log = new InteractionLog();
        log.add("u1", "c", 30);
        log.add("u2", "a", 5);
        log.add("u1", "a", 10);
        log.add("u1", "b", 30);
        InteractionDataset data = InteractionDataset.of("t", log);
        assertEquals(2, data.numUsers());
        assertEquals(3, data.numItems());
        int a = data.items().indexOf("a");
        int b = data.items().indexOf("b");
        int c = data.items().indexOf("c");
        int u1 = data.users().indexOf("u1");
        assertArrayEquals(new int[] {a, c, b}, data.history(u1), "equal times: later line last");
        assertArrayEquals(new long[] {10, 30, 30}, data.historyTimes(u1));
        assertEquals("u2", data.users().idOf(1));
    }

    @Test
    void collapsesDuplicatePairsToTheEarliest() {
        InteractionLog log = new InteractionLog();
        log.add("u", "x", 50);
        log.add("u", "y", 20);
        log.add("u", "x", 10);
        log.add("u", "y", 20);
        InteractionDataset data = InteractionDataset.of("t", log);
        assertEquals(2, data.numInteractions());
        assertEquals(2, data.duplicatesCollapsed());
        assertArrayEquals(new int[] {data.items().indexOf("x"), data.items().indexOf("y")},
                data.history(0));
        assertArrayEquals(new long[] {10, 20}, data.historyTimes(0));
        assertArrayEquals(new int[] {1, 1}, data.itemCounts());
        assertEquals(1.0, data.density());
    }

    @Test
    void rejectsAnEmptyLog() {
        assertThrows(DataException.class, () -> InteractionDataset.of("t", new InteractionLog()));
    }
}
