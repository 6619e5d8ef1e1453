package io.naisrec.data;

import java.util.SplittableRandom;

/**
 * The distribution training negatives are drawn from: item i with probability proportional to
 * count(i)^γ, count(i) the number of users who interacted with it. γ = 0 is the reference's
 * uniform draw, and draws exactly as it did ({@code random.nextInt(numItems)}, one call per
 * draw), so a seed gives the same negatives as before; γ = 1 draws in proportion to popularity
 * (word2vec's unigram^0.75 lies between). With γ &gt; 0 an item nobody interacted with is never
 * drawn. A draw may return an item the user interacted with: the caller rejects and draws again.
 * Immutable and thread-safe (the random stream is the caller's).
 */
public final class NegativeDistribution {

    private final int numItems;
    private final double gamma;
    /** Cumulative weights count^γ (γ &gt; 0), or {@code null} for the uniform draw. */
    private final double[] cumulative;
    /** How many items have a positive probability. */
    private final int drawableItems;

    private NegativeDistribution(int numItems, double gamma, double[] cumulative,
            int drawableItems) {
        this.numItems = numItems;
        this.gamma = gamma;
        this.cumulative = cumulative;
        this.drawableItems = drawableItems;
    }

    /** The uniform draw over {@code numItems} items (γ = 0). */
    public static NegativeDistribution uniform(int numItems) {
        if (numItems <= 0) {
            throw new IllegalArgumentException("numItems must be positive, got " + numItems);
        }
        return new NegativeDistribution(numItems, 0, null, numItems);
    }

    /**
     * p(i) ∝ counts[i]^γ.
     *
     * @param counts how many users interacted with each item, each &gt;= 0
     * @param gamma the exponent γ, finite and &gt;= 0
     */
    public static NegativeDistribution popularity(int[] counts, double gamma) {
        if (!(gamma >= 0) || Double.isInfinite(gamma)) {
            throw new IllegalArgumentException("negative popularity γ must be finite and >= 0, "
                    + "got " + gamma);
        }
        if (gamma == 0) {
            return uniform(counts.length);
        }
        double[] cumulative = new double[counts.length];
        double total = 0;
        int drawable = 0;
        for (int item = 0; item < counts.length; item++) {
            if (counts[item] < 0) {
                throw new IllegalArgumentException("item counts must be >= 0, got "
                        + counts[item]);
            }
            if (counts[item] > 0) {
                total += Math.pow(counts[item], gamma);
                drawable++;
            }
            cumulative[item] = total;
        }
        if (!(total > 0)) {
            throw new IllegalArgumentException("no item has a positive count to draw from");
        }
        return new NegativeDistribution(counts.length, gamma, cumulative, drawable);
    }

    /** The exponent γ (0 for the uniform draw). */
    public double gamma() {
        return gamma;
    }

    /** The probability of drawing {@code item}. */
    public double probability(int item) {
        if (cumulative == null) {
            return 1.0 / numItems;
        }
        double below = item == 0 ? 0 : cumulative[item - 1];
        return (cumulative[item] - below) / cumulative[numItems - 1];
    }

    /**
     * Whether a draw that rejects the distinct items {@code excluded} can end: some item
     * outside them has a positive probability.
     */
    public boolean drawsOutside(int[] excluded) {
        int drawable = 0;
        for (int item : excluded) {
            if (probability(item) > 0) {
                drawable++;
            }
        }
        return drawable < drawableItems;
    }

    /** One item drawn from {@code random}. */
    public int draw(SplittableRandom random) {
        if (cumulative == null) {
            return random.nextInt(numItems);
        }
        double at = random.nextDouble() * cumulative[numItems - 1];
        int low = 0;
        int high = numItems - 1;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (cumulative[middle] > at) {
                high = middle;
            } else {
                low = middle + 1;
            }
        }
        return low;
    }
}
