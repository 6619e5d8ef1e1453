package io.naisrec.data;

import io.naisrec.data.DatasetDownloader.Download;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The datasets known by name, the file each needs, and where each is published. ml-100k and ml-1m
 * may not be redistributed, so they are found on disk or downloaded; ml-latest-small is also
 * packaged in the jar.
 */
public enum NamedDataset {

    /** MovieLens 100K: 943 users, 1,682 items, 100,000 ratings. */
    ML_100K("ml-100k", "u.data", InteractionFormat.MOVIELENS_TAB, List.of(new Download(
            "https://files.grouplens.org/datasets/movielens/ml-100k.zip",
            "50d2a982c66986937beb9ffb3aa76efe955bf3d5c6b761f4e3a7cd717c6a3229",
            Map.of("ml-100k/u.data", "u.data", "ml-100k/u.item", "u.item",
                    "ml-100k/README", "README"), null))),
    /** MovieLens 1M: 6,040 users, 3,706 items, 1,000,209 ratings. */
    ML_1M("ml-1m", "ratings.dat", InteractionFormat.MOVIELENS_DAT, List.of(Ml1m.ZIP)),
    /** MovieLens latest-small (2018): 610 users, 9,724 items, 100,836 ratings; embedded. */
    ML_LATEST_SMALL("ml-latest-small", "ratings.csv", InteractionFormat.MOVIELENS_CSV,
            List.of(new Download(
                    "https://files.grouplens.org/datasets/movielens/ml-latest-small.zip",
                    "696d65a3dfceac7c45750ad32df2c259311949efec81f0f144fdfb91ebc9e436",
                    Map.of("ml-latest-small/ratings.csv", "ratings.csv",
                            "ml-latest-small/movies.csv", "movies.csv",
                            "ml-latest-small/README.txt", "README.txt"), null))),
    /** The NCF/NAIS papers' ML-1M leave-one-out split, rebuilt from ratings.dat if needed. */
    ML_1M_NCF("ml-1m-ncf", "ml-1m.test.rating", InteractionFormat.NCF_RATING,
            List.of(Ml1m.ZIP, Ml1m.ncf("ml-1m.test.rating",
                    "231ae11eb060b643a8c58c063cd17ffc743b54f569afb073d1abb6cf126b88b5"),
                    Ml1m.ncf("ml-1m.test.negative",
                            "127853228a76b7d21c0481e8ef8d00dd009cd5c88670dbdd9e9debfdb9f93de4")));

    /** Jar resource folder of the embedded ml-latest-small. */
    public static final String EMBEDDED_FOLDER = "/io/naisrec/data/ml-latest-small/";

    private final String id;
    private final String mainFile;
    private final InteractionFormat format;
    private final List<Download> downloads;

    NamedDataset(String id, String mainFile, InteractionFormat format, List<Download> downloads) {
        this.id = id;
        this.mainFile = mainFile;
        this.format = format;
        this.downloads = downloads;
    }

    /** The name users type, e.g. {@code ml-100k}. */
    public String id() {
        return id;
    }

    /** The file that must be present in the dataset's folder. */
    public String mainFile() {
        return mainFile;
    }

    /** The format of {@link #mainFile()}. */
    public InteractionFormat format() {
        return format;
    }

    /** What to download, with checksums. */
    public List<Download> downloads() {
        return downloads;
    }

    /** The dataset called {@code name}, if any. */
    public static Optional<NamedDataset> byId(String name) {
        for (NamedDataset d : values()) {
            if (d.id.equals(name)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    /** The names, comma-separated, for messages. */
    public static String names() {
        return String.join(", ", java.util.Arrays.stream(values()).map(NamedDataset::id).toList());
    }

    private static final class Ml1m {
        static final Download ZIP = new Download(
                "https://files.grouplens.org/datasets/movielens/ml-1m.zip",
                "a6898adb50b9ca05aa231689da44c217cb524e7ebd39d264c56e2832f2c54e20",
                Map.of("ml-1m/ratings.dat", "ratings.dat", "ml-1m/movies.dat", "movies.dat",
                        "ml-1m/README", "README"), null);

        static Download ncf(String file, String sha256) {
            return new Download("https://raw.githubusercontent.com/hexiangnan/"
                    + "neural_collaborative_filtering/4aab159e81c44b062c091bdaed0ab54ac632371f/Data/"
                    + file, sha256, Map.of(), file);
        }
    }
}
