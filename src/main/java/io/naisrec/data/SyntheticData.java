package io.naisrec.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Generated interaction data of a real dataset's size and shape, for measuring scale where the
 * real data is absent. History lengths follow a log-normal fitted to the real median and mean
 * (cut to the real minimum and maximum, then scaled to the real total); items belong to tastes,
 * each user mixes one to three tastes, and items are drawn by Zipf popularity within a taste
 * (80%) or over the catalogue (20%), without repeats, in time order. Written as
 * {@code ratings.dat} ({@code user::item::rating::timestamp}, the ML-1M format).
 *
 * <p>An exact shape ({@link #ML_20M}) also holds exactly {@code interactions} rows, a shortest
 * history of {@code minLength}, a longest of {@code maxLength} and every item: the lengths are
 * corrected by one here and there after scaling, and each item no user drew replaces the latest
 * draw of a repeated item in one of the longest histories. {@link #ML_1M} is not exact, so that
 * its files stay byte for byte those of earlier rounds (3,705 of its 3,706 items appear: the
 * Zipf draw never reaches the last index).
 *
 * @param users number of users
 * @param items number of items
 * @param interactions target number of interactions
 * @param medianLength median history length
 * @param meanLength mean history length
 * @param minLength shortest history
 * @param maxLength longest history
 * @param exact whether the counts above are met exactly (see above)
 */
public record SyntheticData(int users, int items, long interactions, double medianLength,
        double meanLength, int minLength, int maxLength, boolean exact) {

    /** MovieLens 1M: 6,040 users, 3,706 items, 1,000,209 ratings, histories 20 to 2,314. */
    public static final SyntheticData ML_1M = new SyntheticData(6040, 3706, 1_000_209, 96, 165.6,
            20, 2314);
    /**
     * MovieLens 20M: 138,493 users, 26,744 items, 20,000,263 ratings, histories 20 to 9,254
     * (median 68, mean 144.41), exactly.
     */
    public static final SyntheticData ML_20M = new SyntheticData(138_493, 26_744, 20_000_263,
            68, 144.41, 20, 9254, true);

    /** Validates the shape. */
    public SyntheticData {
        if (users < 1 || items < 2 || minLength < 1 || maxLength >= items
                || minLength > maxLength || medianLength <= 0 || meanLength < medianLength) {
            throw new IllegalArgumentException("inconsistent synthetic data shape");
        }
        if (exact && (users < 2 || interactions < items
                || interactions < (long) (users - 1) * minLength + maxLength
                || interactions > (long) (users - 1) * maxLength + minLength)) {
            throw new IllegalArgumentException("synthetic data shape cannot be met exactly");
        }
    }

    /** A shape whose counts are met as nearly as scaling allows (not {@link #exact()}). */
    public SyntheticData(int users, int items, long interactions, double medianLength,
            double meanLength, int minLength, int maxLength) {
        this(users, items, interactions, medianLength, meanLength, minLength, maxLength, false);
    }

    /** The shape of a named dataset ({@code ml-1m}, {@code ml-20m}). */
    public static SyntheticData like(String name) {
        return switch (name) {
            case "ml-1m" -> ML_1M;
            case "ml-20m" -> ML_20M;
            default -> throw new IllegalArgumentException(
                    "--like must be ml-1m or ml-20m, got '" + name + "'");
        };
    }

    /**
     * The same shape with {@code count} users: the same history-length distribution and
     * catalogue, interactions scaled in proportion (as nearly as scaling allows: not exact).
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
        if (exact) {
            meetExactly(lengths, raw);
        }
        return lengths;
    }

    /**
     * Gives the user of the largest draw the longest history and the one of the smallest the
     * shortest, then adds or removes one interaction per user, in user order, until the total
     * is exact.
     */
    private void meetExactly(int[] lengths, double[] raw) {
        int longest = 0;
        int shortest = 0;
        for (int u = 1; u < users; u++) {
            longest = raw[u] > raw[longest] ? u : longest;
            shortest = raw[u] < raw[shortest] ? u : shortest;
        }
        lengths[longest] = maxLength;
        lengths[shortest] = minLength;
        long missing = interactions;
        for (int length : lengths) {
            missing -= length;
        }
        for (int u = 0; missing != 0; u = (u + 1) % users) {
            int step = missing > 0 ? 1 : -1;
            int changed = lengths[u] + step;
            if (u != longest && u != shortest && changed >= minLength && changed <= maxLength) {
                lengths[u] = changed;
                missing -= step;
            }
        }
    }

    /** Writes {@code ratings.dat} into {@code folder} (a temporary file moved into place). */
    public Path write(Path folder, long seed) throws IOException {
        Files.createDirectories(folder);
        Path target = folder.resolve("ratings.dat");
        Folders.writeAtomically(target, temp -> new SyntheticWriter(this, seed).write(temp));
        return target;
    }

    private static double gaussian(SplittableRandom random) {
        double u1 = 1 - random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
