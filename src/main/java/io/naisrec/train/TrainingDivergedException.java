package io.naisrec.train;

/**
 * Training produced a non-finite loss: DJL's {@link ai.djl.TrainingDivergedException} with the
 * epoch and batch where it happened. Raised by the training loop at that batch, before its
 * update; the message is one line saying where and what to do, and where the last good
 * checkpoint is when the run wrote one.
 */
public final class TrainingDivergedException extends ai.djl.TrainingDivergedException {

    private static final long serialVersionUID = 1L;

    private final int epoch;
    private final int batch;

    /**
     * @param message one line: where it diverged and what to do
     * @param epoch the 1-based epoch
     * @param batch the 1-based batch within the epoch
     */
    public TrainingDivergedException(String message, int epoch, int batch) {
        super(message);
        this.epoch = epoch;
        this.batch = batch;
    }

    /** The 1-based epoch in which the loss became non-finite. */
    public int epoch() {
        return epoch;
    }

    /** The 1-based batch of that epoch. */
    public int batch() {
        return batch;
    }
}
