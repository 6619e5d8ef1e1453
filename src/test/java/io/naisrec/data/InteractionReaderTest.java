package io.naisrec.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InteractionReaderTest {

    @TempDir
    Path dir;

    private InteractionLog read(InteractionFormat format, String name, String text) {
        return new InteractionReader(format).read(TextSource.of(TestFiles.write(dir, name, text)));
    }

    private String error(InteractionFormat format, String name, String text) {
        return assertThrows(DataException.class, () -> read(format, name, text)).getMessage();
    }

    @Test
    void readsMovieLensTabFile() {
        InteractionLog log = read(InteractionFormat.MOVIELENS_TAB, "u.data",
                "196\t242\t3\t881250949\n186\t302\t3\t891717742\n196\t377\t1\t878887116\n");
        assertEquals(3, log.size());
        assertEquals(2, log.users().size());
        assertEquals(3, log.items().size());
        assertEquals("196", log.users().idOf(log.user(2)));
        assertEquals("377", log.items().idOf(log.item(2)));
        assertEquals(878887116L, log.timestamp(2));
    }

    @Test
    void readsRatingsDatWithDoubleColonSeparator() {
        InteractionLog log = read(InteractionFormat.MOVIELENS_DAT, "ratings.dat",
                "1::1193::5::978300760\n1::661::3::978302109\n");
        assertEquals(2, log.size());
        assertEquals("661", log.items().idOf(log.item(1)));
        assertEquals(978302109L, log.timestamp(1));
    }

    @Test
    void readsRatingsCsvByHeaderNames() {
        InteractionLog log = read(InteractionFormat.MOVIELENS_CSV, "ratings.csv",
                "userId,movieId,rating,timestamp\n1,1,4.0,964982703\n1,3,4.5,964981247\n");
        assertEquals(2, log.size());
        assertEquals(964981247L, log.timestamp(1));
    }

    @Test
    void acceptsCrlfAndByteOrderMark() {
        InteractionLog log = read(InteractionFormat.MOVIELENS_CSV, "ratings.csv",
                "\uFEFFuserId,movieId,rating,timestamp\r\n1,1,4.0,10\r\n2,1,3.0,11\r\n");
        assertEquals(2, log.size());
        assertEquals("2", log.users().idOf(log.user(1)));
        assertEquals(11L, log.timestamp(1));
    }

    @Test
    void readsCustomColumnsByNameAndByIndex() {
        InteractionFormat byName = InteractionFormat.builder().optDelimiter(";")
                .optUserColumn("who").optItemColumn("what").optTimeColumn("when").build();
        InteractionLog log = read(byName, "custom.txt", "what;when;who\nbook-a;5;alice\n");
        assertEquals("alice", log.users().idOf(log.user(0)));
        assertEquals("book-a", log.items().idOf(log.item(0)));
        assertEquals(5L, log.timestamp(0));

        InteractionFormat byIndex = InteractionFormat.builder().optDelimiter("tab")
                .optHeader(false).optUserColumn("1").optItemColumn("0").optTimeColumn("none")
                .build();
        InteractionLog ordered = read(byIndex, "custom.tsv", "x\tu1\ny\tu1\n");
        assertEquals("y", ordered.items().idOf(ordered.item(1)));
        assertTrue(ordered.timestamp(1) > ordered.timestamp(0), "line order stands for time");
    }

    @Test
    void rejectsWrongColumnCountWithFileAndLine() {
        String message = error(InteractionFormat.MOVIELENS_TAB, "u.data",
                "1\t2\t3\t4\n1\t2\t3\n");
        assertTrue(message.endsWith("u.data:2: expected 4 columns separated by '\\t', found 3"),
                message);
    }

    @Test
    void rejectsNonNumericFields() {
        assertTrue(error(InteractionFormat.MOVIELENS_TAB, "a.data", "1\t2\t3\t4\nx\t2\t3\t4\n")
                .endsWith("a.data:2: user id 'x' is not a non-negative integer"));
        assertTrue(error(InteractionFormat.MOVIELENS_TAB, "b.data", "1\t2\t3\tsoon\n")
                .endsWith("b.data:1: timestamp 'soon' is not an integer"));
        assertTrue(error(InteractionFormat.MOVIELENS_TAB, "c.data", "1\t2\tgood\t4\n")
                .endsWith("c.data:1: rating 'good' is not a number"));
        assertTrue(error(InteractionFormat.MOVIELENS_DAT, "d.dat", "1::-2::3::4\n")
                .endsWith("d.dat:1: item id '-2' is not a non-negative integer"));
    }

    @Test
    void rejectsEmptyFilesAndFilesWithOnlyAHeader() {
        assertTrue(error(InteractionFormat.MOVIELENS_TAB, "empty.data", "")
                .endsWith("empty.data: empty file, no interactions"));
        assertTrue(error(InteractionFormat.MOVIELENS_CSV, "ratings.csv",
                "userId,movieId,rating,timestamp\n\n").endsWith("empty file, no interactions"));
    }

    @Test
    void rejectsHeaderWithoutTheNamedColumn() {
        String message = error(InteractionFormat.MOVIELENS_CSV, "ratings.csv",
                "user,item,rating,timestamp\n1,2,3,4\n");
        assertTrue(message.contains("ratings.csv:1: header has no user column 'userId'"), message);
    }

    @Test
    void rejectsEmptyIdAndInvalidUtf8() {
        assertTrue(error(InteractionFormat.builder().build(), "x.csv", "user,item,timestamp\n,a,1\n")
                .endsWith("x.csv:2: empty user id"));
        byte[] bad = "user,item,timestamp\nu,\u00e9,1\nu,".getBytes(StandardCharsets.UTF_8);
        byte[] withInvalid = new byte[bad.length + 3];
        System.arraycopy(bad, 0, withInvalid, 0, bad.length);
        withInvalid[bad.length] = (byte) 0xC3;
        withInvalid[bad.length + 1] = (byte) 0x28;
        withInvalid[bad.length + 2] = '\n';
        Path file = TestFiles.writeBytes(dir, "bad.csv", withInvalid);
        String message = assertThrows(DataException.class, () -> new InteractionReader(
                InteractionFormat.builder().build()).read(TextSource.of(file))).getMessage();
        assertTrue(message.endsWith("bad.csv:3: invalid UTF-8"), message);
    }

    @Test
    void rejectsFolderAndMissingFile() {
        InteractionReader reader = new InteractionReader(InteractionFormat.MOVIELENS_TAB);
        assertTrue(assertThrows(DataException.class, () -> reader.read(TextSource.of(dir)))
                .getMessage().endsWith("is a folder, expected a file"));
        assertTrue(assertThrows(DataException.class,
                () -> reader.read(TextSource.of(dir.resolve("nope")))).getMessage()
                .endsWith("nope: no such file"));
    }
}
