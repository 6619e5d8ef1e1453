package io.naisrec.notebook;

/** A notebook failed to run: which notebook, which cell, and why, in one line. */
public final class NotebookException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** A failure described by {@code message}. */
    public NotebookException(String message) {
        super(message);
    }
}
