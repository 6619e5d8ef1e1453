package io.naisrec.train;

/**
 * One epoch of training.
 *
 * @param epoch 1-based epoch number; 0 is the starting point, evaluated before the first epoch
 *     where the run asks for it (its loss is NaN)
 * @param loss mean training log loss over the epoch's samples (the L2 terms, applied by the
 *     optimizer, are not included)
 * @param hitRatio HR@K, or NaN when the epoch was not evaluated (by the run's
 *     {@link SelectionMetric}: sampled negatives, or full ranking)
 * @param ndcg NDCG@K, or NaN when the epoch was not evaluated
 * @param beta NAIS's smoothing exponent β at the end of the epoch (it changes when it is
 *     learned), NaN for FISM
 * @param seconds wall time of the epoch's training (evaluation excluded)
 * @param heapMb JVM heap live after the latest garbage collection, at the end of the epoch
 * @param rssMb resident memory of the process at the end of the epoch (-1 where unknown)
 */
public record EpochRecord(int epoch, double loss, double hitRatio, double ndcg, double beta,
        double seconds, long heapMb, long rssMb) {

    /** Whether HR and NDCG were measured this epoch. */
    public boolean evaluated() {
        return !Double.isNaN(hitRatio);
    }

    /** Whether this epoch beats {@code other} by HR@K, then NDCG@K. */
    public boolean betterThan(EpochRecord other) {
        if (other == null) {
            return evaluated();
        }
        return hitRatio > other.hitRatio || (hitRatio == other.hitRatio && ndcg > other.ndcg);
    }
}
