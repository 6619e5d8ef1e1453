package io.naisrec.eval;

import java.util.Arrays;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;

/**
 * Metrics of one evaluation, with the per-user ranks kept for analysis.
 *
 * @param protocol {@code sampled} (held-out item against its negatives) or {@code full}
 * @param k the cut-off K
 * @param users the evaluated users (those with a test item)
 * @param ranks the 0-based rank of each user's held-out item, aligned with {@code users}
 * @param candidates how many candidates each user's item was ranked among (itself included)
 */
public record EvaluationResult(String protocol, int k, int[] users, int[] ranks,
        int[] candidates) {

    /** Checks the arrays line up. */
    public EvaluationResult {
        if (users.length != ranks.length || users.length != candidates.length) {
            throw new IllegalArgumentException("users, ranks and candidates must be aligned");
        }
        if (k <= 0) {
            throw new IllegalArgumentException("k must be positive, got " + k);
        }
    }

    /** Number of evaluated users. */
    public int numUsers() {
        return users.length;
    }

    /** HR@K averaged over users; NaN when no user was evaluated. */
    public double hitRatio() {
        return Arrays.stream(ranks).mapToDouble(r -> RankingMetrics.hitRatio(r, k)).average()
                .orElse(Double.NaN);
    }

    /** NDCG@K averaged over users; NaN when no user was evaluated. */
    public double ndcg() {
        return Arrays.stream(ranks).mapToDouble(r -> RankingMetrics.ndcg(r, k)).average()
                .orElse(Double.NaN);
    }

    /** HR@{@code cutoff} from the same ranks (e.g. Recall@50 with one relevant item). */
    public double hitRatioAt(int cutoff) {
        return Arrays.stream(ranks).mapToDouble(r -> RankingMetrics.hitRatio(r, cutoff))
                .average().orElse(Double.NaN);
    }

    /** The same evaluation restricted to the users that {@code keep} accepts. */
    public EvaluationResult ofUsers(IntPredicate keep) {
        int[] at = IntStream.range(0, users.length)
                .filter(n -> keep.test(users[n])).toArray();
        return new EvaluationResult(protocol, k, Arrays.stream(at).map(n -> users[n]).toArray(),
                Arrays.stream(at).map(n -> ranks[n]).toArray(),
                Arrays.stream(at).map(n -> candidates[n]).toArray());
    }
}
