package io.naisrec.data;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads UTF-8 text line by line, in large blocks: {@link #next()} finds the next line, whose
 * bytes are {@link #bytes()} from {@link #start()} to {@link #end()}, and {@link #text()}
 * decodes it on its own, so that an encoding error is reported at the right line. Accepts LF and
 * CRLF ends and drops a leading byte-order mark; a line over {@link #MAX_LINE_BYTES} is an error
 * rather than a memory hazard.
 */
final class LineReader implements Closeable {

    /** Longest accepted line, in bytes. */
    static final int MAX_LINE_BYTES = 1 << 20;
    private static final int BLOCK = 1 << 16;

    private final String name;
    private final InputStream in;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private byte[] buffer = new byte[BLOCK];
    private int position;
    private int limit;
    private boolean atEnd;
    private int lineStart;
    private int lineEnd;
    private long lineNumber;

    LineReader(TextSource source) throws IOException {
        this.name = source.name();
        this.in = source.open();
    }

    /** The number of the line last found (1-based). */
    long lineNumber() {
        return lineNumber;
    }

    /** Finds the next line; {@code false} at the end of the input. */
    boolean next() throws IOException {
        int scanned = position;
        while (true) {
            int newline = scanned;
            while (newline < limit && buffer[newline] != '\n') {
                newline++;
            }
            if (newline - position > MAX_LINE_BYTES) {
                throw DataException.at(name, lineNumber + 1, "line longer than "
                        + MAX_LINE_BYTES + " bytes");
            }
            if (newline < limit) {
                found(newline);
                position = newline + 1;
                return true;
            }
            if (atEnd) {
                if (position == limit) {
                    return false;
                }
                found(limit);
                position = limit;
                return true;
            }
            scanned = limit - position;
            fill();
        }
    }

    /** Moves the unread bytes to the front of the buffer (growing it when full), reads more. */
    private void fill() throws IOException {
        int unread = limit - position;
        if (unread == buffer.length) {
            byte[] larger = new byte[buffer.length * 2];
            System.arraycopy(buffer, position, larger, 0, unread);
            buffer = larger;
        } else {
            System.arraycopy(buffer, position, buffer, 0, unread);
        }
        position = 0;
        limit = unread;
        int read = in.read(buffer, limit, buffer.length - limit);
        if (read < 0) {
            atEnd = true;
        } else {
            limit += read;
        }
    }

    private void found(int end) {
        lineNumber++;
        lineStart = position;
        lineEnd = end;
        if (lineEnd > lineStart && buffer[lineEnd - 1] == '\r') {
            lineEnd--;
        }
        if (lineNumber == 1 && lineEnd - lineStart >= 3 && (buffer[lineStart] & 0xFF) == 0xEF
                && (buffer[lineStart + 1] & 0xFF) == 0xBB
                && (buffer[lineStart + 2] & 0xFF) == 0xBF) {
            lineStart += 3;
        }
    }

    /** The buffer holding the current line (valid until the next call to {@link #next()}). */
    byte[] bytes() {
        return buffer;
    }

    /** Where the current line starts in {@link #bytes()}. */
    int start() {
        return lineStart;
    }

    /** Where the current line ends in {@link #bytes()}, its line end excluded. */
    int end() {
        return lineEnd;
    }

    /** The current line, decoded. */
    String text() {
        try {
            return decoder.decode(ByteBuffer.wrap(buffer, lineStart, lineEnd - lineStart))
                    .toString();
        } catch (CharacterCodingException e) {
            throw DataException.at(name, lineNumber, "invalid UTF-8");
        }
    }

    /** The next line without its end, or {@code null} at the end of the input. */
    String readLine() throws IOException {
        return next() ? text() : null;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
