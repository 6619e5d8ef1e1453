package io.naisrec.data;

/**
 * Bad or missing input data. The message is one line meant for the user, of the form
 * {@code FILE:LINE: reason} when the problem is in a particular line.
 */
public class DataException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Creates an exception with a one-line message. */
    public DataException(String message) {
        super(message);
    }

    /** Creates an exception with a one-line message and its cause. */
    public DataException(String message, Throwable cause) {
        super(message, cause);
    }

    /** An error located at a line of a file: {@code FILE:LINE: reason}. */
    public static DataException at(String file, long line, String reason) {
        return new DataException(file + ":" + line + ": " + reason);
    }
}
