package io.naisrec.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NcfSplitReaderTest {

    @TempDir
    Path dir;

    private void writeSplit(String negativeLines) {
        TestFiles.write(dir, "toy.train.rating",
                "0\t3\t5\t30\n0\t1\t4\t10\n1\t0\t3\t7\n1\t2\t3\t5\n");
        TestFiles.write(dir, "toy.test.rating", "0\t2\t5\t40\n1\t4\t4\t9\n");
        TestFiles.write(dir, "toy.test.negative", negativeLines);
    }

    @Test
    void readsTheThreeFilesWithIdsAsIndices() {
        writeSplit("(0,2)\t0\t4\n(1,4)\t1\t3\n");
        LeaveOneOutSplit split = NcfSplitReader.read(dir, "toy", "toy");
        assertEquals(2, split.train().numUsers());
        assertEquals(5, split.train().numItems());
        assertArrayEquals(new int[] {1, 3}, split.train().history(0), "time order");
        assertArrayEquals(new int[] {2, 0}, split.train().history(1));
        assertEquals(2, split.testItem(0));
        assertEquals(4, split.testItem(1));
        assertArrayEquals(new int[] {0, 4}, split.negatives(0));
        assertArrayEquals(new int[] {1, 3}, split.negatives(1));
        assertEquals("3", split.train().items().idOf(3));
    }

    @Test
    void rejectsNegativeLinesThatDoNotMatchTestRating() {
        writeSplit("(0,2)\t0\t4\n(1,3)\t1\t3\n");
        String message = assertThrows(DataException.class,
                () -> NcfSplitReader.read(dir, "toy", "toy")).getMessage();
        assertTrue(message.endsWith("toy.test.negative:2: pair (1,3) does not match the "
                + "test.rating line (1,4)"), message);
    }

    @Test
    void rejectsMissingNegativeLinesAndBadPairs() {
        writeSplit("(0,2)\t0\t4\n");
        assertTrue(assertThrows(DataException.class, () -> NcfSplitReader.read(dir, "toy", "toy"))
                .getMessage().contains("toy.test.negative: 1 lines, but"));
        writeSplit("0,2\t0\t4\n(1,4)\t1\t3\n");
        assertTrue(assertThrows(DataException.class, () -> NcfSplitReader.read(dir, "toy", "toy"))
                .getMessage().contains("toy.test.negative:1: expected '(user,item)' first"));
        writeSplit("(0,2)\t0\tx\n(1,4)\t1\t3\n");
        assertTrue(assertThrows(DataException.class, () -> NcfSplitReader.read(dir, "toy", "toy"))
                .getMessage().contains("negative item id 'x' is not an integer"));
    }
}
