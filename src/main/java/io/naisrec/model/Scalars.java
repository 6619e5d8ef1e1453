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
 * {@link #scaled(NDArray, float)}: its scalar lives in the operand's manager (the batch's) until
 * that manager is closed, after the backward pass.
 */
final class Scalars {

    private Scalars() {}

    /** {@code array} × {@code factor}, the factor held by {@code array}'s manager. */
    static NDArray scaled(NDArray array, float factor) {
        NDArray constant = array.getManager().create(factor).toType(array.getDataType(), false)
                .toDevice(array.getDevice(), false);
        return array.mul(constant);
    }
}
