package io.naisrec.model;

import ai.djl.ndarray.NDArray;

/**
 * The NAIS smoothed softmax over the real (unmasked) positions of each row:
 * a_j = exp(f_j) / (Σ_k exp(f_k))^β, computed as exp(f_j − β·logsumexp_k f_k). With β = 1 it is
 * the softmax; β &lt; 1 lets long histories keep larger weights. Masked positions get exactly 0
 * and no gradient; a row without real positions gets all zeros.
 *
 * <p>Subtracting the row maximum alone would be wrong here: for β ≠ 1 the result is not
 * invariant to shifting f, so the full log-sum-exp is subtracted, scaled by β. Masking is
 * arithmetic (an offset, then a product with the mask) rather than selects, which keeps the
 * operation count, and so the time per batch, low.
 */
public final class SmoothedSoftmax {

    /** Stands in for −∞ at masked positions; finite so that all-masked rows stay NaN-free. */
    private static final float MASKED = -1e30f;

    private SmoothedSoftmax() {}

    /**
     * @param logits f, shape (B, L)
     * @param mask 1 at real positions, 0 elsewhere, shape (B, L), float
     * @param beta β in (0, 1]
     * @return the weights a, shape (B, L)
     */
    public static NDArray apply(NDArray logits, NDArray mask, float beta) {
        return apply(logits, mask, Scalars.constant(logits, beta));
    }

    /**
     * As {@link #apply(NDArray, NDArray, float)} with β as an array, shape () or (1): a trained
     * parameter kept in (0, 1] by the caller.
     */
    public static NDArray apply(NDArray logits, NDArray mask, NDArray beta) {
        // masked positions move to −1e30 (exp gives exactly 0); real ones are unchanged
        NDArray shifted = logits.add(mask.sub(1f).mul(-MASKED));           // (B, L)
        NDArray max = shifted.max(new int[] {1}, true).stopGradient();     // (B, 1)
        NDArray logSumExp = shifted.sub(max).exp().sum(new int[] {1}, true).log().add(max);
        return shifted.sub(logSumExp.mul(beta)).exp().mul(mask);           // (B, L)
    }
}
