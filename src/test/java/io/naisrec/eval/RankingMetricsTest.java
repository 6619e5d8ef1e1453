package io.naisrec.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RankingMetricsTest {

    @Test
    void rankCountsNegativesScoringAtLeastAsHigh() {
        float[] negatives = {0.1f, 0.9f, 0.5f, 0.5f, 0.2f};
        assertEquals(1, RankingMetrics.rank(0.6f, negatives, 0, 5));
        assertEquals(3, RankingMetrics.rank(0.5f, negatives, 0, 5), "ties count against");
        assertEquals(0, RankingMetrics.rank(1.0f, negatives, 0, 5));
        assertEquals(5, RankingMetrics.rank(0.0f, negatives, 0, 5));
        assertEquals(2, RankingMetrics.rank(0.5f, negatives, 2, 4), "range respected");
        assertEquals(5, RankingMetrics.rank(Float.NaN, negatives, 0, 5), "NaN ranks last");
    }

    @Test
    void hitRatioAndNdcgByHand() {
        assertEquals(1.0, RankingMetrics.hitRatio(0, 10));
        assertEquals(1.0, RankingMetrics.hitRatio(9, 10));
        assertEquals(0.0, RankingMetrics.hitRatio(10, 10));
        assertEquals(1.0, RankingMetrics.ndcg(0, 10), 1e-12);
        assertEquals(1 / (Math.log(3) / Math.log(2)), RankingMetrics.ndcg(1, 10), 1e-12);
        assertEquals(0.5, RankingMetrics.ndcg(2, 10), 1e-12, "1/log2(4)");
        assertEquals(1 / (Math.log(11) / Math.log(2)), RankingMetrics.ndcg(9, 10), 1e-12);
        assertEquals(0.0, RankingMetrics.ndcg(10, 10));
    }

    @Test
    void resultAveragesOverUsers() {
        EvaluationResult result = new EvaluationResult("sampled", 2, new int[] {0, 1, 2},
                new int[] {0, 2, 1}, new int[] {100, 100, 100});
        assertEquals(2.0 / 3, result.hitRatio(), 1e-12);
        assertEquals((1.0 + 0 + 1 / (Math.log(3) / Math.log(2))) / 3, result.ndcg(), 1e-12);
        assertEquals(1.0, result.hitRatioAt(3));
    }
}
