package io.naisrec.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * The data term of the NAIS objective: the mean log loss of the logits (the block's first
 * output) against 0/1 labels (DJL's {@code sigmoidBinaryCrossEntropyLoss}). The L2 terms are the
 * optimizer's ({@link DenseAdagrad.Builder#optL2}).
 */
public final class NaisLoss extends Loss {

    private final Loss logLoss = Loss.sigmoidBinaryCrossEntropyLoss();

    /** The loss, named {@code NaisLoss} in DJL's metrics. */
    public NaisLoss() {
        super("NaisLoss");
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        return logLoss.evaluate(labels, new NDList(predictions.get(0)));
    }
}
