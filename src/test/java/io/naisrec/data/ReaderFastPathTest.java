package io.naisrec.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reader's fast path ({@link DecimalRowParser} over {@link LineReader}'s blocks) gives the
 * rows that {@link InteractionLineParser} gives line by line: same ids, same order, same times.
 */
class ReaderFastPathTest {

    @TempDir
    Path dir;

    @Test
    void plainAndUnusualLinesReadAsTheLineParserReadsThem() {
        Path dat = TestFiles.write(dir, "ratings.dat", "1::10::5::100\n007::10::4::101\r\n"
                + "7::10::3::102\n\n2::11::4.5::103\n   \n 3::12::4::104\n3::12 ::4::105\n"
                + "4::13::4e0::106\n5::14::3::+107\n6::15::2::0000000000000000000108\n"
                + "8::0::1::1234567890123456789\n9::00::1.::5\n10::10::3::0\n");
        assertSameRows(InteractionFormat.MOVIELENS_DAT, dat);
        Path tab = TestFiles.write(dir, "u.data", "\uFEFF1\t2\t3\t4\n1\t3\t3\t 5\n2\t2\t1\t6\n");
        assertSameRows(InteractionFormat.MOVIELENS_TAB, tab);
        InteractionFormat named = InteractionFormat.builder().build();
        Path csv = TestFiles.write(dir, "events.csv", "user,item,timestamp,note\n"
                + "alice,12,1,a\n12,012,2,b c\nÜnïcode,12,3,d\n12,alice,4,é\n012,12,-5,e\n");
        assertSameRows(named, csv);
    }

    @Test
    void aGeneratedFileReadsAsTheLineParserReadsItAcrossBlocks() throws IOException {
        Path file = new SyntheticData(300, 500, 9000, 25, 30, 10, 80).write(dir, 3);
        assertNotEquals(0, Files.size(file) / (1 << 16), "the file spans several blocks");
        assertSameRows(InteractionFormat.MOVIELENS_DAT, file);
    }

    @Test
    void aLineLongerThanABlockIsReadAndOneOverTheLimitIsRejected() {
        String user = "u".repeat(100_000) + "v";
        Path file = TestFiles.write(dir, "long.csv", "user,item,timestamp,note\n" + user
                + ",2,3,x\n2,2,4,y\n");
        assertSameRows(InteractionFormat.builder().build(), file);
        String tooLong = "x".repeat(LineReader.MAX_LINE_BYTES);
        Path over = TestFiles.write(dir, "over.csv", "user,item,timestamp,note\n1,2,3,y\n"
                + "1,3,4," + tooLong + "\n");
        String message = assertThrows(DataException.class, () -> new InteractionReader(
                InteractionFormat.builder().build()).read(TextSource.of(over))).getMessage();
        assertEquals("over.csv:3: line longer than " + LineReader.MAX_LINE_BYTES + " bytes",
                message.substring(message.indexOf("over.csv")));
    }

    @Test
    void aMalformedLineAfterPlainOnesIsReportedAtItsLine() {
        Path file = TestFiles.write(dir, "ratings.dat", "1::2::3::4\n1::3::3::5\n1::4::x::6\n");
        String message = assertThrows(DataException.class, () -> new InteractionReader(
                InteractionFormat.MOVIELENS_DAT).read(TextSource.of(file))).getMessage();
        assertEquals("ratings.dat:3: rating 'x' is not a number",
                message.substring(message.indexOf("ratings.dat")));
    }

    @Test
    void idsAreStringsWhateverTheirDigits() {
        IdMap ids = new IdMap();
        String[] distinct = {"7", "007", "0", "00", "-1", "123456789012345678",
            "1234567890123456789", "x7", "70"};
        for (int k = 0; k < distinct.length; k++) {
            assertEquals(k, ids.add(distinct[k]));
        }
        for (int k = 0; k < distinct.length; k++) {
            assertEquals(k, ids.add(distinct[k]));
            assertEquals(k, ids.indexOf(distinct[k]));
            assertEquals(distinct[k], ids.idOf(k));
        }
        assertEquals(2, ids.addDecimal(0));
        assertEquals(0, ids.addDecimal(7));
        assertEquals(-1, ids.indexOf("8"));
        for (int k = 0; k < 1000; k++) {
            assertEquals(distinct.length + k, ids.add(Integer.toString(1000 + k)));
        }
        assertEquals(distinct.length + 500, ids.indexOf("1500"));
    }

    /** The rows read by the reader equal the rows the line parser gives each line. */
    private static void assertSameRows(InteractionFormat format, Path file) {
        InteractionLog read = new InteractionReader(format).read(TextSource.of(file));
        InteractionLog expected = lineByLine(format, file);
        assertEquals(expected.users().ids(), read.users().ids());
        assertEquals(expected.items().ids(), read.items().ids());
        assertEquals(expected.size(), read.size());
        for (int r = 0; r < read.size(); r++) {
            assertEquals(expected.user(r), read.user(r), "user of row " + r);
            assertEquals(expected.item(r), read.item(r), "item of row " + r);
            assertEquals(expected.timestamp(r), read.timestamp(r), "time of row " + r);
        }
    }

    /** The reader's rules, one decoded line at a time, with the line parser only. */
    private static InteractionLog lineByLine(InteractionFormat format, Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        InteractionLog log = new InteractionLog();
        InteractionLineParser parser = null;
        int rows = 0;
        String[] lines = text.split("\n", -1);
        for (int k = 0; k < lines.length; k++) {
            String line = lines[k].endsWith("\r") ? lines[k].substring(0, lines[k].length() - 1)
                    : lines[k];
            line = k == 0 && line.startsWith("\uFEFF") ? line.substring(1) : line;
            if (InteractionLineParser.isBlank(line)) {
                continue;
            }
            if (parser == null) {
                parser = InteractionLineParser.of(format, line, "line " + (k + 1));
                if (format.header()) {
                    continue;
                }
            }
            InteractionLineParser.ParsedLine row = parser.parse(line);
            assertEquals(null, row.problem(), "line " + (k + 1));
            log.add(row.user(), row.item(), row.time() == null ? rows : row.time());
            rows++;
        }
        return log;
    }
}
