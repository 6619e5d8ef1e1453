package io.naisrec.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.naisrec.data.InteractionDataset;
import io.naisrec.data.InteractionLog;
import io.naisrec.data.LeaveOneOutSplit;
import io.naisrec.model.ItemScorer;
import org.junit.jupiter.api.Test;

class LeaveOneOutEvaluatorTest {

    /** Items 0..9; user 0 history 0,1 then test 2; user 1 history 3 then test 9. */
    private static LeaveOneOutSplit split() {
        InteractionLog log = new InteractionLog();
        for (int i = 0; i < 10; i++) {
            log.items().add("i" + i);
        }
        log.add("a", "i0", 1);
        log.add("a", "i1", 2);
        log.add("a", "i2", 3);
        log.add("b", "i3", 1);
        log.add("b", "i9", 2);
        InteractionDataset data = InteractionDataset.of("t", log);
        return LeaveOneOutSplit.of(data, 4, 1);
    }

    /** Score = item index: higher items rank higher. */
    private static final ItemScorer BY_INDEX = (history, candidates, scores) -> {
        for (int k = 0; k < candidates.length; k++) {
            scores[k] = candidates[k];
        }
    };

    @Test
    void sampledRanksTheTestItemAgainstItsNegatives() {
        LeaveOneOutSplit split = split();
        EvaluationResult result = new LeaveOneOutEvaluator(10).sampled(split, BY_INDEX);
        assertArrayEquals(new int[] {0, 1}, result.users());
        int expectedA = (int) java.util.Arrays.stream(split.negatives(0)).filter(i -> i > 2)
                .count();
        assertEquals(expectedA, result.ranks()[0]);
        assertEquals(0, result.ranks()[1], "item 9 beats every negative");
        assertArrayEquals(new int[] {5, 5}, result.candidates());
    }

    @Test
    void fullRankingUsesEveryItemOutsideTheTrainingHistory() {
        EvaluationResult result = new LeaveOneOutEvaluator(3).fullRanking(split(), BY_INDEX);
        assertEquals("full", result.protocol());
        assertArrayEquals(new int[] {7, 0}, result.ranks(), "a: items 3..9 beat 2");
        assertArrayEquals(new int[] {8, 9}, result.candidates());
        assertEquals(0.5, result.hitRatio());
    }

    @Test
    void tiesCountAgainstTheTestItem() {
        ItemScorer constant = (history, candidates, scores) -> java.util.Arrays.fill(scores, 1f);
        EvaluationResult result = new LeaveOneOutEvaluator(10).sampled(split(), constant);
        assertArrayEquals(new int[] {4, 4}, result.ranks());
    }
}
