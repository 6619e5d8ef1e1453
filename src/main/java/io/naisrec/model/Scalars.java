package io.naisrec.model;

import ai.djl.ndarray.NDArray;

/**
 * Multiplication by a constant that is safe to differentiate.
 *
 * <p>DJL's {@code NDArray.mul(Number)} (and add, sub, div, pow) wraps the number in a scalar
 * array over a Java direct buffer and closes it as soon as the operation returns. PyTorch's
 * autograd keeps that scalar for the backward pass of a product; by then the Java buffer may have
 * been freed and its memory reused, so the gradient reads garbage and training is not reproducible
 * from one process to the next. On any path that is differentiated, use
 * {@link #scaled(NDArray, float)} or {@link #constant(NDArray, float)}: the scalar lives in the operand's manager (the batch's) until
 * that manager is closed, after the backward pass.
 */
final class Scalars {

    private Scalars() {}

    /** {@code array} × {@code factor}, the factor held by {@code array}'s manager. */
    static NDArray scaled(NDArray array, float factor) {
        return array.mul(constant(array, factor));
    }

    /** {@code value} as a 0-dimensional array in {@code like}'s manager, type and device. */
    static NDArray constant(NDArray like, float value) {
        return like.getManager().create(value).toType(like.getDataType(), false)
                .toDevice(like.getDevice(), false);
    }
}
