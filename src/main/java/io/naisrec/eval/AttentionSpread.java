package io.naisrec.eval;

/**
 * How unequal the attention weights a_ij of a history are, averaged over (user, target) pairs
 * with at least two weighted history items: the coefficient of variation (standard deviation
 * over mean; 0 when every item weighs the same), the ratio of the largest weight to the smallest
 * (1 when equal; pairs whose smallest weight underflowed to 0 are left out of this mean), and
 * the entropy of the normalised weights relative to that of uniform weights, H(a / Σa) / ln n (1
 * when equal, towards 0 as the weight gathers on one item).
 *
 * @param pairs (user, target) pairs measured
 * @param meanCoefficientOfVariation mean of std(a) / mean(a)
 * @param meanMaxMinRatio mean of max(a) / min(a) over the pairs whose min(a) &gt; 0
 * @param ratioPairs pairs in {@code meanMaxMinRatio}
 * @param meanRelativeEntropy mean of H(a / Σa) / ln n
 */
public record AttentionSpread(int pairs, double meanCoefficientOfVariation,
        double meanMaxMinRatio, int ratioPairs, double meanRelativeEntropy) {

    /** Sums of the measures, one history at a time. */
    static final class Accumulator {
        private int pairs;
        private int ratioPairs;
        private double cv;
        private double ratio;
        private double entropy;

        /** Adds the weights of one history for one target; fewer than 2 are not counted. */
        void add(double[] weights) {
            int n = weights.length;
            if (n < 2) {
                return;
            }
            double sum = 0;
            double max = Double.NEGATIVE_INFINITY;
            double min = Double.POSITIVE_INFINITY;
            for (double w : weights) {
                sum += w;
                max = Math.max(max, w);
                min = Math.min(min, w);
            }
            if (!(sum > 0)) {
                return;
            }
            double mean = sum / n;
            double squares = 0;
            double h = 0;
            for (double w : weights) {
                squares += (w - mean) * (w - mean);
                double p = w / sum;
                h -= p > 0 ? p * Math.log(p) : 0;
            }
            pairs++;
            cv += Math.sqrt(squares / n) / mean;
            entropy += h / Math.log(n);
            if (min > 0) {
                ratioPairs++;
                ratio += max / min;
            }
        }

        AttentionSpread result() {
            return new AttentionSpread(pairs, cv / pairs, ratioPairs == 0 ? Double.NaN
                    : ratio / ratioPairs, ratioPairs, entropy / pairs);
        }
    }
}
