package io.naisrec.notebook;

import java.util.function.Consumer;

/**
 * What {@code display(...)} does in a {@link JShellSession}: the session defines
 * {@code display} to call {@link #show}, which hands the value to whoever runs the cell (the
 * headless {@link NotebookRunner} stores it as a {@link CellOutput}; the {@link NaisKernel}
 * renders it for Jupyter, images as {@code image/png}), as IJava's and JJava's own
 * {@code display} do.
 */
public final class NotebookDisplay {

    private static volatile Consumer<Object> sink = value -> { };

    private NotebookDisplay() {}

    /** Shows {@code value} in the running cell's outputs. */
    public static void show(Object value) {
        sink.accept(value);
    }

    static void setSink(Consumer<Object> consumer) {
        sink = consumer;
    }
}
