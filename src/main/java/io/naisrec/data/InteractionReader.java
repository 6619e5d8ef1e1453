package io.naisrec.data;

import java.io.IOException;

/**
 * Reads a delimited interaction file into an {@link InteractionLog}, strictly: a malformed line,
 * a wrong column count, a non-numeric field, invalid UTF-8 or a file without a single interaction
 * is a {@link DataException} {@code FILE:LINE: reason}. CRLF line ends and a UTF-8 byte-order
 * mark are accepted; blank lines are skipped (they hold no row). The rules for a line are
 * {@link InteractionLineParser}'s; plain lines (the MovieLens files' all) are read straight from
 * their bytes by its fast path, {@link DecimalRowParser}, to the same rows.
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
            InteractionLineParser parser = null;
            DecimalRowParser plain = null;
            while (reader.next()) {
                if (plain != null && plain.parse(reader.bytes(), reader.start(), reader.end())) {
                    log.addDecimal(plain.user(), plain.item(), plain.hasTime() ? plain.time()
                            : rows);
                    rows++;
                    continue;
                }
                String line = reader.text();
                long lineNo = reader.lineNumber();
                if (InteractionLineParser.isBlank(line)) {
                    continue;
                }
                if (parser == null) {
                    parser = InteractionLineParser.of(format, line, source.name() + ":" + lineNo);
                    plain = parser.plainRows();
                    if (format.header()) {
                        continue;
                    }
                }
                InteractionLineParser.ParsedLine row = parser.parse(line);
                if (row.isMalformed()) {
                    throw DataException.at(source.name(), lineNo, row.problem());
                }
                log.add(row.user(), row.item(), row.time() == null ? rows : row.time());
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
}
