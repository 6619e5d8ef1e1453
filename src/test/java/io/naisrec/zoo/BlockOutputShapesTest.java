package io.naisrec.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import io.naisrec.data.InteractionDataset;
import io.naisrec.data.InteractionLog;
import io.naisrec.model.EaseBlock;
import io.naisrec.model.EaseConfig;
import io.naisrec.model.ItemSimilarityBlock;
import io.naisrec.model.ItemSimilarityConfig;
import io.naisrec.model.ModelKind;
import io.naisrec.model.RaggedHistory;
import io.naisrec.model.RandomParameters;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shapes each query block declares ({@code getOutputShapes}) are the shapes its forward pass
 * returns, for every model kind (EASE fitted on a ring of items), with K clamped by the
 * catalogue and the shortlist; a declared
 * −1 (the serving block's K, which its input decides) matches any size.
 */
class BlockOutputShapesTest {

    private static final int ITEMS = 12;
    /** Users of 1, 4 and 6 items: T = 11. */
    private static final List<int[]> HISTORIES = List.of(new int[] {3},
            new int[] {0, 5, 7, 2}, new int[] {9, 1, 4, 11, 6, 8});

    private static ItemSimilarityBlock scorer(NDManager m, ModelKind kind) {
        if (!kind.isTrainedByGradient()) {
            InteractionLog log = new InteractionLog();
            for (int u = 0; u < ITEMS; u++) {
                log.add("u" + u, "i" + u, 0);
                log.add("u" + u, "i" + (u + 1) % ITEMS, 1);
            }
            return EaseBlock.fit(InteractionDataset.of("ring", log), new EaseConfig(1f, 0), m);
        }
        return RandomParameters.seeded(5).initialize(kind.newBlock(ItemSimilarityConfig.builder()
                .optAttention(kind.attention()).optEmbeddingSize(4).optAttentionSize(3)
                .build(), ITEMS), m);
    }

    /**
     * The declared shapes for {@code inputs}, checked against one forward pass on them; with
     * {@code unknownK}, a size may be declared −1.
     */
    private static void assertDeclaredShapes(AbstractBlock block, NDManager m, NDList inputs,
            boolean unknownK, String what) {
        Shape[] declared = block.getOutputShapes(inputs.getShapes());
        Shape[] actual = block.forward(new ParameterStore(m, false), inputs, false).getShapes();
        String message = what + ": declared " + Arrays.toString(declared) + ", returned "
                + Arrays.toString(actual);
        assertEquals(actual.length, declared.length, message);
        for (int i = 0; i < actual.length; i++) {
            assertEquals(actual[i].dimension(), declared[i].dimension(), message);
            for (int d = 0; d < actual[i].dimension(); d++) {
                long size = declared[i].get(d);
                assertTrue(size == actual[i].get(d) || unknownK && size == -1, message);
            }
        }
    }

    @Test
    void recommendationBlocksReturnTheDeclaredShapes() {
        // K = topK; the catalogue (topK 50 > 12 items); the shortlist (4 < topK 5)
        int[][] topKAndCandidates = {{5, 0}, {50, 0}, {5, 8}, {5, 4}, {50, 30}};
        for (ModelKind kind : ModelKind.values()) {
            try (NDManager m = NDManager.newBaseManager()) {
                ItemSimilarityBlock scorer = scorer(m, kind);
                for (int[] c : topKAndCandidates) {
                    RecommendationBlock block = new RecommendationBlock(scorer, c[0], c[1]);
                    assertDeclaredShapes(block, m, RaggedHistory.inputs(m, HISTORIES), false,
                            kind + " topK " + c[0] + " candidates " + c[1]);
                }
            }
        }
    }

    @Test
    void similarItemsBlocksReturnTheDeclaredShapes() {
        for (ModelKind kind : ModelKind.values()) {
            try (NDManager m = NDManager.newBaseManager()) {
                ItemSimilarityBlock scorer = scorer(m, kind);
                // K = topK, and N − 1 when topK reaches the catalogue
                for (int topK : new int[] {3, ITEMS, 40}) {
                    assertDeclaredShapes(new SimilarItemsBlock(scorer, topK), m,
                            new NDList(m.create(new int[] {0, 4, 11, 7, 2})), false,
                            kind + " topK " + topK);
                }
            }
        }
    }

    @Test
    void servingBlocksReturnTheDeclaredShapesForMixedAndEmptyGroups() {
        for (ModelKind kind : ModelKind.values()) {
            try (NDManager m = NDManager.newBaseManager()) {
                ServingBlock block = new ServingBlock(scorer(m, kind), 20);
                NDList exact = RaggedHistory.inputs(m, HISTORIES);
                NDList staged = RaggedHistory.inputs(m, HISTORIES.subList(1, 3));
                NDList noUsers = new NDList(m.create(new int[0]), m.create(new int[0]));
                for (int k : new int[] {4, 15}) {
                    assertDeclaredShapes(block, m, serving(m, exact, staged,
                            new int[] {3, 6}, new int[] {1, 10, 5}, k), true,
                            kind + " all groups, K " + k);
                    assertDeclaredShapes(block, m, serving(m, noUsers, staged,
                            new int[] {3, 6}, new int[0], k), true,
                            kind + " only two-stage, K " + k);
                    assertDeclaredShapes(block, m, serving(m, exact, noUsers, new int[0],
                            new int[] {2}, k), true, kind + " no two-stage, K " + k);
                }
            }
        }
    }

    /** The serving block's seven inputs. */
    private static NDList serving(NDManager m, NDList exact, NDList staged, int[] shortlists,
            int[] queries, int k) {
        return new NDList(exact.get(0), exact.get(1), staged.get(0), staged.get(1),
                m.create(shortlists), m.create(queries), m.create(new int[] {k}));
    }
}
