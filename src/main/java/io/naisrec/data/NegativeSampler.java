package io.naisrec.data;

import java.util.SplittableRandom;

/**
 * Draws items a user never interacted with, uniformly and without replacement. Each user gets its
 * own random stream derived from (seed, user), so the draw for a user does not depend on which
 * other users are sampled or in what order. Not thread-safe: a sampler marks the excluded items
 * in one array of its own, cleared after each draw.
 */
public final class NegativeSampler {

    private final int numItems;
    private final long seed;
    private final boolean[] excluded;

    /**
     * @param numItems size of the item catalogue; items are {@code 0 .. numItems-1}
     * @param seed the seed every stream derives from
     */
    public NegativeSampler(int numItems, long seed) {
        if (numItems <= 0) {
            throw new IllegalArgumentException("numItems must be positive, got " + numItems);
        }
        this.numItems = numItems;
        this.seed = seed;
        this.excluded = new boolean[numItems];
    }

    /** A random stream for one user: a pure function of (seed, user). */
    public static SplittableRandom streamFor(long seed, int user) {
        return new SplittableRandom(mix(seed) ^ mix(0x632BE59BD9B4E019L + user));
    }

    /**
     * Samples {@code count} distinct items outside {@code interacted}. When fewer than
     * {@code count} such items exist, returns all of them in increasing order.
     *
     * @param user the user, which selects the random stream
     * @param interacted every item the user interacted with (any order, duplicates allowed)
     * @param count how many negatives to draw
     */
    public int[] sample(int user, int[] interacted, int count) {
        if (count == 0) {
            return new int[0];
        }
        try {
            int distinct = 0;
            for (int item : interacted) {
                if (!excluded[item]) {
                    excluded[item] = true;
                    distinct++;
                }
            }
            int available = numItems - distinct;
            int[] out;
            if (available <= count) {
                out = new int[available];
                int n = 0;
                for (int item = 0; item < numItems; item++) {
                    if (!excluded[item]) {
                        out[n++] = item;
                    }
                }
            } else {
                SplittableRandom random = streamFor(seed, user);
                out = new int[count];
                int n = 0;
                while (n < count) {
                    int item = random.nextInt(numItems);
                    if (!excluded[item]) {
                        excluded[item] = true;
                        out[n++] = item;
                    }
                }
                clear(out);
            }
            return out;
        } finally {
            clear(interacted);
        }
    }

    private void clear(int[] marked) {
        for (int item : marked) {
            excluded[item] = false;
        }
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }
}
