package io.naisrec.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.naisrec.data.NcfMl1mRebuilder.Counts;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generated ratings.dat in which movies first appear in the order 48, 7, 300, 12: NCF numbers
 * them 0, 1, 2, 3; users 1, 2, 3 become 0, 1, 2.
 */
class NcfMl1mRebuilderTest {

    private static final String RATINGS = String.join("\n",
            "1::48::5::100", "1::7::3::90", "2::300::4::50", "1::300::2::120",
            "3::7::1::10", "2::12::5::60", "3::48::4::20", "2::7::2::70", "");

    @TempDir
    Path dir;

    private Path ratings() {
        return TestFiles.write(dir, "ratings.dat", RATINGS);
    }

    private void ncfFiles(String testRating, String testNegative) {
        TestFiles.write(dir, "ml-1m.test.rating", testRating);
        TestFiles.write(dir, "ml-1m.test.negative", testNegative);
    }

    @Test
    void rebuildsTrainingAsEverythingButTheHeldOutPairs() {
        ncfFiles("0\t2\t2\t120\n1\t1\t2\t70\n2\t0\t4\t20\n",
                "(0,2)\t3\n(1,1)\t0\n(2,0)\t2\t3\n");
        LeaveOneOutSplit split = NcfMl1mRebuilder.rebuild(ratings(), dir, "ml-1m",
                new Counts(3, 4, 5));
        InteractionDataset train = split.train();
        assertEquals("1", train.users().idOf(0), "NCF user 0 is MovieLens user 1");
        assertEquals("48", train.items().idOf(0), "items numbered by first appearance");
        assertEquals("7", train.items().idOf(1));
        assertEquals("300", train.items().idOf(2));
        assertEquals("12", train.items().idOf(3));
        assertArrayEquals(new int[] {1, 0}, train.history(0), "user 1 by time: 7 then 48");
        assertArrayEquals(new int[] {2, 3}, train.history(1));
        assertArrayEquals(new int[] {1}, train.history(2));
        assertEquals(2, split.testItem(0));
        assertEquals(1, split.testItem(1));
        assertEquals(0, split.testItem(2));
        assertArrayEquals(new int[] {2, 3}, split.negatives(2));
    }

    @Test
    void checksTheExpectedCounts() {
        ncfFiles("0\t2\t2\t120\n", "(0,2)\t3\n");
        String message = assertThrows(DataException.class, () -> NcfMl1mRebuilder.rebuild(
                ratings(), dir, "ml-1m", Counts.ML_1M)).getMessage();
        assertTrue(message.contains("rebuilt NCF split has 3 users, 4 items, 7 training "
                + "interactions; expected 6040, 3706, 994169"), message);
    }

    @Test
    void rejectsAHeldOutPairThatIsNotInRatings() {
        ncfFiles("0\t3\t2\t120\n", "(0,3)\t2\n");
        String message = assertThrows(DataException.class, () -> NcfMl1mRebuilder.rebuild(
                ratings(), dir, "ml-1m", null)).getMessage();
        assertTrue(message.contains("held-out (0,3) is not in"), message);
    }

    @Test
    void rejectsGapsInUserIds() {
        TestFiles.write(dir, "gap.dat", "1::5::3::1\n3::5::3::2\n");
        ncfFiles("0\t0\t3\t1\n", "(0,0)\n");
        String message = assertThrows(DataException.class, () -> NcfMl1mRebuilder.rebuild(
                dir.resolve("gap.dat"), dir, "ml-1m", null)).getMessage();
        assertTrue(message.contains("user ids must run 1..2 without gaps"), message);
    }
}
