package io.naisrec.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.training.loss.Loss;

/**
 * The data term of the NAIS objective on the logits (the block's first output): the reference's
 * mean log loss against 0/1 labels (DJL's {@code sigmoidBinaryCrossEntropyLoss}), or, over
 * groups of {@code group} consecutive rows (a positive, then its negatives, as
 * {@link TrainingSamples} lays them out), BPR or sampled softmax ({@link TrainingLoss}). The L2
 * terms are the optimizer's ({@link DenseAdagrad.Builder#optL2}).
 */
public final class NaisLoss extends Loss {

    private final Loss logLoss = Loss.sigmoidBinaryCrossEntropyLoss();
    private final TrainingLoss loss;
    private final int group;

    /**
     * A loss named {@code NaisLoss} in DJL's metrics.
     *
     * @param loss the data term
     * @param group rows per positive (1 + negatives), at least 2 for a grouped loss
     */
    public NaisLoss(TrainingLoss loss, int group) {
        super("NaisLoss");
        if (loss.grouped() && group < 2) {
            throw new IllegalArgumentException("loss " + loss.id() + " needs groups of a "
                    + "positive and at least one negative, got groups of " + group);
        }
        this.loss = loss;
        this.group = group;
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray logits = predictions.get(0);
        return switch (loss) {
            case LOG -> logLoss.evaluate(labels, new NDList(logits));
            case BPR -> {
                NDArray scores = logits.reshape(-1, group);
                NDArray margin = scores.get(":, 1:").sub(scores.get(":, 0:1"));
                yield Activation.softPlus(margin).mean();
            }
            case SOFTMAX -> logits.reshape(-1, group).logSoftmax(1).get(":, 0").neg().mean();
        };
    }
}
