package io.naisrec.data;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a delimited interaction file into an {@link InteractionLog}, strictly: a malformed line,
 * a wrong column count, a non-numeric field, invalid UTF-8 or a file without a single interaction
 * is a {@link DataException} {@code FILE:LINE: reason}. CRLF line ends and a UTF-8 byte-order
 * mark are accepted; blank lines are skipped (they hold no row).
 *
 * <p>Tablesaw's CSV reader is not used here: it accepts only one-character separators (ratings.dat
 * uses {@code ::}) and cannot name the offending line. Tablesaw summarises the data instead
 * ({@link DatasetStatistics}).
 */
public final class InteractionReader {

    private final InteractionFormat format;

    /** A reader for one format. */
    public InteractionReader(InteractionFormat format) {
        this.format = format;
    }

    /** Reads {@code source} into a new log. */
    public InteractionLog read(TextSource source) {
        InteractionLog log = new InteractionLog();
        readInto(source, log);
        return log;
    }

    /** Reads {@code source}, appending its rows to {@code log}; returns the number of rows read. */
    public int readInto(TextSource source, InteractionLog log) {
        int rows = 0;
        try (LineReader reader = new LineReader(source)) {
            int[] columns = null;
            int width = -1;
            String line;
            while ((line = reader.readLine()) != null) {
                long lineNo = reader.lineNumber();
                if (line.isBlank()) {
                    continue;
                }
                List<String> fields = split(line, format.delimiter());
                if (columns == null) {
                    width = fields.size();
                    columns = resolveColumns(source.name(), lineNo, fields);
                    if (format.header()) {
                        continue;
                    }
                }
                if (fields.size() != width) {
                    throw DataException.at(source.name(), lineNo, "expected " + width
                            + " columns separated by '" + printable(format.delimiter())
                            + "', found " + fields.size());
                }
                addRow(source.name(), lineNo, fields, columns, log, rows);
                rows++;
            }
        } catch (IOException e) {
            throw new DataException(source.name() + ": cannot read: " + e.getMessage(), e);
        }
        if (rows == 0) {
            throw new DataException(source.name() + ": empty file, no interactions");
        }
        return rows;
    }

    private void addRow(String file, long lineNo, List<String> fields, int[] columns,
            InteractionLog log, int rowIndex) {
        String user = id(file, lineNo, "user", fields.get(columns[0]));
        String item = id(file, lineNo, "item", fields.get(columns[1]));
        long time = rowIndex;
        if (columns[2] >= 0) {
            String value = fields.get(columns[2]).trim();
            try {
                time = Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw DataException.at(file, lineNo, "timestamp '" + clip(value)
                        + "' is not an integer");
            }
        }
        if (columns[3] >= 0) {
            String value = fields.get(columns[3]).trim();
            boolean ok;
            try {
                ok = Double.isFinite(Double.parseDouble(value));
            } catch (NumberFormatException e) {
                ok = false;
            }
            if (!ok) {
                throw DataException.at(file, lineNo, "rating '" + clip(value)
                        + "' is not a number");
            }
        }
        log.add(user, item, time);
    }

    private String id(String file, long lineNo, String what, String raw) {
        String value = raw.trim();
        if (value.isEmpty()) {
            throw DataException.at(file, lineNo, "empty " + what + " id");
        }
        if (format.numericIds() && !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw DataException.at(file, lineNo, what + " id '" + clip(value)
                    + "' is not a non-negative integer");
        }
        return value;
    }

    private int[] resolveColumns(String file, long lineNo, List<String> first) {
        return new int[] {
            column(file, lineNo, first, format.userColumn(), "user"),
            column(file, lineNo, first, format.itemColumn(), "item"),
            format.timeColumn() == null ? -1
                    : column(file, lineNo, first, format.timeColumn(), "time"),
            format.ratingColumn() == null ? -1
                    : column(file, lineNo, first, format.ratingColumn(), "rating")
        };
    }

    private int column(String file, long lineNo, List<String> first, String ref, String what) {
        int index;
        if (format.header()) {
            index = first.stream().map(String::trim).toList().indexOf(ref);
            if (index < 0 && InteractionFormat.isIndex(ref)) {
                index = Integer.parseInt(ref);
            }
            if (index < 0) {
                throw DataException.at(file, lineNo, "header has no " + what + " column '"
                        + ref + "' (columns: " + clip(String.join(",", first)) + ")");
            }
        } else {
            index = Integer.parseInt(ref);
        }
        if (index >= first.size()) {
            throw DataException.at(file, lineNo, what + " column " + index + " is missing: the line"
                    + " has " + first.size() + " columns separated by '"
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
