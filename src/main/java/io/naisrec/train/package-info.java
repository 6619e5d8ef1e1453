/**
 * Training of FISM and NAIS with a DJL {@code Trainer}. {@link io.naisrec.train.TrainingRun} is
 * the entry point: a builder that validates the whole run ({@link
 * io.naisrec.train.TrainingSettings}, the model's configuration, resuming), and a result with the
 * best epoch's model. Underneath: the pointwise samples of the reference code ({@link
 * io.naisrec.train.TrainingSamples}, negatives uniform or by popularity), the log loss or the
 * BPR and sampled-softmax losses beside it ({@link io.naisrec.train.NaisLoss}, {@link
 * io.naisrec.train.TrainingLoss}), the protocol that chooses the epoch ({@link
 * io.naisrec.train.SelectionMetric}: sampled or full ranking), a dense
 * Adagrad that also applies the L2 terms ({@link io.naisrec.train.DenseAdagrad}; DJL's own asks
 * the PyTorch engine for a row-sparse update it does not implement), the loop ({@link
 * io.naisrec.train.ModelTrainer}, which stops at the first batch with a non-finite loss: {@link
 * io.naisrec.train.TrainingDivergedException}, DJL's with the epoch and batch), and DJL training
 * listeners around it: the starting point (a pre-trained block, a checkpoint, or a parent model
 * grown by the items new to it: {@link io.naisrec.train.NewItemStart}), the per-epoch
 * evaluation that tracks the best epoch ({@link io.naisrec.train.EpochEvaluationListener}),
 * checkpoints after every epoch ({@link io.naisrec.train.Checkpoint}, which hold the run's kind,
 * configuration and settings, so that {@link io.naisrec.train.TrainingRun#resume} continues a
 * run from Java alone; {@link io.naisrec.train.SettingsJson} writes them), early stopping and
 * progress (a bar on a terminal, else {@link io.naisrec.train.ProgressLogListener}'s log lines);
 * and the record of a run ({@link io.naisrec.train.EpochRecord}, {@link
 * io.naisrec.train.TrainingHistory}). Uses data, model, eval and runtime.
 */
package io.naisrec.train;
