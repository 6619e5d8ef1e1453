package io.naisrec.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** One user's candidates through the ragged path: concurrent calls, empty histories. */
class BlockScorerTest {

    private static final int ITEMS = 300;

    private static NaisBlock block(NDManager m) {
        Engine.getInstance().setRandomSeed(5);
        NaisBlock block = new NaisBlock(ItemSimilarityConfig.builder().optEmbeddingSize(8)
                .optAttentionSize(4).build(), ITEMS);
        block.initialize(m, DataType.FLOAT32, new Shape(1, 1), new Shape(1, 1), new Shape(1));
        return block;
    }

    @Test
    void usersScoredFromSeveralThreadsAtOnceGetTheirOwnScores() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            BlockScorer scorer = new BlockScorer(block(m), m);
            Random random = new Random(1);
            List<int[]> histories = new ArrayList<>();
            for (int u = 0; u < 64; u++) {
                histories.add(random.ints(1 + random.nextInt(200), 0, ITEMS).toArray());
            }
            int[] candidates = IntStream.range(0, ITEMS).toArray();
            float[][] alone = new float[histories.size()][ITEMS];
            for (int u = 0; u < alone.length; u++) {
                scorer.score(histories.get(u), candidates, alone[u]);
            }
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<float[]>> together = new ArrayList<>();
                for (int[] history : histories) {
                    together.add(pool.submit(() -> {
                        float[] scores = new float[ITEMS];
                        scorer.score(history, candidates, scores);
                        return scores;
                    }));
                }
                for (int u = 0; u < alone.length; u++) {
                    assertArrayEquals(alone[u], together.get(u).get(), "user " + u);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void anEmptyHistoryScoresTheItemBiasAlone() {
        try (NDManager m = NDManager.newBaseManager()) {
            NaisBlock block = block(m);
            float[] bias = block.getParameters().get(ItemSimilarityBlock.ITEM_BIAS).getArray()
                    .add(m.arange(0f, ITEMS).reshape(ITEMS, 1)).toFloatArray();
            block.getParameters().get(ItemSimilarityBlock.ITEM_BIAS).getArray().set(bias);
            int[] candidates = {7, 0, 299, 42};
            float[] scores = new float[candidates.length];
            new BlockScorer(block, m).score(new int[0], candidates, scores);
            assertArrayEquals(new float[] {bias[7], bias[0], bias[299], bias[42]}, scores);
        }
    }
}
