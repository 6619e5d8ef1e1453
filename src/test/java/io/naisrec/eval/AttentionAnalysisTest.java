package io.naisrec.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.naisrec.data.InteractionDataset;
import io.naisrec.data.InteractionLog;
import io.naisrec.data.LeaveOneOutSplit;
import io.naisrec.model.FismBlock;
import io.naisrec.model.ItemSimilarityConfig;
import io.naisrec.model.NaisBlock;
import io.naisrec.model.RandomParameters;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link AttentionAnalysis} on a designed split: 10 test users, each with the history items
 * 0..9 in that order (item k at position 10 − k) and the held-out item 10; train-only users add
 * {@code extra[k]} interactions to item k, so its popularity is 10 + extra[k].
 */
class AttentionAnalysisTest {

    private static final int USERS = 10;
    private static final int LENGTH = 10;
    private static final int TARGET = LENGTH;
    private static final List<String> POSITIONS = List.of("1", "2", "3", "4", "5", "6-10");

    private static LeaveOneOutSplit split(int[] extra, int maskedUser) {
        InteractionLog log = new InteractionLog();
        for (int u = 0; u < USERS; u++) {
            for (int k = 0; k < LENGTH; k++) {
                log.add("u" + u, "i" + k, k);
            }
        }
        log.add("t", "i" + TARGET, 0);
        for (int k = 0; k < LENGTH; k++) {
            for (int e = 0; e < extra[k]; e++) {
                log.add("x" + k + "_" + e, "i" + k, 0);
            }
        }
        InteractionDataset train = InteractionDataset.of("designed", log);
        int[] testItems = new int[train.numUsers()];
        Arrays.fill(testItems, -1);
        for (int u = 0; u < USERS; u++) {
            testItems[u] = u == maskedUser ? 3 : TARGET;
        }
        return LeaveOneOutSplit.of(train, testItems, new int[train.numUsers()][]);
    }

    private static int[] distinctExtras() {
        int[] extra = new int[LENGTH];
        for (int k = 0; k < LENGTH; k++) {
            extra[k] = k;
        }
        return extra;
    }

    private static NaisBlock block(NDManager m, ItemSimilarityConfig config, boolean flat) {
        RandomParameters random = RandomParameters.seeded(11).sigma(0.8f).zeroPaddingRow();
        if (flat) {
            random.zero("attention_h");
        }
        return random.initialize(new NaisBlock(config, LENGTH + 1), m);
    }

    private static ItemSimilarityConfig.Builder config() {
        return ItemSimilarityConfig.builder().optEmbeddingSize(6).optAttentionSize(4).optBeta(0.5f);
    }

    /** The weights of one user's history for the target, by a direct forward pass. */
    private static float[] direct(NaisBlock block, NDManager m, int[] history, int target) {
        float[] mask = new float[history.length];
        for (int j = 0; j < history.length; j++) {
            mask[j] = history[j] == target ? 0f : 1f;
        }
        try (NDManager scope = m.newSubManager()) {
            NDList inputs = new NDList(scope.create(history, new Shape(1, history.length)),
                    scope.create(mask, new Shape(1, history.length)),
                    scope.create(new int[] {target}, new Shape(1)));
            return block.forward(new ParameterStore(scope, false), inputs, false).get(1)
                    .toFloatArray();
        }
    }

    private static List<String> labels(List<AttentionAnalysis.Bucket> buckets) {
        return buckets.stream().map(AttentionAnalysis.Bucket::label).toList();
    }

    @Test
    void flatAttentionWeighsEveryItemAlikeAndCountsPairsByBucket() {
        try (NDManager m = NDManager.newBaseManager()) {
            NaisBlock block = block(m, config().build(), true);
            AttentionAnalysis.Result result = AttentionAnalysis.of(block, m,
                    split(distinctExtras(), -1));
            assertEquals(USERS, result.users());
            assertEquals(USERS * LENGTH, result.pairs());
            assertEquals(POSITIONS, labels(result.byPosition()));
            long[] pairs = result.byPosition().stream().mapToLong(AttentionAnalysis.Bucket::pairs)
                    .toArray();
            assertEquals(List.of(10L, 10L, 10L, 10L, 10L, 50L),
                    Arrays.stream(pairs).boxed().toList());
            double expected = Math.pow(LENGTH, -0.5); // f = 0: a = exp(0) / n^β
            for (AttentionAnalysis.Bucket b : result.byPosition()) {
                assertEquals(expected, b.meanWeight(), 1e-6, b.label());
                assertEquals(1.0, b.meanRelativeWeight(), 1e-12, b.label());
            }
            assertEquals(List.of("10", "11", "12", "13", "14", "15", "16", "17", "18", "19"),
                    labels(result.byPopularity()), "item k has 10 + k interactions");
            for (AttentionAnalysis.Bucket b : result.byPopularity()) {
                assertEquals(USERS, b.pairs(), b.label());
                assertEquals(1.0, b.meanRelativeWeight(), 1e-12, b.label());
            }
            assertEquals(USERS, result.recency().users());
            assertEquals(1.0, result.recency().ratio(), 1e-12);
            AttentionSpread spread = result.spread();
            assertEquals(USERS, spread.pairs());
            assertEquals(0.0, spread.meanCoefficientOfVariation(), 1e-6);
            assertEquals(1.0, spread.meanMaxMinRatio(), 1e-6);
            assertEquals(1.0, spread.meanRelativeEntropy(), 1e-6);
        }
    }

    @Test
    void theSpreadOfWeightsIsMeasuredAsDocumented() {
        AttentionSpread.Accumulator spread = new AttentionSpread.Accumulator();
        spread.add(new double[] {1, 3});
        spread.add(new double[] {0, 2});
        spread.add(new double[] {5});
        AttentionSpread result = spread.result();
        assertEquals(2, result.pairs(), "a single item is not a spread");
        assertEquals((0.5 + 1.0) / 2, result.meanCoefficientOfVariation(), 1e-12,
                "std/mean: 1/2 and 1/1");
        assertEquals(1, result.ratioPairs(), "a zero weight has no max/min ratio");
        assertEquals(3.0, result.meanMaxMinRatio(), 1e-12);
        double entropy = -(0.25 * Math.log(0.25) + 0.75 * Math.log(0.75)) / Math.log(2);
        assertEquals((entropy + 0.0) / 2, result.meanRelativeEntropy(), 1e-12);
    }

    @Test
    void equalPopularitySharesADecile() {
        try (NDManager m = NDManager.newBaseManager()) {
            int[] extra = distinctExtras();
            extra[1] = 0; // items 0 and 1: 10 interactions each, the first 20 pairs
            AttentionAnalysis.Result result = AttentionAnalysis.of(
                    block(m, config().build(), true), m, split(extra, -1));
            assertEquals(List.of("10", "12", "13", "14", "15", "16", "17", "18", "19"),
                    labels(result.byPopularity()), "the second decile is empty");
            assertEquals(20, result.byPopularity().get(0).pairs());
        }
    }

    @Test
    void theTargetIsMaskedOutOfItsHistory() {
        try (NDManager m = NDManager.newBaseManager()) {
            AttentionAnalysis.Result result = AttentionAnalysis.of(
                    block(m, config().build(), true), m, split(distinctExtras(), 0));
            assertEquals(USERS * LENGTH - 1, result.pairs(), "user 0's item 3 is its target");
            assertEquals(POSITIONS, labels(result.byPosition()));
            assertEquals(5 * USERS - 1, result.byPosition().get(5).pairs(), "item 3: position 7");
            for (AttentionAnalysis.Bucket b : result.byPosition()) {
                assertEquals(1.0, b.meanRelativeWeight(), 1e-12, b.label());
            }
            assertEquals(Math.pow(LENGTH - 1, -0.5), result.byPosition().get(0).meanWeight()
                    * USERS - Math.pow(LENGTH, -0.5) * (USERS - 1), 1e-5,
                    "user 0 spreads its attention over 9 items");
            // 99 pairs: item 3's 9 pairs start at rank 30 and item 4's at rank 39, both in the
            // fourth decile (ranks 29.7 to 39.6)
            assertEquals(List.of("10", "11", "12", "13-14", "15", "16", "17", "18", "19"),
                    labels(result.byPopularity()));
            assertEquals(19, result.byPopularity().get(3).pairs());
            assertEquals(USERS, result.recency().users());
        }
    }

    @Test
    void meansAgreeWithADirectForwardPass() {
        try (NDManager m = NDManager.newBaseManager()) {
            NaisBlock block = block(m, config().build(), false);
            LeaveOneOutSplit split = split(distinctExtras(), -1);
            AttentionAnalysis.Result result = AttentionAnalysis.of(block, m, split);
            double[] weight = new double[LENGTH];
            double[] relative = new double[LENGTH];
            for (int u = 0; u < USERS; u++) {
                float[] a = direct(block, m, split.train().history(u), TARGET);
                double mean = 0;
                for (float w : a) {
                    mean += w / (double) LENGTH;
                }
                for (int k = 0; k < LENGTH; k++) {
                    weight[k] += a[k] / (double) USERS;
                    relative[k] += a[k] / mean / USERS;
                }
            }
            double spread = 0;
            for (int k = 0; k < LENGTH; k++) {
                AttentionAnalysis.Bucket byItem = result.byPopularity().get(k);
                assertEquals(weight[k], byItem.meanWeight(), 1e-6, "item " + k);
                assertEquals(relative[k], byItem.meanRelativeWeight(), 1e-5, "item " + k);
                spread = Math.max(spread, Math.abs(relative[k] - 1));
            }
            assertTrue(spread > 0.05, "random attention is not flat: " + spread);
            for (int position = 1; position <= 5; position++) {
                AttentionAnalysis.Bucket b = result.byPosition().get(position - 1);
                assertEquals(weight[LENGTH - position], b.meanWeight(), 1e-6);
                assertEquals(relative[LENGTH - position], b.meanRelativeWeight(), 1e-5);
            }
            double older = 0;
            for (int k = 0; k < 5; k++) {
                older += relative[k] / 5;
            }
            assertEquals(older, result.byPosition().get(5).meanRelativeWeight(), 1e-5);
            assertEquals(relative[LENGTH - 1], result.recency().recentRelativeWeight(), 1e-5);
            assertEquals(relative[0], result.recency().oldestRelativeWeight(), 1e-5);
        }
    }

    @Test
    void maxHistoryKeepsOnlyTheMostRecentItems() {
        try (NDManager m = NDManager.newBaseManager()) {
            NaisBlock block = block(m, config().optMaxHistory(4).build(), true);
            AttentionAnalysis.Result result = AttentionAnalysis.of(block, m,
                    split(distinctExtras(), -1));
            assertEquals(List.of("1", "2", "3", "4"), labels(result.byPosition()));
            assertEquals(List.of("16", "17", "18", "19"), labels(result.byPopularity()));
            assertEquals(0.5, result.byPosition().get(0).meanWeight(), 1e-6, "4^-0.5");
            assertEquals(0, result.recency().users());
            assertTrue(Double.isNaN(result.recency().recentRelativeWeight()));
        }
    }

    @Test
    void fismIsRejected() {
        try (NDManager m = NDManager.newBaseManager()) {
            FismBlock fism = new FismBlock(config().build(), LENGTH + 1);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> AttentionAnalysis.of(fism, m, split(distinctExtras(), -1)));
            assertEquals("attention analysis needs a NAIS model", e.getMessage());
        }
    }

    @Test
    void csvAndChartAreWritten() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            AttentionAnalysis.Result result = AttentionAnalysis.of(
                    block(m, config().build(), true), m, split(distinctExtras(), -1));
            String csv = AttentionAnalysis.csv(result.byPosition(), "position");
            List<String> lines = csv.lines().toList();
            assertEquals("position,pairs,mean_weight,mean_relative_weight", lines.get(0));
            assertEquals(POSITIONS.size() + 1, lines.size());
            assertTrue(lines.get(6).startsWith("6-10,50,0.3162277"), lines.get(6));
            assertTrue(lines.get(6).endsWith(",1.000000"), lines.get(6));
            byte[] png = AttentionAnalysis.png(result, "test");
            assertEquals("PNG", new String(png, 1, 3, StandardCharsets.US_ASCII));
        }
    }
}
