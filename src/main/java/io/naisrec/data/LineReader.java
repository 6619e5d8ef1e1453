package io.naisrec.data;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads UTF-8 text line by line, decoding each line on its own so that an encoding error is
 * reported at the right line. Accepts LF and CRLF ends and drops a leading byte-order mark;
 * a line over {@link #MAX_LINE_BYTES} is an error rather than a memory hazard.
 */
final class LineReader implements Closeable {

    /** Longest accepted line, in bytes. */
    static final int MAX_LINE_BYTES = 1 << 20;

    private final String name;
    private final InputStream in;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private long lineNumber;

    LineReader(TextSource source) throws IOException {
        this.name = source.name();
        this.in = new BufferedInputStream(source.open(), 1 << 16);
    }

    /** The number of the line last returned (1-based). */
    long lineNumber() {
        return lineNumber;
    }

    /** The next line without its end, or {@code null} at the end of the input. */
    String readLine() throws IOException {
        line.reset();
        int b;
        boolean any = false;
        while ((b = in.read()) >= 0) {
            any = true;
            if (b == '\n') {
                break;
            }
            if (line.size() >= MAX_LINE_BYTES) {
                throw DataException.at(name, lineNumber + 1, "line longer than "
                        + MAX_LINE_BYTES + " bytes");
            }
            line.write(b);
        }
        if (!any) {
            return null;
        }
        lineNumber++;
        byte[] bytes = line.toByteArray();
        int length = bytes.length;
        if (length > 0 && bytes[length - 1] == '\r') {
            length--;
        }
        int offset = 0;
        if (lineNumber == 1 && length >= 3 && (bytes[0] & 0xFF) == 0xEF
                && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF) {
            offset = 3;
        }
        try {
            return decoder.decode(ByteBuffer.wrap(bytes, offset, length - offset)).toString();
        } catch (CharacterCodingException e) {
            throw DataException.at(name, lineNumber, "invalid UTF-8");
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
