package io.naisrec.model;

import java.util.List;

/**
 * The settings of an {@link EaseBlock EASE^R} fit: the L2 weight λ of the closed form
 * B = I − P·diagMat(1/diag P), P = (XᵀX + λI)⁻¹, and how many neighbours each item keeps.
 *
 * @param lambda λ, positive and finite
 * @param neighbours N: each history item keeps its N largest weights |B_ji| (the rest become
 *     0); 0 keeps every weight
 */
public record EaseConfig(float lambda, int neighbours) {

    /** The λ values tried on the validation split when none is given. */
    public static final List<Float> LAMBDA_GRID = List.of(10f, 50f, 100f, 200f, 500f, 1000f);

    /** Validates. */
    public EaseConfig {
        if (!(lambda > 0f) || Float.isInfinite(lambda)) {
            throw new IllegalArgumentException("lambda must be positive and finite, got "
                    + lambda);
        }
        if (neighbours < 0) {
            throw new IllegalArgumentException("neighbours must be >= 0 (0 keeps all), got "
                    + neighbours);
        }
    }

    /** The same λ with another neighbour count. */
    public EaseConfig withNeighbours(int value) {
        return new EaseConfig(lambda, value);
    }
}
