package io.naisrec.data;

/**
 * The fast path of {@link InteractionReader}: reads a row straight from a line's bytes when the
 * line is plain (every byte printable ASCII but the delimiter's; user and item ids plain
 * decimals as {@link IdMap} keeps them; a timestamp of at most 18 digits; a rating of digits
 * with an optional fraction), with the meaning {@link InteractionLineParser} gives it. Any
 * other line is left to that parser, which reads it or says why it is malformed. Not
 * thread-safe: it holds the last row read.
 */
final class DecimalRowParser {

    private static final int MAX_TIME_DIGITS = 18;

    private final byte[] delimiter;
    private final int width;
    private final int userColumn;
    private final int itemColumn;
    private final int timeColumn;
    private final int ratingColumn;
    private final int[] fieldStart;
    private final int[] fieldEnd;
    private long user;
    private long item;
    private long time;

    private DecimalRowParser(byte[] delimiter, int width, int userColumn, int itemColumn,
            int timeColumn, int ratingColumn) {
        this.delimiter = delimiter;
        this.width = width;
        this.userColumn = userColumn;
        this.itemColumn = itemColumn;
        this.timeColumn = timeColumn;
        this.ratingColumn = ratingColumn;
        this.fieldStart = new int[width];
        this.fieldEnd = new int[width];
    }

    /**
     * The fast path for lines of {@code width} columns separated by {@code delimiter} (columns
     * as {@link InteractionLineParser} holds them, -1 for none), or {@code null} when the
     * delimiter is not a tab or printable ASCII.
     */
    static DecimalRowParser of(String delimiter, int width, int userColumn, int itemColumn,
            int timeColumn, int ratingColumn) {
        byte[] bytes = new byte[delimiter.length()];
        for (int k = 0; k < bytes.length; k++) {
            char c = delimiter.charAt(k);
            if (c != '\t' && !isPrintable(c)) {
                return null;
            }
            bytes[k] = (byte) c;
        }
        return new DecimalRowParser(bytes, width, userColumn, itemColumn, timeColumn,
                ratingColumn);
    }

    /**
     * Reads the line in {@code bytes} from {@code start} to {@code end}; whether it is plain,
     * and then {@link #user()}, {@link #item()} and {@link #time()} hold its row.
     */
    boolean parse(byte[] bytes, int start, int end) {
        int fields = 0;
        int from = start;
        int at = start;
        while (at < end) {
            if (isDelimiterAt(bytes, at, end)) {
                if (fields == width - 1) {
                    return false;
                }
                fieldStart[fields] = from;
                fieldEnd[fields++] = at;
                at += delimiter.length;
                from = at;
            } else if (isPrintable(bytes[at])) {
                at++;
            } else {
                return false;
            }
        }
        if (fields != width - 1) {
            return false;
        }
        fieldStart[fields] = from;
        fieldEnd[fields] = end;
        user = plainDecimal(bytes, userColumn);
        item = plainDecimal(bytes, itemColumn);
        if (user < 0 || item < 0) {
            return false;
        }
        if (timeColumn >= 0) {
            time = digits(bytes, timeColumn);
            if (time < 0) {
                return false;
            }
        }
        return ratingColumn < 0 || isPlainNumber(bytes, ratingColumn);
    }

    /** The user id of the last plain row, as a value for {@link IdMap#addDecimal(long)}. */
    long user() {
        return user;
    }

    /** The item id of the last plain row, as a value for {@link IdMap#addDecimal(long)}. */
    long item() {
        return item;
    }

    /** The timestamp of the last plain row, when the format has one. */
    long time() {
        return time;
    }

    /** Whether the format has a timestamp column. */
    boolean hasTime() {
        return timeColumn >= 0;
    }

    private boolean isDelimiterAt(byte[] bytes, int at, int end) {
        if (bytes[at] != delimiter[0] || end - at < delimiter.length) {
            return false;
        }
        for (int k = 1; k < delimiter.length; k++) {
            if (bytes[at + k] != delimiter[k]) {
                return false;
            }
        }
        return true;
    }

    /** The value of a plain decimal id ({@link IdMap#decimalValue}), or -1. */
    private long plainDecimal(byte[] bytes, int column) {
        int from = fieldStart[column];
        int to = fieldEnd[column];
        if (to - from > 1 && bytes[from] == '0') {
            return -1;
        }
        return digits(bytes, column);
    }

    /** The value of a field of 1 to 18 digits, or -1. */
    private long digits(byte[] bytes, int column) {
        int from = fieldStart[column];
        int to = fieldEnd[column];
        if (to == from || to - from > MAX_TIME_DIGITS) {
            return -1;
        }
        long value = 0;
        for (int k = from; k < to; k++) {
            int digit = bytes[k] - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }

    /** Whether a field is digits, optionally followed by a point and more digits. */
    private boolean isPlainNumber(byte[] bytes, int column) {
        int from = fieldStart[column];
        int to = fieldEnd[column];
        int at = skipDigits(bytes, from, to);
        if (at == from) {
            return false;
        }
        if (at == to) {
            return true;
        }
        return bytes[at] == '.' && at + 1 < to && skipDigits(bytes, at + 1, to) == to;
    }

    private static int skipDigits(byte[] bytes, int from, int to) {
        int at = from;
        while (at < to && bytes[at] >= '0' && bytes[at] <= '9') {
            at++;
        }
        return at;
    }

    private static boolean isPrintable(int c) {
        return c > ' ' && c < 0x7F;
    }
}
