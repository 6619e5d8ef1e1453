package io.naisrec.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ItemNamesTest {

    @TempDir
    Path dir;

    @Test
    void readsQuotedCsvTitlesAndLatin1Items() {
        Path ratings = TestFiles.write(dir, "small/ratings.csv", "userId,movieId,rating,"
                + "timestamp\n1,2355,4,1\n");
        TestFiles.write(dir, "small/movies.csv", "movieId,title,genres\n"
                + "2355,\"Bug's Life, A (1998)\",Comedy\n1,Toy Story (1995),Comedy\n"
                + "7,\"Say \"\"Hi\"\" (2000)\",Drama\n");
        Map<String, String> names = ItemNames.besides(ratings);
        assertEquals("Bug's Life, A (1998)", names.get("2355"));
        assertEquals("Say \"Hi\" (2000)", names.get("7"));
        assertEquals(3, names.size());

        Path udata = TestFiles.write(dir, "k100/u.data", "1\t1\t5\t1\n");
        TestFiles.writeBytes(dir, "k100/u.item", "1|Caf\u00e9 (1995)|01-Jan-1995||url|0\n"
                .getBytes(StandardCharsets.ISO_8859_1));
        assertEquals("Caf\u00e9 (1995)", ItemNames.besides(udata).get("1"));
        assertTrue(ItemNames.besides(TestFiles.write(dir, "none/u.data", "1\t1\t5\t1\n"))
                .isEmpty());
    }

    @Test
    void anOpenQuoteNamesTheLine() {
        Path ratings = TestFiles.write(dir, "bad/ratings.csv", "userId,movieId,rating,"
                + "timestamp\n1,1,4,1\n");
        TestFiles.write(dir, "bad/movies.csv", "movieId,title,genres\n1,\"Open (1995),Drama\n");
        DataException e = assertThrows(DataException.class, () -> ItemNames.besides(ratings));
        assertTrue(e.getMessage().endsWith("movies.csv:2: expected an item id and a title"),
                e.getMessage());
    }

    @Test
    void theEmbeddedDatasetHasNamesAndAChecksum() {
        ResolvedDataset data = new DatasetResolver(null, dir, true, null)
                .resolve("ml-latest-small");
        assertEquals("Toy Story (1995)", data.itemNames().get("1"));
        assertEquals(64, data.sha256().length());
    }
}
