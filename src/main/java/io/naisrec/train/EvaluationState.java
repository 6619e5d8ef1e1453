package io.naisrec.train;

import io.naisrec.eval.EvaluationResult;
import java.util.List;

/**
 * What an {@link EpochEvaluationListener} has seen so far, for a checkpoint: every epoch, the
 * best one, its evaluation and its parameters.
 *
 * @param records every epoch so far
 * @param bestIndex index of the best epoch in {@code records} (an evaluated start, epoch 0,
 *     first), or −1
 * @param bestResult the evaluation of the best epoch, or {@code null}
 * @param bestParameters the best epoch's parameters (the block's own format), or {@code null}
 */
public record EvaluationState(List<EpochRecord> records, int bestIndex,
        EvaluationResult bestResult, byte[] bestParameters) {

    /** Copies the records. */
    public EvaluationState {
        records = List.copyOf(records);
    }
}
