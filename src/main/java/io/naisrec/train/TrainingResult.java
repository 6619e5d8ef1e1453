package io.naisrec.train;

import ai.djl.Model;
import io.naisrec.eval.EvaluationResult;
import io.naisrec.model.ItemSimilarityBlock;
import java.util.List;

/**
 * The outcome of a {@link TrainingRun}: the model (with the best epoch's parameters; close the result or the model),
 * every epoch (their HR and NDCG on the selection split), the best epoch, its evaluation on
 * the selection split and on the test items, and the training time.
 *
 * @param bestEvaluation the best epoch's evaluation on the split that chose it (validation,
 *     or test with {@link Selection#TEST})
 * @param testEvaluation the best epoch's evaluation on the test items, with each test
 *     user's whole training history, by the protocol of the settings'
 *     {@link SelectionMetric} (the same as {@code bestEvaluation} when the test items chose
 *     it)
 */
public record TrainingResult(Model model, ItemSimilarityBlock block, List<EpochRecord> epochs,
        EpochRecord best, EvaluationResult bestEvaluation, EvaluationResult testEvaluation,
        double trainSeconds) implements AutoCloseable {
    /** Copies the epochs. */
    public TrainingResult {
        epochs = List.copyOf(epochs);
    }

    @Override
    public void close() {
        model.close();
    }
}
