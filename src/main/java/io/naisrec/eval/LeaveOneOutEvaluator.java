package io.naisrec.eval;

import io.naisrec.data.LeaveOneOutSplit;
import io.naisrec.model.ItemScorer;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates an {@link ItemScorer} on a {@link LeaveOneOutSplit}: sampled (the held-out item
 * against its evaluation negatives, as in the NCF and NAIS papers) or full ranking (against every
 * item outside the user's training history, as RecBole reports). Users are scored in parallel,
 * on the common fork-join pool: an {@link ItemScorer} may be called from several threads at
 * once (a trained model's {@link io.naisrec.model.BlockScorer} scores each call in a scope of
 * its own, without a lock), and each user's rank depends on that user alone, so the result does
 * not depend on the thread count.
 */
public final class LeaveOneOutEvaluator {

    private static final Logger LOG = LoggerFactory.getLogger(LeaveOneOutEvaluator.class);

    private final int k;

    /** An evaluator with cut-off {@code k} (10 in the papers). */
    public LeaveOneOutEvaluator(int k) {
        if (k <= 0) {
            throw new IllegalArgumentException("k must be positive, got " + k);
        }
        this.k = k;
    }

    /** The held-out item of each test user against that user's negatives. */
    public EvaluationResult sampled(LeaveOneOutSplit split, ItemScorer scorer) {
        int[] users = split.testUsers();
        int[] ranks = new int[users.length];
        int[] sizes = new int[users.length];
        IntStream.range(0, users.length).parallel().forEach(n -> {
            int u = users[n];
            int[] negatives = split.negatives(u);
            int[] candidates = new int[negatives.length + 1];
            candidates[0] = split.testItem(u);
            System.arraycopy(negatives, 0, candidates, 1, negatives.length);
            ranks[n] = rankFirst(split.train().history(u), candidates, scorer);
            sizes[n] = candidates.length;
        });
        return new EvaluationResult("sampled", k, users, ranks, sizes);
    }

    /** The held-out item of each test user against every item outside its training history. */
    public EvaluationResult fullRanking(LeaveOneOutSplit split, ItemScorer scorer) {
        return fullRanking(split, scorer, split.testUsers());
    }

    /**
     * As {@link #fullRanking(LeaveOneOutSplit, ItemScorer)} for some of the test users (e.g.
     * a few, to warm a scorer up before timing it).
     */
    public EvaluationResult fullRanking(LeaveOneOutSplit split, ItemScorer scorer,
            int[] users) {
        int numItems = split.train().numItems();
        int[] ranks = new int[users.length];
        int[] sizes = new int[users.length];
        long start = System.nanoTime();
        IntStream.range(0, users.length).parallel().forEach(n -> {
            int u = users[n];
            int[] history = split.train().history(u);
            boolean[] inHistory = new boolean[numItems];
            for (int item : history) {
                inHistory[item] = true;
            }
            int test = split.testItem(u);
            int[] candidates = new int[numItems - countTrue(inHistory) + (inHistory[test] ? 1 : 0)];
            int c = 0;
            candidates[c++] = test;
            for (int item = 0; item < numItems; item++) {
                if (!inHistory[item] && item != test) {
                    candidates[c++] = item;
                }
            }
            ranks[n] = rankFirst(history, candidates, scorer);
            sizes[n] = candidates.length;
        });
        LOG.info("Full ranking of {} users over {} items took {} ms", users.length, numItems,
                (System.nanoTime() - start) / 1_000_000);
        return new EvaluationResult("full", k, users, ranks, sizes);
    }

    private static int rankFirst(int[] history, int[] candidates, ItemScorer scorer) {
        float[] scores = new float[candidates.length];
        scorer.score(history, candidates, scores);
        return RankingMetrics.rank(scores[0], scores, 1, scores.length);
    }

    private static int countTrue(boolean[] flags) {
        int n = 0;
        for (boolean f : flags) {
            if (f) {
                n++;
            }
        }
        return n;
    }
}
