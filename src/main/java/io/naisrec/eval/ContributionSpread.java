package io.naisrec.eval;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import io.naisrec.data.InteractionDataset;
import io.naisrec.model.ItemSimilarityBlock;
import io.naisrec.model.NoGradient;
import io.naisrec.model.RaggedHistory;
import io.naisrec.model.RaggedRanking;
import java.util.ArrayList;
import java.util.List;

/**
 * How much a model's explanations discriminate between history items, over the top-K
 * recommendations of users with at least two history items looked at: for each recommendation,
 * each history item's contribution to the score (n^−α a_ij (p_i · q_j); EASE: B_ji) and its
 * attention weight a_ij.
 *
 * @param recommendations the recommendations measured
 * @param meanContributionMaxMin mean over the recommendations whose contributions are all
 *     positive of the largest contribution over the smallest
 * @param positiveRecommendations how many recommendations had only positive contributions
 * @param meanTopShare mean share of the largest contribution in the sum of the history's
 *     contributions (1 / history length when all contribute alike)
 * @param meanWeightMaxMin mean over the recommendations whose weights are all positive of the
 *     largest attention weight over the smallest (1 for FISM)
 */
public record ContributionSpread(int recommendations, double meanContributionMaxMin,
        int positiveRecommendations, double meanTopShare, double meanWeightMaxMin) {

    /** Users ranked per pass. */
    private static final int USERS_PER_PASS = 64;

    /**
     * Measures {@code block}'s top-{@code k} recommendations for {@code users} of
     * {@code train}, ranking the whole catalogue.
     */
    public static ContributionSpread of(ItemSimilarityBlock block, NDManager manager,
            InteractionDataset train, int[] users, int k) {
        List<int[]> histories = new ArrayList<>();
        for (int u : users) {
            if (block.historyUsed(train.history(u)).length >= 2) {
                histories.add(train.history(u));
            }
        }
        Sums sums = new Sums();
        RaggedRanking ranking = new RaggedRanking(block);
        int top = Math.min(k, block.numItems() - 1);
        for (int from = 0; from < histories.size(); from += USERS_PER_PASS) {
            List<int[]> pass = histories.subList(from, Math.min(histories.size(),
                    from + USERS_PER_PASS));
            try (NoGradient off = NoGradient.enter(); NDManager scope = manager.newSubManager()) {
                ParameterStore store = new ParameterStore(scope, false);
                NDList ranked = ranking.recommend(store, RaggedHistory.of(block, store, scope,
                        pass), top, null, null, 0);
                float[] weights = ranked.get(2).toFloatArray();
                float[] contributions = ranked.get(3).toFloatArray();
                int offset = 0;
                for (int[] history : pass) {
                    int used = block.historyUsed(history).length;
                    int first = offset + history.length - used;
                    for (int r = 0; r < top; r++) {
                        sums.add(weights, contributions, first, used, top, r);
                    }
                    offset += history.length;
                }
            }
        }
        return sums.result();
    }

    /** The running sums over recommendations. */
    private static final class Sums {
        private int recommendations;
        private int positive;
        private int weighted;
        private double contributionRatio;
        private double topShare;
        private double weightRatio;

        void add(float[] weights, float[] contributions, int first, int used, int k, int r) {
            double max = Double.NEGATIVE_INFINITY;
            double min = Double.POSITIVE_INFINITY;
            double total = 0;
            double maxWeight = Double.NEGATIVE_INFINITY;
            double minWeight = Double.POSITIVE_INFINITY;
            for (int j = first; j < first + used; j++) {
                double c = contributions[j * k + r];
                max = Math.max(max, c);
                min = Math.min(min, c);
                total += c;
                maxWeight = Math.max(maxWeight, weights[j * k + r]);
                minWeight = Math.min(minWeight, weights[j * k + r]);
            }
            recommendations++;
            if (min > 0) {
                positive++;
                contributionRatio += max / min;
            }
            if (total != 0) {
                topShare += max / total;
            }
            if (minWeight > 0) {
                weighted++;
                weightRatio += maxWeight / minWeight;
            }
        }

        ContributionSpread result() {
            return new ContributionSpread(recommendations,
                    positive == 0 ? Double.NaN : contributionRatio / positive, positive,
                    recommendations == 0 ? Double.NaN : topShare / recommendations,
                    weighted == 0 ? Double.NaN : weightRatio / weighted);
        }
    }
}
