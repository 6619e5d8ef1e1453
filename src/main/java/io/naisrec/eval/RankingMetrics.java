package io.naisrec.eval;

/** The rank of a held-out item among candidates, and the hit ratio and NDCG derived from it. */
public final class RankingMetrics {

    private static final double LN2 = Math.log(2);

    private RankingMetrics() {}

    /**
     * The 0-based rank of {@code target} among {@code others}: how many of them score at least
     * as high (ties count against the target). A NaN target ranks below everything.
     */
    public static int rank(float target, float[] others, int from, int to) {
        int rank = 0;
        for (int k = from; k < to; k++) {
            if (!(others[k] < target)) {
                rank++;
            }
        }
        return rank;
    }

    /** HR@K of one user: 1 when {@code rank < k}. */
    public static double hitRatio(int rank, int k) {
        return rank < k ? 1.0 : 0.0;
    }

    /** NDCG@K of one user with a single relevant item: 1/log2(rank + 2) when {@code rank < k}. */
    public static double ndcg(int rank, int k) {
        return rank < k ? LN2 / Math.log(rank + 2.0) : 0.0;
    }
}
