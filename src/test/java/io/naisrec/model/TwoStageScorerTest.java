package io.naisrec.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Two-stage ranking: FISM-style shortlists, then the block's own scores on them. */
class TwoStageScorerTest {

    private static final int ITEMS = 40;

    private static NaisBlock block(NDManager m) {
        return block(m, ItemSimilarityConfig.builder().optEmbeddingSize(4).optAttentionSize(
                3).build());
    }

    private static NaisBlock block(NDManager m, ItemSimilarityConfig config) {
        return RandomParameters.seeded(11).zeroPaddingRow().initialize(new NaisBlock(config,
                ITEMS), m);
    }

    private static float[] rows(ItemSimilarityBlock block, String name) {
        return block.getParameters().get(name).getArray().toFloatArray();
    }

    /** FISM's n^−α Σ_j p_i · q_j + b_i over {@code summed}, best first, outside {@code all}. */
    private static int[] byHand(ItemSimilarityBlock block, int[] summed, int[] all, int m) {
        float[] q = rows(block, ItemSimilarityBlock.HISTORY_EMBEDDING);
        float[] p = rows(block, ItemSimilarityBlock.TARGET_EMBEDDING);
        float[] b = rows(block, ItemSimilarityBlock.ITEM_BIAS);
        double normaliser = Math.pow(summed.length, -block.config().alpha());
        double[] expected = new double[ITEMS];
        for (int i = 0; i < ITEMS; i++) {
            for (int j : summed) {
                for (int d = 0; d < 4; d++) {
                    expected[i] += p[i * 4 + d] * q[j * 4 + d];
                }
            }
            expected[i] = expected[i] * normaliser + b[i];
        }
        return IntStream.range(0, ITEMS)
                .filter(i -> Arrays.stream(all).noneMatch(h -> h == i)).boxed()
                .sorted((x, y) -> Double.compare(expected[y], expected[x]))
                .mapToInt(Integer::intValue).limit(m).toArray();
    }

    /** The first stage's best {@code k} items of each history, −∞ ones left out. */
    private static int[][] top(ItemSimilarityBlock block, NDManager m, List<int[]> histories,
            int k) {
        try (NDManager scope = m.newSubManager()) {
            ParameterStore store = new ParameterStore(scope, false);
            NDArray scores = new FismCandidates(block).scores(store,
                    RaggedHistory.of(block, store, scope, histories));
            NDList best = scores.topK(Math.min(k, ITEMS), 1);
            float[] values = best.get(0).toFloatArray();
            long[] items = best.get(1).toLongArray();
            int width = Math.min(k, ITEMS);
            int[][] top = new int[histories.size()][];
            for (int u = 0; u < top.length; u++) {
                int from = u * width;
                top[u] = IntStream.range(from, from + width)
                        .filter(i -> values[i] != Float.NEGATIVE_INFINITY)
                        .map(i -> (int) items[i]).toArray();
            }
            return top;
        }
    }

    @Test
    void theShortlistIsTheBestItemsBySummedHistoryOutsideTheHistory() {
        try (NDManager m = NDManager.newBaseManager()) {
            NaisBlock block = block(m);
            int[] history = {3, 17, 5, 29};
            int[] top = top(block, m, List.of(history), 7)[0];
            assertArrayEquals(byHand(block, history, history, 7), top);
            assertEquals(ITEMS - history.length,
                    top(block, m, List.of(history), 1000)[0].length);
        }
    }

    @Test
    void aNonZeroPaddingRowChangesNoShortlistOfABatchOfUnequalHistories() {
        try (NDManager m = NDManager.newBaseManager()) {
            NaisBlock block = block(m);
            NDArray q = block.getParameters().get(ItemSimilarityBlock.HISTORY_EMBEDDING)
                    .getArray();
            q.set(new NDIndex("-1, :"), 5f);
            List<int[]> histories = List.of(new int[] {8}, new int[] {3, 17, 5, 29, 11, 1},
                    new int[] {30, 2});
            int[][] top = top(block, m, histories, 6);
            for (int u = 0; u < histories.size(); u++) {
                assertArrayEquals(byHand(block, histories.get(u), histories.get(u), 6), top[u],
                        "user " + u);
            }
        }
    }

    @Test
    void aCappedHistoryIsSummedAndTheWholeHistoryExcludedWithAlpha() {
        try (NDManager m = NDManager.newBaseManager()) {
            NaisBlock block = block(m, ItemSimilarityConfig.builder().optEmbeddingSize(4)
                    .optAttentionSize(3).optAlpha(0.5f).optMaxHistory(2).build());
            int[] history = {3, 17, 5, 29};
            int[] recent = {5, 29};
            int[] top = top(block, m, List.of(history), 9)[0];
            assertArrayEquals(byHand(block, recent, history, 9), top);
            int[] candidates = IntStream.range(0, ITEMS)
                    .filter(i -> Arrays.stream(history).noneMatch(h -> h == i)).toArray();
            float[] two = new float[candidates.length];
            new TwoStageScorer(block, m, 9).score(history, candidates, two);
            assertEquals(9, IntStream.range(0, two.length)
                    .filter(c -> Float.isFinite(two[c])).count(),
                    "older history items take no shortlist slot");
        }
    }

    @Test
    void reRanksTheShortlistWithTheBlockAndDropsTheRest() {
        try (NDManager m = NDManager.newBaseManager()) {
            NaisBlock block = block(m);
            int[] history = {1, 2, 8, 13, 21, 34};
            int[] candidates = IntStream.range(0, ITEMS)
                    .filter(i -> Arrays.stream(history).noneMatch(h -> h == i)).toArray();
            float[] exact = new float[candidates.length];
            new BlockScorer(block, m).score(history, candidates, exact);
            float[] all = new float[candidates.length];
            new TwoStageScorer(block, m, ITEMS).score(history, candidates, all);
            assertArrayEquals(exact, all, 1e-6f, "a shortlist of everything is exact ranking");
            float[] two = new float[candidates.length];
            new TwoStageScorer(block, m, 5).score(history, candidates, two);
            List<Integer> shortlist = Arrays.stream(top(block, m, List.of(history), 5)[0])
                    .boxed().toList();
            for (int c = 0; c < candidates.length; c++) {
                if (shortlist.contains(candidates[c])) {
                    assertEquals(exact[c], two[c], 1e-6f);
                } else {
                    assertEquals(Float.NEGATIVE_INFINITY, two[c]);
                }
            }
        }
    }

    @Test
    void chunkedScoringOfALongHistoryMatchesOneCandidateAtATime() {
        int items = 1200;  // 1,200 candidates × 1,100 history items × 16: six chunks
        assertChunksMatchSingleCandidates(new NaisBlock(ItemSimilarityConfig.builder().build(),
                items),
                1100);
    }

    @Test
    void chunkedFismScoringMatchesOneCandidateAtATime() {
        int items = 5000;  // FISM's pair width is 1: 5,000 × 1,000 needs two chunks
        assertChunksMatchSingleCandidates(new FismBlock(ItemSimilarityConfig.builder().build(),
                items),
                1000);
    }

    private static void assertChunksMatchSingleCandidates(ItemSimilarityBlock block,
            int historyLength) {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(3);
            block.initialize(m, DataType.FLOAT32, new Shape(1, 1), new Shape(1, 1),
                    new Shape(1));
            int items = block.numItems();
            int[] history = IntStream.range(0, historyLength).toArray();
            int[] candidates = IntStream.range(0, items).toArray();
            float[] together = new float[items];
            BlockScorer scorer = new BlockScorer(block, m);
            scorer.score(history, candidates, together);
            for (int c = 0; c < items; c += 97) {
                float[] alone = new float[1];
                scorer.score(history, new int[] {c}, alone);
                assertEquals(alone[0], together[c], 1e-6f, "item " + c);
            }
            assertTrue(Float.isFinite(together[items - 1]));
        }
    }
}
