package io.naisrec.eval;

import ai.djl.ndarray.NDManager;
import io.naisrec.data.LeaveOneOutSplit;
import io.naisrec.model.BlockScorer;
import io.naisrec.model.EaseBlock;
import io.naisrec.model.EaseConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses EASE^R's λ on a validation split (never on the test items): fits EASE on the
 * validation split's training interactions for each λ of a grid and keeps the λ with the best
 * HR@K under the protocol asked for (the first of a tie). Each fit is O(items³).
 */
public final class EaseSelection {

    private static final Logger LOG = LoggerFactory.getLogger(EaseSelection.class);

    /**
     * The chosen λ and every λ's validation HR@K, in grid order.
     *
     * @param lambda the λ with the best validation HR@K
     * @param hitRatios λ → validation HR@K
     */
    public record Choice(float lambda, Map<Float, Double> hitRatios) {
        /** Copies the map. */
        public Choice {
            hitRatios = Map.copyOf(hitRatios);
        }
    }

    private EaseSelection() {}

    /**
     * Fits and evaluates EASE for each λ of {@code grid} on {@code validation}.
     *
     * @param neighbours the neighbours each item keeps (0: all), as the final model will
     * @param fullRanking rank against every item (else the split's sampled negatives)
     */
    public static Choice choose(LeaveOneOutSplit validation, List<Float> grid, int neighbours,
            int k, boolean fullRanking, NDManager manager) {
        if (grid.isEmpty()) {
            throw new IllegalArgumentException("the lambda grid is empty");
        }
        LeaveOneOutEvaluator evaluator = new LeaveOneOutEvaluator(k);
        Map<Float, Double> hitRatios = new LinkedHashMap<>();
        float best = grid.get(0);
        for (float lambda : grid) {
            try (NDManager scope = manager.newSubManager()) {
                EaseBlock block = EaseBlock.fit(validation.train(),
                        new EaseConfig(lambda, neighbours), scope);
                BlockScorer scorer = new BlockScorer(block, scope);
                EvaluationResult result = fullRanking ? evaluator.fullRanking(validation, scorer)
                        : evaluator.sampled(validation, scorer);
                hitRatios.put(lambda, result.hitRatio());
                LOG.info("EASE lambda {}: validation HR@{} {}", lambda, k, result.hitRatio());
                if (result.hitRatio() > hitRatios.get(best)) {
                    best = lambda;
                }
            }
        }
        return new Choice(best, hitRatios);
    }
}
