package io.naisrec.data;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The rules for one line of a delimited interaction file in an {@link InteractionFormat}: the
 * columns, found in the file's first line (its header, or its first row), and what makes a line
 * a well-formed row: as many fields as the first line, non-empty ids (non-negative integers
 * where the format says so), an integer timestamp and a numeric rating where the format has
 * them. Blank lines hold no row. {@link InteractionReader} stops a file at its first malformed
 * line; the Spark job counts them. Immutable and serializable (it travels to Spark's executors).
 */
public final class InteractionLineParser implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String delimiter;
    private final boolean numericIds;
    private final int width;
    private final int user;
    private final int item;
    private final int time;
    private final int rating;

    private InteractionLineParser(InteractionFormat format, int width, int[] columns) {
        this.delimiter = format.delimiter();
        this.numericIds = format.numericIds();
        this.width = width;
        this.user = columns[0];
        this.item = columns[1];
        this.time = columns[2];
        this.rating = columns[3];
    }

    /**
     * The parser of a file in {@code format} whose first non-blank line is {@code firstLine},
     * found at {@code where} (as {@code FILE:LINE}); a column the line lacks, or a name its
     * header lacks, is a {@link DataException} {@code WHERE: reason}.
     */
    public static InteractionLineParser of(InteractionFormat format, String firstLine,
            String where) {
        List<String> first = split(firstLine, format.delimiter());
        int[] columns = {
            column(format, where, first, format.userColumn(), "user"),
            column(format, where, first, format.itemColumn(), "item"),
            format.timeColumn() == null ? -1
                    : column(format, where, first, format.timeColumn(), "time"),
            format.ratingColumn() == null ? -1
                    : column(format, where, first, format.ratingColumn(), "rating")
        };
        return new InteractionLineParser(format, first.size(), columns);
    }

    /** Whether {@code line} holds no row (it is empty or white space): it is skipped. */
    public static boolean isBlank(String line) {
        return line.isBlank();
    }

    /** One non-blank line: its row, or why it is malformed. */
    public ParsedLine parse(String line) {
        List<String> fields = split(line, delimiter);
        if (fields.size() != width) {
            return ParsedLine.malformed("expected " + width + " columns separated by '"
                    + printable(delimiter) + "', found " + fields.size());
        }
        String userId = fields.get(user).trim();
        String problem = idProblem("user", userId);
        if (problem != null) {
            return ParsedLine.malformed(problem);
        }
        String itemId = fields.get(item).trim();
        problem = idProblem("item", itemId);
        if (problem != null) {
            return ParsedLine.malformed(problem);
        }
        Long timestamp = null;
        if (time >= 0) {
            String value = fields.get(time).trim();
            try {
                timestamp = Long.parseLong(value);
            } catch (NumberFormatException e) {
                return ParsedLine.malformed("timestamp '" + clip(value) + "' is not an integer");
            }
        }
        if (rating >= 0 && !isFiniteNumber(fields.get(rating).trim())) {
            return ParsedLine.malformed("rating '" + clip(fields.get(rating).trim())
                    + "' is not a number");
        }
        return new ParsedLine(userId, itemId, timestamp, null);
    }

    /**
     * The fast path for this parser's plain lines, read straight from their bytes with the same
     * meaning, or {@code null} when the delimiter is not a tab or printable ASCII.
     */
    DecimalRowParser plainRows() {
        return DecimalRowParser.of(delimiter, width, user, item, time, rating);
    }

    /**
     * A parsed line: the user and item ids and the timestamp ({@code null} when the format has
     * none), or, when the line is malformed, only the reason.
     *
     * @param user the user id, trimmed
     * @param item the item id, trimmed
     * @param time the timestamp, or {@code null}
     * @param problem why the line is not a row, or {@code null} when it is one
     */
    public record ParsedLine(String user, String item, Long time, String problem) {

        static ParsedLine malformed(String problem) {
            return new ParsedLine(null, null, null, problem);
        }

        /** Whether the line is not a well-formed row. */
        public boolean isMalformed() {
            return problem != null;
        }
    }

    private String idProblem(String what, String value) {
        if (value.isEmpty()) {
            return "empty " + what + " id";
        }
        if (numericIds && !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return what + " id '" + clip(value) + "' is not a non-negative integer";
        }
        return null;
    }

    private static boolean isFiniteNumber(String value) {
        try {
            return Double.isFinite(Double.parseDouble(value));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static int column(InteractionFormat format, String where, List<String> first,
            String ref, String what) {
        int index;
        if (format.header()) {
            index = first.stream().map(String::trim).toList().indexOf(ref);
            if (index < 0 && InteractionFormat.isIndex(ref)) {
                index = Integer.parseInt(ref);
            }
            if (index < 0) {
                throw new DataException(where + ": header has no " + what + " column '"
                        + ref + "' (columns: " + clip(String.join(",", first)) + ")");
            }
        } else {
            index = Integer.parseInt(ref);
        }
        if (index >= first.size()) {
            throw new DataException(where + ": " + what + " column " + index + " is missing: "
                    + "the line has " + first.size() + " columns separated by '"
                    + printable(format.delimiter()) + "'");
        }
        return index;
    }

    /** Splits on an exact (possibly multi-character) delimiter, keeping empty fields. */
    static List<String> split(String line, String delimiter) {
        List<String> fields = new ArrayList<>(6);
        int start = 0;
        int at;
        while ((at = line.indexOf(delimiter, start)) >= 0) {
            fields.add(line.substring(start, at));
            start = at + delimiter.length();
        }
        fields.add(line.substring(start));
        return fields;
    }

    private static String printable(String delimiter) {
        return delimiter.replace("\t", "\\t");
    }

    private static String clip(String value) {
        String shown = value.length() > 40 ? value.substring(0, 40) + "…" : value;
        StringBuilder out = new StringBuilder();
        shown.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format(Locale.ROOT, "\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
