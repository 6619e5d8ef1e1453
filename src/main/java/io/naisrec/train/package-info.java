/**
 * Training of FISM and NAIS with a DJL {@code Trainer}: the pointwise samples of the reference
 * code ({@link io.naisrec.train.TrainingSamples}), the log loss
 * ({@link io.naisrec.train.NaisLoss}), a dense Adagrad that also applies the L2 terms
 * ({@link io.naisrec.train.DenseAdagrad};
 * DJL's own asks the PyTorch engine for a row-sparse update it does not implement) and the loop
 * ({@link io.naisrec.train.ModelTrainer}).
 */
package io.naisrec.train;
