package io.naisrec.data;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Generated interaction data of a real dataset's size and shape, for measuring scale where the
 * real data is absent. History lengths follow a log-normal fitted to the real median and mean
 * (cut to the real minimum and maximum, then scaled to the real total); items belong to tastes,
 * each user mixes one to three tastes, and items are drawn by Zipf popularity within a taste
 * (80%) or over the catalogue (20%), without repeats, in time order. Written as
 * {@code ratings.dat} ({@code user::item::rating::timestamp}, the ML-1M format).
 *
 * @param users number of users
 * @param items number of items
 * @param interactions target number of interactions
 * @param medianLength median history length
 * @param meanLength mean history length
 * @param minLength shortest history
 * @param maxLength longest history
 */
public record SyntheticData(int users, int items, long interactions, double medianLength,
        double meanLength, int minLength, int maxLength) {

    /** MovieLens 1M: 6,040 users, 3,706 items, 1,000,209 ratings, histories 20 to 2,314. */
    public static final SyntheticData ML_1M = new SyntheticData(6040, 3706, 1_000_209, 96, 165.6,
            20, 2314);

    private static final int TASTES = 30;
    private static final double IN_TASTE = 0.8;

    /** Validates the shape. */
    public SyntheticData {
        if (users < 1 || items < 2 || minLength < 1 || maxLength >= items
                || minLength > maxLength || medianLength <= 0 || meanLength < medianLength) {
            throw new IllegalArgumentException("inconsistent synthetic data shape");
        }
    }

    /** The shape of a named dataset ({@code ml-1m}). */
    public static SyntheticData like(String name) {
        if (name.equals("ml-1m")) {
            return ML_1M;
        }
        throw new IllegalArgumentException("--like must be ml-1m, got '" + name + "'");
    }

    /**
     * The same shape with {@code count} users: the same history-length distribution and
     * catalogue, interactions scaled in proportion.
     */
    public SyntheticData withUsers(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("--users must be positive, got " + count);
        }
        return new SyntheticData(count, items, Math.round((double) interactions * count / users),
                medianLength, meanLength, minLength, maxLength);
    }

    /** History lengths, seeded. */
    int[] lengths(SplittableRandom random) {
        double mu = Math.log(medianLength);
        double sigma = Math.sqrt(2 * Math.log(meanLength / medianLength));
        double[] raw = new double[users];
        for (int u = 0; u < users; u++) {
            raw[u] = Math.exp(mu + sigma * gaussian(random));
        }
        int[] lengths = new int[users];
        double scale = 1;
        for (int round = 0; round < 30; round++) {
            long total = 0;
            for (int u = 0; u < users; u++) {
                lengths[u] = (int) Math.max(minLength, Math.min(maxLength,
                        Math.round(raw[u] * scale)));
                total += lengths[u];
            }
            scale *= (double) interactions / total;
        }
        return lengths;
    }

    /** Writes {@code ratings.dat} into {@code folder} (a temporary file moved into place). */
    public Path write(Path folder, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        int[] taste = new int[items];
        for (int i = 0; i < items; i++) {
            taste[i] = random.nextInt(TASTES);
        }
        int[][] byTaste = new int[TASTES][];
        for (int t = 0; t < TASTES; t++) {
            final int current = t;
            byTaste[t] = java.util.stream.IntStream.range(0, items)
                    .filter(i -> taste[i] == current).toArray();
        }
        int[] lengths = lengths(random);
        Files.createDirectories(folder);
        Path target = folder.resolve("ratings.dat");
        Folders.writeAtomically(target, temp -> writeRatings(temp, random, lengths, byTaste));
        return target;
    }

    private void writeRatings(Path file, SplittableRandom random, int[] lengths,
            int[][] byTaste) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            long time = 956_703_932L;
            for (int u = 0; u < users; u++) {
                int[] mine = new int[1 + random.nextInt(3)];
                Arrays.setAll(mine, k -> random.nextInt(TASTES));
                boolean[] taken = new boolean[items];
                for (int n = 0; n < lengths[u]; n++) {
                    int item;
                    do {
                        int[] pool = random.nextDouble() < IN_TASTE
                                ? byTaste[mine[random.nextInt(mine.length)]] : null;
                        item = pool != null && pool.length > 0
                                ? pool[zipf(random, pool.length)] : zipf(random, items);
                    } while (taken[item]);
                    taken[item] = true;
                    time += 1 + random.nextInt(600);
                    out.write((u + 1) + "::" + (item + 1) + "::" + (1 + random.nextInt(5)) + "::"
                            + time + "\n");
                }
            }
        }
    }

    /** An index in [0, n) with probability ∝ 1 / (index + 1) (Zipf, exponent 1). */
    private static int zipf(SplittableRandom random, int n) {
        double harmonic = Math.log(n) + 0.5772156649;
        double target = random.nextDouble() * harmonic;
        int index = (int) Math.floor(Math.exp(target - 0.5772156649)) - 1;
        return Math.max(0, Math.min(n - 1, index));
    }

    private static double gaussian(SplittableRandom random) {
        double u1 = 1 - random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
