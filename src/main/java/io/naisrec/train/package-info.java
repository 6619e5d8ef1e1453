/**
 * Training of FISM and NAIS with a DJL {@code Trainer}. {@link io.naisrec.train.TrainingRun} is
 * the entry point: a builder that validates the whole run ({@link
 * io.naisrec.train.TrainingSettings}, the model's configuration, resuming), and a result with the
 * best epoch's model. Underneath: the pointwise samples of the reference code ({@link
 * io.naisrec.train.TrainingSamples}), the log loss ({@link io.naisrec.train.NaisLoss}), a dense
 * Adagrad that also applies the L2 terms ({@link io.naisrec.train.DenseAdagrad}; DJL's own asks
 * the PyTorch engine for a row-sparse update it does not implement), the loop ({@link
 * io.naisrec.train.ModelTrainer}, which stops at the first batch with a non-finite loss), the
 * per-epoch evaluation that keeps the best epoch ({@link
 * io.naisrec.train.EpochEvaluationListener}), checkpoints ({@link io.naisrec.train.Checkpoint})
 * and the record of a run ({@link io.naisrec.train.EpochRecord}, {@link
 * io.naisrec.train.TrainingHistory}). Uses data, model, eval and runtime.
 */
package io.naisrec.train;
