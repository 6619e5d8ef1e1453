package io.naisrec.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.naisrec.data.InteractionDataset;
import io.naisrec.data.InteractionLog;
import org.junit.jupiter.api.Test;

/**
 * ItemPop and ItemKNN on a hand-built dataset. Users A {0,1}, B {0,1,2}, C {1,2}, D {3}: item
 * counts 2, 3, 2, 1; co-occurrences (0,1) = 2, (0,2) = 1, (1,2) = 2, none with 3.
 */
class BaselinesTest {

    private static final double R6 = Math.sqrt(6);

    private static InteractionDataset handBuilt() {
        InteractionLog log = new InteractionLog();
        for (int i = 0; i < 4; i++) {
            log.items().add(Integer.toString(i));
        }
        String[][] histories = {{"A", "0", "1"}, {"B", "0", "1", "2"}, {"C", "1", "2"},
            {"D", "3"}};
        long t = 0;
        for (String[] h : histories) {
            for (int k = 1; k < h.length; k++) {
                log.add(h[0], h[k], t++);
            }
        }
        return InteractionDataset.of("hand", log);
    }

    private static float[] score(ItemScorer scorer, int[] history, int... candidates) {
        float[] scores = new float[candidates.length];
        scorer.score(history, candidates, scores);
        return scores;
    }

    @Test
    void itemPopScoresByTrainingCount() {
        ItemScorer pop = ItemPopularity.fit(handBuilt());
        assertArrayEquals(new float[] {2, 3, 2, 1}, score(pop, new int[] {3}, 0, 1, 2, 3));
    }

    @Test
    void itemKnnIsCosineOverBinaryUserVectors() {
        ItemKnn knn = ItemKnn.fit(handBuilt(), 0);
        assertEquals(2 / R6, knn.similarity(0, 1), 1e-6);
        assertEquals(0.5, knn.similarity(0, 2), 1e-6);
        assertEquals(2 / R6, knn.similarity(2, 1), 1e-6);
        assertEquals(0.0, knn.similarity(1, 1), "no self-similarity");
        assertEquals(0.0, knn.similarity(3, 0));
        assertArrayEquals(new float[] {(float) (2 / R6), 0.5f, 0f},
                score(knn, new int[] {0}, 1, 2, 3), 1e-6f);
        assertArrayEquals(new float[] {(float) (4 / R6)}, score(knn, new int[] {0, 2}, 1), 1e-6f);
    }

    @Test
    void itemKnnNeighbourhoodKeepsTheMostSimilarPerTarget() {
        ItemKnn knn = ItemKnn.fit(handBuilt(), 1);
        assertEquals(2 / R6, knn.similarity(1, 0), 1e-6, "tie at the cut: lower index kept");
        assertEquals(0.0, knn.similarity(1, 2));
        assertEquals(2 / R6, knn.similarity(0, 1), 1e-6);
        assertEquals(0.0, knn.similarity(0, 2));
        assertArrayEquals(new float[] {(float) (2 / R6)}, score(knn, new int[] {0, 2}, 1), 1e-6f);
    }

    @Test
    void itemKnnRejectsANegativeNeighbourhood() {
        assertThrows(IllegalArgumentException.class, () -> ItemKnn.fit(handBuilt(), -1));
    }
}
