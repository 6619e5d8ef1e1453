package io.naisrec.model;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The rule from a budget to pass sizes, its parsing, and the check before training. */
class MemoryBudgetTest {

    @Test
    void passesGetAnEighthOfTheBudgetUpToTheirCaps() {
        MemoryBudget small = MemoryBudget.parse("600m");
        assertEquals(600, small.megabytes());
        // 600 MiB / 256 bytes per element = 2,457,600, rounded down to a power of two: 2^21
        assertEquals(1L << 21, small.trainingPassElements());
        assertEquals(1L << 22, small.scoringChunkElements());
        MemoryBudget tiny = MemoryBudget.parse("256");
        assertEquals(1L << 20, tiny.trainingPassElements());
        assertEquals(1L << 21, tiny.scoringChunkElements());
        assertEquals(2048, MemoryBudget.parse("2G").megabytes());
        assertEquals(MemoryBudget.MAX_PASS_ELEMENTS,
                MemoryBudget.parse("64g").trainingPassElements());
        assertEquals(MemoryBudget.MAX_PASS_ELEMENTS, MemoryBudget.DEFAULT.trainingPassElements());
        assertEquals(MemoryBudget.MAX_CHUNK_ELEMENTS,
                MemoryBudget.DEFAULT.scoringChunkElements());
        assertTrue(MemoryBudget.DEFAULT.unlimited());
    }

    @Test
    void aServerScoresInSmallerChunksWhateverTheBudget() {
        try {
            MemoryBudget.DEFAULT.applyToServing();
            assertEquals(1L << 18, MemoryBudget.scoringChunkInEffect());
            MemoryBudget.parse("256m").applyToServing();
            assertEquals(1L << 18, MemoryBudget.scoringChunkInEffect());
            MemoryBudget.DEFAULT.applyToScoring();
            assertEquals(MemoryBudget.MAX_CHUNK_ELEMENTS, MemoryBudget.scoringChunkInEffect());
        } finally {
            MemoryBudget.DEFAULT.applyToScoring();
        }
    }

    @Test
    void badSizesAreOneLineErrors() {
        IllegalArgumentException text = assertThrows(IllegalArgumentException.class,
                () -> MemoryBudget.parse("lots"));
        assertEquals("not a memory size: 'lots' (expected e.g. 600m or 2g)", text.getMessage());
        IllegalArgumentException low = assertThrows(IllegalArgumentException.class,
                () -> MemoryBudget.parse("100m"));
        assertTrue(low.getMessage().startsWith("the memory budget must be at least 256 MB"),
                low.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MemoryBudget.parse("99999999999g"));
    }

    @Test
    void aRowOfTheLongestHistoryMustFitAPass() {
        MemoryBudget budget = MemoryBudget.parse("256m");
        // 256 MiB / 256 bytes: passes of up to 1,048,576 elements
        assertDoesNotThrow(() -> budget.requireFits(1L << 20, 65_536));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> budget.requireFits((1L << 20) + 16, 65_537));
        assertEquals("--max-memory 256m allows training passes of 1,048,576 elements, but one "
                + "row of the longest history (65,537 items) needs 1,048,592: raise --max-memory "
                + "to at least 257m or cap histories with --max-history", e.getMessage());
        assertDoesNotThrow(() -> MemoryBudget.DEFAULT.requireFits(Long.MAX_VALUE >> 8, 1));
    }
}
