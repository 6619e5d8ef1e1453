package io.naisrec.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetResolverTest {

    @TempDir
    Path dataDir;

    @TempDir
    Path cacheDir;

    private DatasetResolver offline() {
        return new DatasetResolver(dataDir, cacheDir, true, null);
    }

    @Test
    void findsANamedDatasetInTheDataDirFirstThenTheCache() {
        TestFiles.write(cacheDir, "ml-100k/u.data", TestFiles.generatedUData(3, 10, 4));
        assertEquals(3, offline().resolve("ml-100k").interactions().numUsers());
        TestFiles.write(dataDir, "ml-100k/u.data", TestFiles.generatedUData(5, 10, 4));
        ResolvedDataset found = offline().resolve("ml-100k");
        assertEquals("ml-100k", found.name());
        assertEquals(5, found.interactions().numUsers());
        assertTrue(found.origin().startsWith(dataDir.toString()));
    }

    @Test
    void saysWhereToPutFilesWhenOfflineAndAbsent() {
        String message = assertThrows(DataException.class, () -> offline().resolve("ml-1m"))
                .getMessage();
        assertEquals("dataset ml-1m not found offline: put ratings.dat in "
                + dataDir + "/ml-1m or " + cacheDir.resolve("ml-1m"), message);
        assertFalse(Files.exists(cacheDir.resolve("ml-1m")), "nothing half-written");
    }

    @Test
    void fallsBackToTheEmbeddedMovieLensLatestSmall() {
        ResolvedDataset data = offline().resolve("ml-latest-small");
        assertTrue(data.origin().startsWith("jar:"));
        assertEquals(610, data.interactions().numUsers());
        assertEquals(9724, data.interactions().numItems());
        assertEquals(100_836, data.interactions().numInteractions());
    }

    @Test
    void readsFoldersAndFilesByTheirNames() {
        Path folder = dataDir.resolve("mine");
        TestFiles.write(folder, "ratings.dat", "1::10::5::3\n1::11::5::4\n2::10::1::1\n");
        ResolvedDataset fromFolder = offline().resolve(folder.toString());
        assertEquals("mine", fromFolder.name());
        assertEquals(3, fromFolder.interactions().numInteractions());
        ResolvedDataset fromFile = offline().resolve(folder.resolve("ratings.dat").toString());
        assertEquals(2, fromFile.interactions().numUsers());
        Path generic = TestFiles.write(dataDir, "log.csv", "user,item,timestamp\na,x,1\nb,y,2\n");
        assertEquals(2, offline().resolve(generic.toString()).interactions().numItems());
    }

    @Test
    void readsAnNcfFolderWithItsFixedSplit() {
        Path folder = dataDir.resolve("ml-1m-ncf");
        TestFiles.write(folder, "ml-1m.train.rating", "0\t0\t5\t1\n0\t1\t5\t2\n1\t1\t5\t1\n");
        TestFiles.write(folder, "ml-1m.test.rating", "0\t2\t5\t3\n1\t0\t5\t2\n");
        TestFiles.write(folder, "ml-1m.test.negative", "(0,2)\t3\n(1,0)\t3\n");
        ResolvedDataset data = offline().resolve("ml-1m-ncf");
        assertTrue(data.hasFixedSplit());
        assertEquals(5, data.interactions().numInteractions(), "train plus test items");
        assertEquals(2, data.split(99, 1).testItem(0));
    }

    @Test
    void rebuildsTheNcfSplitFromRatingsDatBesideTheNcfFolder() {
        TestFiles.write(dataDir, "ml-1m/ratings.dat", "1::9::5::1\n1::8::5::2\n2::8::5::1\n");
        TestFiles.write(dataDir, "ncf-ml-1m/ml-1m.test.rating", "0\t1\t5\t2\n");
        TestFiles.write(dataDir, "ncf-ml-1m/ml-1m.test.negative", "(0,1)\n");
        String message = assertThrows(DataException.class, () -> offline().resolve("ml-1m-ncf"))
                .getMessage();
        assertTrue(message.contains("rebuilt NCF split has 2 users, 2 items, 2 training "
                + "interactions; expected 6040, 3706, 994169"), message);
    }

    @Test
    void rejectsUnknownNamesAndFoldersWithoutData() {
        assertTrue(assertThrows(DataException.class, () -> offline().resolve("ml-5m"))
                .getMessage().startsWith("ml-5m: no such file or folder, and not a dataset name"));
        assertTrue(assertThrows(DataException.class,
                () -> offline().resolve(dataDir.toString())).getMessage()
                .endsWith("no u.data, ratings.dat, ratings.csv or NAME.train.rating inside"));
    }
}
