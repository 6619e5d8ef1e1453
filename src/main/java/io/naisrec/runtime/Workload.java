package io.naisrec.runtime;

/**
 * What a process mostly does, which decides how many threads the engine's operators use
 * ({@link EngineThreads}). Training and evaluation run one model on the process's cores;
 * serving and batch tasks run many predictors side by side, each of which does best on one
 * thread of its own.
 */
public enum Workload {
    /** Training a model (the command line's {@code train}, {@code bench}). */
    TRAINING,
    /** Evaluating or analysing a model ({@code evaluate}, {@code analyze}, {@code recommend}). */
    EVALUATION,
    /** A server's workers, one predictor each. */
    SERVING,
    /** Batch jobs whose tasks share an executor's cores (Spark). */
    BATCH_TASK
}
