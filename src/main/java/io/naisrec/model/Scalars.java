package io.naisrec.model;

import ai.djl.ndarray.NDArray;

/**
 * Scalar operands that are safe to differentiate.
 *
 * <p>DJL's {@code NDArray.mul(Number)} (likewise {@code div} and {@code pow}) wraps the number
 * in a scalar array over a Java direct buffer and closes it as soon as the operation returns.
 * PyTorch's autograd keeps that scalar for the backward pass of the product; by then the Java
 * buffer may have been freed and its memory reused, so the gradient reads garbage and training is
 * not reproducible from one process to the next. On any path that is differentiated, multiply by
 * {@link #constant(NDArray, float)} instead: it lives in the operand's manager (the batch's)
 * until that manager is closed, after the backward pass.
 */
public final class Scalars {

    private Scalars() {}

    /** {@code value} as a 0-dimensional array in {@code like}'s manager, type and device. */
    public static NDArray constant(NDArray like, float value) {
        return like.getManager().create(value).toType(like.getDataType(), false)
                .toDevice(like.getDevice(), false);
    }
}
