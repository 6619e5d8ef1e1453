package io.naisrec.model;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * A scope in which the PyTorch engine records no autograd graph on the current thread, restoring
 * the previous state on close. PyTorch's grad mode is per thread and on by default; DJL turns it
 * off only on the thread that first loads the engine. On any other thread (a worker pool, a
 * notebook's execution thread) inference would record graphs for nothing, and in-place updates
 * of parameters (copying pre-trained weights, optimizer steps) would fail. Training batches turn
 * it on inside their {@code GradientCollector} as usual. On other engines this does nothing.
 */
public final class NoGradient implements AutoCloseable {

    private final boolean pytorch;
    private final boolean previous;

    private NoGradient() {
        pytorch = "PyTorch".equals(Engine.getInstance().getEngineName());
        previous = pytorch && JniUtils.isGradMode();
        if (previous) {
            JniUtils.setGradMode(false);
        }
    }

    /** Turns recording off on this thread until {@link #close()}. */
    public static NoGradient enter() {
        return new NoGradient();
    }

    @Override
    public void close() {
        if (previous) {
            JniUtils.setGradMode(true);
        }
    }
}
