package io.naisrec.data;

import java.util.SplittableRandom;

/**
 * Draws items a user never interacted with, uniformly and without replacement. Each user gets its
 * own random stream derived from (seed, user), so the draw for a user does not depend on which
 * other users are sampled or in what order.
 */
public final class NegativeSampler {

    private final int numItems;
    private final long seed;

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
        boolean[] excluded = new boolean[numItems];
        int distinct = 0;
        for (int item : interacted) {
            if (!excluded[item]) {
                excluded[item] = true;
                distinct++;
            }
        }
        int available = numItems - distinct;
        if (available <= count) {
            int[] all = new int[available];
            int n = 0;
            for (int item = 0; item < numItems; item++) {
                if (!excluded[item]) {
                    all[n++] = item;
                }
            }
            return all;
        }
        SplittableRandom random = streamFor(seed, user);
        int[] out = new int[count];
        int n = 0;
        while (n < count) {
            int item = random.nextInt(numItems);
            if (!excluded[item]) {
                excluded[item] = true;
                out[n++] = item;
            }
        }
        return out;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }
}
