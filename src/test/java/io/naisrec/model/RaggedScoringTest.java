package io.naisrec.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Scores of ragged batches (users of different history lengths together, no padding) against the
 * catalogue and against each user's own targets, checked against {@link NaisOracle} for every
 * model, a fixed and a learned β, α and a history cap.
 */
class RaggedScoringTest {

    private static final int ITEMS = 30;
    /** Users of 1, 5 and 9 items; the last two both hold item 7. */
    private static final List<int[]> HISTORIES = List.of(new int[] {4},
            new int[] {1, 7, 12, 20, 3}, new int[] {9, 2, 7, 28, 15, 0, 11, 22, 5});

    /** Blocks with random parameters of a visible scale (σ 0.5); the padding row is not 0. */
    static ItemSimilarityBlock block(NDManager m, ModelKind kind,
            ItemSimilarityConfig.Builder config) {
        return RandomParameters.seeded(17).initialize(kind.newBlock(config.optAttention(
                kind.attention()).optEmbeddingSize(4).optAttentionSize(3).build(), ITEMS), m);
    }

    private static List<ItemSimilarityBlock> blocks(NDManager m) {
        List<ItemSimilarityBlock> blocks = new ArrayList<>();
        for (ModelKind kind : ModelKind.values()) {
            if (!kind.isTrainedByGradient()) {
                continue; // EASE: its weights are fitted (EaseBlockTest), not random
            }
            blocks.add(block(m, kind, ItemSimilarityConfig.builder().optBeta(0.6f)));
            blocks.add(block(m, kind, ItemSimilarityConfig.builder().optAlpha(0.5f).optMaxHistory(
                    3)));
        }
        blocks.add(block(m, ModelKind.NAIS_PROD, ItemSimilarityConfig.builder().optLearnBeta(true)
                .optBeta(0.3f).optAlpha(0.3f)));
        blocks.add(block(m, ModelKind.NAIS_CONCAT, ItemSimilarityConfig.builder().optLearnBeta(true)
                .optBeta(0.7f).optMaxHistory(4)));
        return blocks;
    }

    private static RaggedHistory ragged(NDManager m, ItemSimilarityBlock block,
            ParameterStore store) {
        NDList inputs = RaggedHistory.inputs(m, HISTORIES);
        return RaggedHistory.of(block, store, inputs.get(0), inputs.get(1));
    }

    private static void close(double expected, float actual, String what) {
        assertEquals(expected, actual, 2e-5 + 2e-5 * Math.abs(expected), what);
    }

    @Test
    void catalogueScoresAreTheOraclesAndHistoryItemsAreNeverRanked() {
        try (NDManager m = NDManager.newBaseManager()) {
            for (ItemSimilarityBlock block : blocks(m)) {
                NaisOracle oracle = new NaisOracle(block);
                ParameterStore store = new ParameterStore(m, false);
                RaggedHistory ragged = ragged(m, block, store);
                for (int[] range : new int[][] {{0, ITEMS}, {5, 13}}) {
                    float[] scores = block.scoreCatalogue(store, ragged, range[0], range[1])
                            .toFloatArray();
                    int width = range[1] - range[0];
                    for (int u = 0; u < HISTORIES.size(); u++) {
                        int[] history = HISTORIES.get(u);
                        for (int i = range[0]; i < range[1]; i++) {
                            int item = i;
                            float got = scores[u * width + i - range[0]];
                            String what = block.description() + ", user " + u + ", item " + i;
                            if (java.util.Arrays.stream(history).anyMatch(j -> j == item)) {
                                assertEquals(Float.NEGATIVE_INFINITY, got, what);
                            } else {
                                close(oracle.logit(history, i), got, what);
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void theTrainingForwardPassIsTheOraclesForSharedAndPerRowHistories() {
        try (NDManager m = NDManager.newBaseManager()) {
            for (ItemSimilarityBlock block : blocks(m)) {
                if (block.config().maxHistory() > 0) {
                    continue; // the forward pass takes the history as given; callers cap it
                }
                NaisOracle oracle = new NaisOracle(block);
                ParameterStore store = new ParameterStore(m, false);
                int[] history = HISTORIES.get(2);
                int[] targets = {7, 3, 0};
                float[] mask = new float[targets.length * history.length];
                for (int r = 0; r < targets.length; r++) {
                    for (int j = 0; j < history.length; j++) {
                        mask[r * history.length + j] = history[j] == targets[r] ? 0f : 1f;
                    }
                }
                NDList shared = block.forward(store, new NDList(m.create(history,
                        new Shape(1, history.length)), m.create(mask, new Shape(3,
                        history.length)), m.create(targets)), false);
                int[] rows = new int[3 * history.length];
                for (int r = 0; r < 3; r++) {
                    System.arraycopy(history, 0, rows, r * history.length, history.length);
                }
                NDList perRow = block.forward(store, new NDList(m.create(rows, new Shape(3,
                        history.length)), m.create(mask, new Shape(3, history.length)),
                        m.create(targets)), false);
                for (NDList out : List.of(shared, perRow)) {
                    float[] logits = out.get(0).toFloatArray();
                    float[] weights = out.get(1).toFloatArray();
                    for (int r = 0; r < 3; r++) {
                        String what = block.description() + ", target " + targets[r];
                        close(oracle.logit(history, targets[r]), logits[r], what);
                        double[] expected = oracle.weights(history, targets[r]);
                        int next = 0;
                        for (int j = 0; j < history.length; j++) {
                            close(history[j] == targets[r] ? 0 : expected[next++],
                                    weights[r * history.length + j], what + ", item " + j);
                        }
                    }
                }
            }
        }
    }

    @Test
    void eachUsersOwnTargetsGetTheOraclesLogitsAndWeights() {
        int[][] targets = {{0, 4, 29}, {7, 8, 1}, {3, 7, 26}};
        try (NDManager m = NDManager.newBaseManager()) {
            for (ItemSimilarityBlock block : blocks(m)) {
                NaisOracle oracle = new NaisOracle(block);
                ParameterStore store = new ParameterStore(m, false);
                RaggedHistory ragged = ragged(m, block, store);
                NDList out = block.scoreTargets(store, ragged, m.create(targets));
                float[] logits = out.get(0).toFloatArray();
                float[] weights = out.get(1).toFloatArray();
                int offset = 0;
                for (int u = 0; u < HISTORIES.size(); u++) {
                    int[] history = HISTORIES.get(u);
                    for (int k = 0; k < 3; k++) {
                        int target = targets[u][k];
                        String what = block.description() + ", user " + u + ", target " + target;
                        close(oracle.logit(history, target), logits[u * 3 + k], what);
                        int[] lookedAt = oracle.lookedAt(history, target);
                        double[] expected = oracle.weights(history, target);
                        int next = 0;
                        int cap = block.config().maxHistory();
                        for (int j = 0; j < history.length; j++) {
                            boolean used = (cap == 0 || j >= history.length - cap)
                                    && history[j] != target;
                            double want = used ? expected[next++] : 0;
                            close(want, weights[(offset + j) * 3 + k], what + ", history " + j);
                        }
                        assertEquals(lookedAt.length, next, what);
                    }
                    offset += history.length;
                }
            }
        }
    }
}
