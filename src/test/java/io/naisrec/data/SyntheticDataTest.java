package io.naisrec.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticDataTest {

    @TempDir
    Path dir;

    @Test
    void ml1mShapedLengthsHitTheTotalsAndBounds() {
        int[] lengths = SyntheticData.ML_1M.lengths(new SplittableRandom(1));
        assertEquals(6040, lengths.length);
        long total = Arrays.stream(lengths).asLongStream().sum();
        assertEquals(1_000_209, total, 1_000_209 * 0.001);
        assertEquals(20, Arrays.stream(lengths).min().orElseThrow());
        assertTrue(Arrays.stream(lengths).max().orElseThrow() <= 2314);
        int[] sorted = lengths.clone();
        Arrays.sort(sorted);
        double median = sorted[sorted.length / 2];
        assertTrue(median > 70 && median < 130, "median near ML-1M's 96, got " + median);
    }

    @Test
    void writesARatingsFileReadBackWithTheSameCountsAndSameSeedSameBytes() throws Exception {
        SyntheticData small = new SyntheticData(50, 80, 1500, 20, 30, 10, 70);
        Path file = small.write(dir.resolve("a"), 7);
        InteractionDataset data = InteractionDataset.of("gen", new InteractionReader(
                InteractionFormat.MOVIELENS_DAT).read(TextSource.of(file)));
        assertEquals(50, data.numUsers());
        assertTrue(data.numItems() <= 80);
        assertEquals(data.numInteractions(), Files.readAllLines(file).size(), "no repeats");
        assertEquals(1500, data.numInteractions(), 15);
        Path again = small.write(dir.resolve("b"), 7);
        assertEquals(Files.readString(file), Files.readString(again));
        assertThrows(IllegalArgumentException.class, () -> SyntheticData.like("ml-20m"));
    }

    @Test
    void moreUsersKeepTheHistoryLengthsAndScaleTheInteractions() {
        SyntheticData big = SyntheticData.ML_1M.withUsers(60_400);
        assertEquals(60_400, big.users());
        assertEquals(3706, big.items());
        int[] lengths = big.lengths(new SplittableRandom(1));
        long total = Arrays.stream(lengths).asLongStream().sum();
        assertEquals(10_002_090, total, 10_002_090 * 0.001);
        assertEquals(165.6, (double) total / lengths.length, 0.3);
        assertThrows(IllegalArgumentException.class, () -> SyntheticData.ML_1M.withUsers(0));
    }
}
