package io.naisrec.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Counts of the real datasets under {@code $NAIS_DATA_DIR}; skipped when it is unset. */
class RealDataTest {

    /** {@code $NAIS_DATA_DIR}/name, or a skipped test with a message saying why. */
    public static Path realData(String name) {
        String dir = System.getenv("NAIS_DATA_DIR");
        assumeTrue(dir != null && !dir.isBlank(),
                "NAIS_DATA_DIR is unset: real-data test skipped (set it to ../shared/data)");
        Path folder = Path.of(dir, name);
        assumeTrue(Files.isDirectory(folder), folder + " is absent: real-data test skipped");
        return folder;
    }

    @Test
    void movieLens100kHasItsPublishedCounts() {
        Path folder = realData("ml-100k");
        ResolvedDataset data = new DatasetResolver(folder.getParent(), folder.resolve("none"),
                true, null).resolve("ml-100k");
        assertEquals(943, data.interactions().numUsers());
        assertEquals(1682, data.interactions().numItems());
        assertEquals(100_000, data.interactions().numInteractions());
        LeaveOneOutSplit split = data.split(99, 42);
        assertEquals(943, split.numTestUsers());
        assertEquals(100_000 - 943, split.train().numInteractions());
    }

    @Test
    void ncfMovieLens1mTestFilesAgree() {
        Path folder = realData("ncf-ml-1m");
        NcfSplitReader.TestFiles test = NcfSplitReader.readTest(folder, "ml-1m", 6040, 3706);
        assertEquals(6040, test.users().length);
        assertEquals(3705, test.maxItem());
        for (int[] negatives : test.negatives()) {
            assertEquals(99, negatives.length);
        }
    }
}
