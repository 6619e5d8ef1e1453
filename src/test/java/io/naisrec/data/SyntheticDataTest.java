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
        assertThrows(IllegalArgumentException.class, () -> SyntheticData.like("ml-25m"));
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

    @Test
    void ml20mShapedLengthsMeetTheTotalAndBoundsExactly() {
        int[] lengths = SyntheticData.like("ml-20m").lengths(new SplittableRandom(1));
        assertEquals(138_493, lengths.length);
        assertEquals(20_000_263, Arrays.stream(lengths).asLongStream().sum());
        assertEquals(20, Arrays.stream(lengths).min().orElseThrow());
        assertEquals(9254, Arrays.stream(lengths).max().orElseThrow());
        int[] sorted = lengths.clone();
        Arrays.sort(sorted);
        double median = sorted[sorted.length / 2];
        assertTrue(median > 60 && median < 76, "median near ML-20M's 68, got " + median);
    }

    @Test
    void anExactShapeHoldsEveryItemAndExactlyItsInteractions() throws Exception {
        SyntheticData exact = new SyntheticData(300, 2000, 9000, 25, 30, 10, 80, true);
        Path file = exact.write(dir.resolve("exact"), 4);
        InteractionDataset data = InteractionDataset.of("gen", new InteractionReader(
                InteractionFormat.MOVIELENS_DAT).read(TextSource.of(file)));
        assertEquals(300, data.numUsers());
        assertEquals(2000, data.numItems());
        assertEquals(9000, data.numInteractions());
        assertEquals(9000, Files.readAllLines(file).size(), "no repeats");
        DatasetStatistics stats = DatasetStatistics.of(data);
        assertEquals(10, stats.historyMin());
        assertEquals(80, stats.historyMax());
        assertThrows(IllegalArgumentException.class,
                () -> new SyntheticData(300, 2000, 1999, 5, 7, 1, 80, true));
    }

    @Test
    void ml1mShapedFilesKeepTheBytesOfEarlierRounds() throws Exception {
        // the SHA-256 of this file as written before the ml-20m shape and the faster writer
        Path file = SyntheticData.like("ml-1m").withUsers(60).write(dir.resolve("ml1m"), 7);
        assertEquals("c8ab8f14f8877f95302505d3eb685bac64ed957108dd188d5afffb7084d7f0a1",
                TextSource.of(file).sha256());
    }
}
