package io.naisrec.data;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Draws and writes the interactions of a {@link SyntheticData} shape, one seeded random stream
 * for the whole file. An exact shape draws everything twice: the first pass finds the items no
 * user drew, the second writes them in place of repeated items in the longest histories.
 */
final class SyntheticWriter {

    private static final int TASTES = 30;
    private static final double IN_TASTE = 0.8;
    private static final long FIRST_TIME = 956_703_932L;

    private final SyntheticData shape;
    private final long seed;

    SyntheticWriter(SyntheticData shape, long seed) {
        this.shape = shape;
        this.seed = seed;
    }

    /** Writes the file as {@code user::item::rating::timestamp} lines, users in order. */
    void write(Path file) throws IOException {
        int[] counts = new int[shape.items()];
        int[][] missingByUser = shape.exact() ? missingItems(counts) : null;
        Draw draw = new Draw();
        byte[] line = new byte[80];
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            for (int u = 0; u < shape.users(); u++) {
                int length = draw.user(u);
                if (missingByUser != null && missingByUser[u] != null) {
                    place(missingByUser[u], draw.items, length, counts);
                }
                for (int n = 0; n < length; n++) {
                    int end = decimal(line, 0, u + 1);
                    end = separator(line, end);
                    end = decimal(line, end, draw.items[n] + 1L);
                    end = separator(line, end);
                    end = decimal(line, end, draw.ratings[n]);
                    end = separator(line, end);
                    end = decimal(line, end, draw.times[n]);
                    line[end++] = '\n';
                    out.write(line, 0, end);
                }
            }
        }
    }

    /**
     * Draws every history once, counting each item's users into {@code counts}; returns, per
     * user, the items no one drew that it receives (the longest histories first, one each in
     * turn), or {@code null} for a user that receives none.
     */
    private int[][] missingItems(int[] counts) {
        Draw draw = new Draw();
        for (int u = 0; u < shape.users(); u++) {
            int length = draw.user(u);
            for (int n = 0; n < length; n++) {
                counts[draw.items[n]]++;
            }
        }
        int[] missing = IntStream.range(0, shape.items()).filter(i -> counts[i] == 0).toArray();
        int[] lengths = draw.lengths;
        Integer[] longestFirst = IntStream.range(0, shape.users()).boxed().toArray(Integer[]::new);
        Arrays.sort(longestFirst, Comparator.<Integer>comparingInt(u -> -lengths[u])
                .thenComparingInt(u -> u));
        int[][] byUser = new int[shape.users()][];
        for (int k = 0; k < missing.length; k++) {
            int user = longestFirst[k % shape.users()];
            int[] given = byUser[user] == null ? new int[0] : byUser[user];
            byUser[user] = Arrays.copyOf(given, given.length + 1);
            byUser[user][given.length] = missing[k];
        }
        return byUser;
    }

    /** Puts each missing item in place of the latest draw of an item drawn more than once. */
    private static void place(int[] missing, int[] items, int length, int[] counts) {
        for (int item : missing) {
            int at = length - 1;
            while (at >= 0 && counts[items[at]] < 2) {
                at--;
            }
            if (at < 0) {
                throw new IllegalStateException("no repeated item left to replace");
            }
            counts[items[at]]--;
            items[at] = item;
            counts[item] = 1;
        }
    }

    /** The seeded stream: item tastes, history lengths, then each user's draws in turn. */
    private final class Draw {
        final SplittableRandom random = new SplittableRandom(seed);
        final int[][] byTaste = new int[TASTES][];
        final int[] lengths;
        final int[] takenBy = new int[shape.items()];
        final int[] items = new int[shape.maxLength()];
        final int[] ratings = new int[shape.maxLength()];
        final long[] times = new long[shape.maxLength()];
        long time = FIRST_TIME;

        Draw() {
            int[] taste = new int[shape.items()];
            for (int i = 0; i < taste.length; i++) {
                taste[i] = random.nextInt(TASTES);
            }
            for (int t = 0; t < TASTES; t++) {
                final int current = t;
                byTaste[t] = IntStream.range(0, taste.length).filter(i -> taste[i] == current)
                        .toArray();
            }
            lengths = shape.lengths(random);
            Arrays.fill(takenBy, -1);
        }

        /** Draws user {@code u}'s history into the buffers; returns its length. */
        int user(int u) {
            int[] mine = new int[1 + random.nextInt(3)];
            Arrays.setAll(mine, k -> random.nextInt(TASTES));
            for (int n = 0; n < lengths[u]; n++) {
                int item;
                do {
                    int[] pool = random.nextDouble() < IN_TASTE
                            ? byTaste[mine[random.nextInt(mine.length)]] : null;
                    item = pool != null && pool.length > 0
                            ? pool[zipf(random, pool.length)] : zipf(random, shape.items());
                } while (takenBy[item] == u);
                takenBy[item] = u;
                time += 1 + random.nextInt(600);
                items[n] = item;
                times[n] = time;
                ratings[n] = 1 + random.nextInt(5);
            }
            return lengths[u];
        }
    }

    /** An index in [0, n) with probability ∝ 1 / (index + 1) (Zipf, exponent 1). */
    private static int zipf(SplittableRandom random, int n) {
        double harmonic = Math.log(n) + 0.5772156649;
        double target = random.nextDouble() * harmonic;
        int index = (int) Math.floor(Math.exp(target - 0.5772156649)) - 1;
        return Math.max(0, Math.min(n - 1, index));
    }

    private static int separator(byte[] line, int at) {
        line[at] = ':';
        line[at + 1] = ':';
        return at + 2;
    }

    /** Writes non-negative {@code value} in decimal at {@code at}; returns the end. */
    private static int decimal(byte[] line, int at, long value) {
        int digits = 1;
        for (long rest = value / 10; rest > 0; rest /= 10) {
            digits++;
        }
        long rest = value;
        for (int k = at + digits - 1; k >= at; k--) {
            line[k] = (byte) ('0' + rest % 10);
            rest /= 10;
        }
        return at + digits;
    }
}
