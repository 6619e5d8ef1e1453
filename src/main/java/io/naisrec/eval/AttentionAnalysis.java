package io.naisrec.eval;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.naisrec.data.DataException;
import io.naisrec.data.InteractionDataset;
import io.naisrec.data.LeaveOneOutSplit;
import io.naisrec.model.ItemSimilarityBlock;
import io.naisrec.model.NaisBlock;
import io.naisrec.model.NoGradient;
import io.naisrec.model.RaggedHistory;
import io.naisrec.model.RaggedRanking;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/**
 * What NAIS's attention looks at: for each test user u, the attention weights a_ij of u's
 * training history items j when scoring u's held-out item i, grouped by the item's position in
 * the history (1 = most recent) and by its popularity (training interactions).
 *
 * <p>The history is what the model sees: the most recent {@code maxHistory} items when the
 * model keeps only those. A history item equal to the held-out item is masked out of its
 * weights, as in training and evaluation, and left out of the analysis; the positions of
 * the others are unchanged. Users without a weighted history item are skipped.
 *
 * <p>{@link AttentionSpread} says how unequal each user's weights are: the mean coefficient of
 * variation, max/min ratio and relative entropy over the test users' (user, held-out item)
 * pairs.
 *
 * <p>Besides the raw mean weight, each group reports the mean relative weight a_ij / mean_j a_ij
 * over that user's history: 1 is the user's average item. The smoothed softmax's weights do not
 * sum to 1 when β &lt; 1, so raw weights shrink or grow with the history length; relative
 * weights do not.
 */
public final class AttentionAnalysis {

    /** Inclusive upper positions of the position buckets; one more, open bucket follows. */
    private static final int[] POSITION_BOUNDS = {1, 2, 3, 4, 5, 10, 20, 50, 100, 200};
    private static final int DECILES = 10;
    /** Shortest history whose most recent and oldest tenth enter {@link Recency}. */
    private static final int RECENCY_MIN_HISTORY = 10;

    private AttentionAnalysis() {}

    /**
     * One group of (user, history item) pairs.
     *
     * @param label the positions ({@code 1}, {@code 6-10}, {@code 201+}) or the training
     *     interaction counts ({@code 3}, {@code 4-17}) of the group's history items
     * @param pairs number of (user, history item) pairs in the group
     * @param meanWeight mean attention weight a_ij
     * @param meanRelativeWeight mean of a_ij / mean_j a_ij over the user's history
     */
    public record Bucket(String label, long pairs, double meanWeight, double meanRelativeWeight) {}

    /**
     * Recent against old: the mean relative weight of the most recent tenth of each history
     * (the ⌊n/10⌋ newest items) and of the oldest tenth, over the pairs of users with at least
     * 10 history items; NaN when there is no such user.
     *
     * @param users users with at least 10 history items
     */
    public record Recency(int users, double recentRelativeWeight, double oldestRelativeWeight) {
        /** Recent over oldest mean relative weight: above 1 when recent items weigh more. */
        public double ratio() {
            return recentRelativeWeight / oldestRelativeWeight;
        }
    }

    /**
     * The analysis.
     *
     * @param users test users analysed
     * @param pairs (user, history item) pairs analysed
     * @param byPosition by position from the most recent item (1) to the oldest, in buckets 1,
     *     2, 3, 4, 5, 6–10, 11–20, 21–50, 51–100, 101–200, 201+; empty buckets left out
     * @param byPopularity by the history item's training interactions, least popular first, in
     *     deciles of the pairs: pairs of equal popularity share the decile of the first of them,
     *     so a decile may hold more or fewer than a tenth; empty deciles left out
     * @param recency the most recent tenth of the histories against the oldest
     * @param spread how unequal each test user's weights are for the held-out item
     */
    public record Result(int users, long pairs, List<Bucket> byPosition,
            List<Bucket> byPopularity, Recency recency, AttentionSpread spread) {
        /** Copies the lists. */
        public Result {
            byPosition = List.copyOf(byPosition);
            byPopularity = List.copyOf(byPopularity);
        }
    }

    /**
     * Runs the analysis over the test users of {@code split}, each user's held-out item scored
     * through {@link RaggedRanking#targets} in its own scope of {@code manager}, closed before
     * the next.
     *
     * @param block a trained NAIS block over the items of {@code split}
     * @param manager the manager (and device) to run on; not closed here
     * @throws IllegalArgumentException when {@code block} is not NAIS (FISM has no attention)
     * @throws DataException when no test user has a history item to weigh
     */
    public static Result of(ItemSimilarityBlock block, NDManager manager, LeaveOneOutSplit split) {
        if (!(block instanceof NaisBlock)) {
            throw new IllegalArgumentException("attention analysis needs a NAIS model");
        }
        InteractionDataset train = split.train();
        int[] counts = train.itemCounts();
        int[] testUsers = split.testUsers();
        int capacity = 0;
        for (int u : testUsers) {
            capacity += block.historyUsed(train.history(u)).length;
        }
        int[] popularity = new int[capacity];
        double[] weight = new double[capacity];
        double[] relative = new double[capacity];
        Groups positions = new Groups(POSITION_BOUNDS.length + 1);
        Groups recent = new Groups(1);
        Groups oldest = new Groups(1);
        AttentionSpread.Accumulator spread = new AttentionSpread.Accumulator();
        int users = 0;
        int recencyUsers = 0;
        int pairs = 0;
        for (int u : testUsers) {
            int[] history = block.historyUsed(train.history(u));
            int target = split.testItem(u);
            int length = history.length;
            float[] mask = new float[length];
            int real = 0;
            for (int j = 0; j < length; j++) {
                if (history[j] != target) {
                    mask[j] = 1f;
                    real++;
                }
            }
            if (real == 0) {
                continue;
            }
            float[] a = weights(block, manager, history, target);
            double sum = 0;
            for (int j = 0; j < length; j++) {
                sum += mask[j] * a[j];
            }
            if (!(sum > 0)) {
                continue; // every weight underflowed to 0: no relative weight
            }
            double mean = sum / real;
            users++;
            spread.add(weighted(a, mask, real));
            int tenth = length >= RECENCY_MIN_HISTORY ? length / 10 : 0;
            recencyUsers += tenth > 0 ? 1 : 0;
            for (int j = 0; j < length; j++) {
                if (mask[j] == 0f) {
                    continue;
                }
                int position = length - j;
                double rel = a[j] / mean;
                positions.add(positionBucket(position), a[j], rel);
                if (position <= tenth) {
                    recent.add(0, a[j], rel);
                } else if (position > length - tenth) {
                    oldest.add(0, a[j], rel);
                }
                popularity[pairs] = counts[history[j]];
                weight[pairs] = a[j];
                relative[pairs] = rel;
                pairs++;
            }
        }
        if (users == 0) {
            throw new DataException(split.train().name() + ": no test user has a history item "
                    + "to weigh");
        }
        List<Bucket> byPosition = new ArrayList<>();
        for (int b = 0; b <= POSITION_BOUNDS.length; b++) {
            positions.bucket(b, positionLabel(b)).ifPresent(byPosition::add);
        }
        Recency recency = new Recency(recencyUsers, recent.meanRelative(0),
                oldest.meanRelative(0));
        return new Result(users, pairs, byPosition,
                byPopularity(Arrays.copyOf(popularity, pairs), weight, relative), recency,
                spread.result());
    }

    /** The weights at unmasked positions. */
    private static double[] weighted(float[] weights, float[] mask, int real) {
        double[] out = new double[real];
        int n = 0;
        for (int j = 0; j < weights.length; j++) {
            if (mask[j] != 0f) {
                out[n++] = weights[j];
            }
        }
        return out;
    }

    /**
     * {@code COLUMN,pairs,mean_weight,mean_relative_weight}, one line per bucket.
     *
     * @param column name of the label column ({@code position} or {@code interactions})
     */
    public static String csv(List<Bucket> buckets, String column) {
        StringBuilder text = new StringBuilder(column)
                .append(",pairs,mean_weight,mean_relative_weight\n");
        for (Bucket b : buckets) {
            text.append(String.format(Locale.ROOT, "%s,%d,%.8g,%.6f%n", b.label(), b.pairs(),
                    b.meanWeight(), b.meanRelativeWeight()));
        }
        return text.toString();
    }

    /**
     * Two bar charts of the mean relative weight: by position (most recent first) and by
     * popularity (least popular first).
     */
    public static List<CategoryChart> charts(Result result, String title) {
        return List.of(
                chart(title + ": by position (1 = most recent)", "position in history",
                        result.byPosition()),
                chart(title + ": by popularity (deciles)", "training interactions of the item",
                        result.byPopularity()));
    }

    /** The two {@link #charts} side by side as a PNG image. */
    public static byte[] png(Result result, String title) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BitmapEncoder.saveBitmap(charts(result, title), 1, 2, bytes,
                BitmapEncoder.BitmapFormat.PNG);
        return bytes.toByteArray();
    }

    /** The weights a_ij of one (capped) history for one target, shape (L). */
    private static float[] weights(ItemSimilarityBlock block, NDManager manager, int[] history,
            int target) {
        try (NoGradient off = NoGradient.enter(); NDManager scope = manager.newSubManager()) {
            ParameterStore store = new ParameterStore(scope, false);
            RaggedHistory histories = RaggedHistory.of(block, store, scope, List.of(history));
            return new RaggedRanking(block).targets(store, histories,
                    scope.create(new int[] {target}, new Shape(1, 1))).get(1).toFloatArray();
        }
    }

    private static int positionBucket(int position) {
        for (int b = 0; b < POSITION_BOUNDS.length; b++) {
            if (position <= POSITION_BOUNDS[b]) {
                return b;
            }
        }
        return POSITION_BOUNDS.length;
    }

    private static String positionLabel(int bucket) {
        int low = bucket == 0 ? 1 : POSITION_BOUNDS[bucket - 1] + 1;
        if (bucket == POSITION_BOUNDS.length) {
            return low + "+";
        }
        int high = POSITION_BOUNDS[bucket];
        return low == high ? Integer.toString(low) : low + "-" + high;
    }

    /** Deciles of the pairs by popularity; a run of equal counts goes to its first pair's. */
    private static List<Bucket> byPopularity(int[] popularity, double[] weight,
            double[] relative) {
        int n = popularity.length;
        int[] sorted = popularity.clone();
        Arrays.sort(sorted);
        Groups deciles = new Groups(DECILES);
        int[] low = new int[DECILES];
        int[] high = new int[DECILES];
        Arrays.fill(low, Integer.MAX_VALUE);
        for (int p = 0; p < n; p++) {
            int count = popularity[p];
            int d = (int) ((long) DECILES * firstIndexOf(sorted, count) / n);
            deciles.add(d, weight[p], relative[p]);
            low[d] = Math.min(low[d], count);
            high[d] = Math.max(high[d], count);
        }
        List<Bucket> buckets = new ArrayList<>();
        for (int d = 0; d < DECILES; d++) {
            String label = low[d] == high[d] ? Integer.toString(low[d]) : low[d] + "-" + high[d];
            deciles.bucket(d, label).ifPresent(buckets::add);
        }
        return buckets;
    }

    /** Index of the first occurrence of {@code value} in the ascending {@code sorted}. */
    private static int firstIndexOf(int[] sorted, int value) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < value) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static CategoryChart chart(String title, String xTitle, List<Bucket> buckets) {
        CategoryChart chart = new CategoryChartBuilder().width(640).height(480).title(title)
                .xAxisTitle(xTitle).yAxisTitle("mean relative weight (1 = user's average)")
                .build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setXAxisLabelRotation(45);
        chart.addSeries("mean relative weight", buckets.stream().map(Bucket::label).toList(),
                buckets.stream().map(b -> (Number) b.meanRelativeWeight()).toList());
        return chart;
    }

    /** Pair counts and weight sums per group. */
    private static final class Groups {
        private final long[] pairs;
        private final double[] weights;
        private final double[] relatives;

        Groups(int size) {
            pairs = new long[size];
            weights = new double[size];
            relatives = new double[size];
        }

        void add(int group, double weight, double relative) {
            pairs[group]++;
            weights[group] += weight;
            relatives[group] += relative;
        }

        double meanRelative(int group) {
            return pairs[group] == 0 ? Double.NaN : relatives[group] / pairs[group];
        }

        Optional<Bucket> bucket(int group, String label) {
            return pairs[group] == 0 ? Optional.empty()
                    : Optional.of(new Bucket(label, pairs[group],
                            weights[group] / pairs[group], relatives[group] / pairs[group]));
        }
    }
}
