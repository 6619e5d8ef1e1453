package io.naisrec.data;

/** Text of error messages: one line, and never more of what a client sent than a glance. */
public final class Messages {

    /** Most characters of client-sent text quoted in a message. */
    private static final int SHOWN = 64;
    /** Most characters of one message line. */
    private static final int LINE = 500;

    private Messages() {}

    /** At most 64 characters of what a client sent (an id, a field name), then "…". */
    public static String shown(String text) {
        return text.length() <= SHOWN ? text : text.substring(0, SHOWN) + "…";
    }

    /**
     * {@code message} as one line, for a user, a client or a log: line breaks become spaces,
     * at most 500 characters; {@code null} is "unknown error".
     */
    public static String oneLine(String message) {
        if (message == null || message.isBlank()) {
            return "unknown error";
        }
        String line = message.strip().replaceAll("\\s*[\\r\\n]+\\s*", " ");
        return line.length() <= LINE ? line : line.substring(0, LINE) + "…";
    }

    /** The one-line message of {@code error}, or its class's name when it has none. */
    public static String oneLine(Throwable error) {
        String message = error.getMessage();
        return oneLine(message == null || message.isBlank()
                ? error.getClass().getSimpleName() : message);
    }
}
