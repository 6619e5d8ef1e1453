package io.naisrec.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * The NAIS objective: the mean log loss of the logits against 0/1 labels (DJL's
 * {@code sigmoidBinaryCrossEntropyLoss}), plus the block's regularisation penalty when the
 * predictions carry one (third output, training only).
 */
public final class NaisLoss extends Loss {

    private final Loss logLoss = Loss.sigmoidBinaryCrossEntropyLoss();

    /** The loss, named {@code NaisLoss} in DJL's metrics. */
    public NaisLoss() {
        super("NaisLoss");
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray loss = logLoss.evaluate(labels, new NDList(predictions.get(0)));
        return predictions.size() > 2 ? loss.add(predictions.get(2)) : loss;
    }
}
