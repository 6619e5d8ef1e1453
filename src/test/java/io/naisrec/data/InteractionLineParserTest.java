package io.naisrec.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.naisrec.data.InteractionLineParser.ParsedLine;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;

/**
 * The rules for one line, as the Spark job applies them: a malformed line gives its reason (the
 * reader's, without the file and line) and the next line parses on; the parser travels
 * serialized.
 */
class InteractionLineParserTest {

    private static final InteractionLineParser CSV = InteractionLineParser.of(
            InteractionFormat.builder().build(), "user, item ,timestamp", "x.csv:1");

    @Test
    void eachLineIsARowOrSaysWhyItIsNot() {
        assertEquals(new ParsedLine("u1", "i2", 5L, null), CSV.parse(" u1 ,i2, 5"));
        assertEquals("expected 3 columns separated by ',', found 2", CSV.parse("u,i").problem());
        assertEquals("expected 3 columns separated by ',', found 4",
                CSV.parse("u,i,5,6").problem());
        assertEquals("empty user id", CSV.parse(" ,i,5").problem());
        assertEquals("empty item id", CSV.parse("u,,5").problem());
        assertEquals("timestamp 'soon' is not an integer", CSV.parse("u,i,soon").problem());
        assertTrue(CSV.parse("u,i,soon").isMalformed());
        assertEquals(new ParsedLine("u", "i", -3L, null), CSV.parse("u,i,-3"));
        assertTrue(InteractionLineParser.isBlank(" \t"));
    }

    @Test
    void columnsAreFoundInTheFirstLineAndTimeMayBeAbsent() {
        InteractionLineParser byIndex = InteractionLineParser.of(InteractionFormat.builder()
                .optHeader(false).optUserColumn("1").optItemColumn("0").optTimeColumn("none")
                .build(), "a,b", "y.csv:2");
        assertEquals(new ParsedLine("b", "a", null, null), byIndex.parse("a,b"));
        String message = assertThrows(DataException.class, () -> InteractionLineParser.of(
                InteractionFormat.builder().optUserColumn("userId").build(),
                "user,item,timestamp", "z.csv:1")).getMessage();
        assertEquals("z.csv:1: header has no user column 'userId' (columns: "
                + "user,item,timestamp)", message);
    }

    @Test
    void theMovieLensRulesHoldOnTheirOwn() {
        InteractionLineParser tab = InteractionLineParser.of(InteractionFormat.MOVIELENS_TAB,
                "1\t2\t3\t4", "u.data:1");
        assertEquals(new ParsedLine("1", "2", 4L, null), tab.parse("1\t2\t3\t4"));
        assertEquals("user id 'x' is not a non-negative integer",
                tab.parse("x\t2\t3\t4").problem());
        assertEquals("rating 'good' is not a number", tab.parse("1\t2\tgood\t4").problem());
    }

    @Test
    void aParserTravelsSerializedAndParsesTheSame() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(CSV);
        }
        InteractionLineParser copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(
                bytes.toByteArray()))) {
            copy = (InteractionLineParser) in.readObject();
        }
        assertEquals(CSV.parse(" u1 ,i2, 5"), copy.parse(" u1 ,i2, 5"));
        assertEquals(CSV.parse("u,i").problem(), copy.parse("u,i").problem());
    }
}
