package io.naisrec.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a {@code --data} argument into a dataset. A known name ({@link NamedDataset}) is looked
 * for in {@code $NAIS_DATA_DIR/NAME/}, then {@code ~/.cache/nais/NAME/}; ml-latest-small then
 * falls back to the copy in the jar; otherwise the files are downloaded (sha256-checked, written
 * atomically) unless offline. Anything else is a file or folder.
 *
 * @param dataDir {@code $NAIS_DATA_DIR}, or {@code null} when unset
 * @param cacheDir the download cache, normally {@code ~/.cache/nais}
 * @param offline never download (tests; {@code NAIS_OFFLINE} or {@code -Dnais.offline=true})
 * @param customFormat the format for a plain file, or {@code null} to guess it from the name
 */
public record DatasetResolver(Path dataDir, Path cacheDir, boolean offline,
        InteractionFormat customFormat) {

    private static final Logger LOG = LoggerFactory.getLogger(DatasetResolver.class);

    /** The resolver for this process: environment variables and system properties. */
    public static DatasetResolver fromEnvironment(InteractionFormat customFormat) {
        String dir = System.getenv("NAIS_DATA_DIR");
        Path cache = Path.of(System.getProperty("user.home"), ".cache", "nais");
        boolean offline = Boolean.getBoolean("nais.offline")
                || Optional.ofNullable(System.getenv("NAIS_OFFLINE"))
                        .map(v -> !v.isEmpty() && !"0".equals(v) && !"false".equals(v))
                        .orElse(false);
        return new DatasetResolver(dir == null || dir.isBlank() ? null : Path.of(dir), cache,
                offline, customFormat);
    }

    /** Resolves {@code spec}: a dataset name, a file or a folder. */
    public ResolvedDataset resolve(String spec) {
        Optional<NamedDataset> named = NamedDataset.byId(spec);
        if (named.isPresent()) {
            return resolveNamed(named.get());
        }
        Path path = Path.of(spec);
        if (Files.isDirectory(path)) {
            return readFolder(path, path.toAbsolutePath().normalize().getFileName().toString());
        }
        if (Files.exists(path)) {
            return readFile(path);
        }
        throw new DataException(spec + ": no such file or folder, and not a dataset name ("
                + NamedDataset.names() + ")");
    }

    private ResolvedDataset resolveNamed(NamedDataset dataset) {
        for (Path root : roots()) {
            Optional<ResolvedDataset> found = tryNamed(dataset, root);
            if (found.isPresent()) {
                return found.get();
            }
        }
        if (dataset == NamedDataset.ML_LATEST_SMALL) {
            String resource = NamedDataset.EMBEDDED_FOLDER + dataset.mainFile();
            LOG.info("Using the embedded {} (jar resource)", dataset.id());
            TextSource source = TextSource.ofResource(resource);
            InteractionLog log = new InteractionReader(dataset.format()).read(source);
            return new ResolvedDataset(dataset.id(), "jar:" + resource, source.sha256(),
                    InteractionDataset.of(dataset.id(), log), null, ItemNames.read(
                            TextSource.ofResource(NamedDataset.EMBEDDED_FOLDER + "movies.csv"),
                            "movies.csv"));
        }
        Path target = cacheDir.resolve(dataset.id());
        String root = dataDir != null ? dataDir.toString() : "$NAIS_DATA_DIR";
        String where = dataset == NamedDataset.ML_1M_NCF
                ? "put ml-1m.train.rating, ml-1m.test.rating and ml-1m.test.negative in " + root
                        + "/ml-1m-ncf, or ratings.dat in " + root + "/ml-1m and the two test "
                        + "files in " + root + "/ncf-ml-1m (or the same under " + cacheDir + ")"
                : "put " + dataset.mainFile() + " in " + root + "/" + dataset.id() + " or "
                        + target;
        if (dataDir == null) {
            where += "; NAIS_DATA_DIR is unset";
        }
        if (offline) {
            throw new DataException("dataset " + dataset.id() + " not found offline: " + where);
        }
        try {
            DatasetDownloader.fetchAll(dataset.downloads(), target);
        } catch (IOException | RuntimeException e) {
            String reason = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
            throw new DataException("dataset " + dataset.id() + " could not be downloaded ("
                    + reason + "): " + where, e);
        }
        return tryNamed(dataset, cacheDir).orElseThrow(() -> new DataException(
                "dataset " + dataset.id() + " downloaded but incomplete in " + target));
    }

    private List<Path> roots() {
        List<Path> roots = new ArrayList<>();
        if (dataDir != null) {
            roots.add(dataDir);
        }
        roots.add(cacheDir);
        return roots;
    }

    private Optional<ResolvedDataset> tryNamed(NamedDataset dataset, Path root) {
        Path folder = root.resolve(dataset.id());
        if (dataset != NamedDataset.ML_1M_NCF) {
            Path file = folder.resolve(dataset.mainFile());
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            return Optional.of(readWith(dataset.id(), file, dataset.format()));
        }
        if (NcfSplitReader.present(folder, "ml-1m")) {
            return Optional.of(ResolvedDataset.ofSplit(dataset.id(), folder.toString(),
                    TextSource.of(folder.resolve("ml-1m.train.rating")).sha256(),
                    NcfSplitReader.read(folder, "ml-1m", dataset.id())));
        }
        Optional<Path> ncf = Stream.of(folder, root.resolve("ncf-ml-1m"))
                .filter(d -> Files.isRegularFile(d.resolve("ml-1m.test.rating"))).findFirst();
        Optional<Path> ratings = Stream.of(folder, root.resolve("ml-1m"))
                .map(d -> d.resolve("ratings.dat")).filter(Files::isRegularFile).findFirst();
        if (ncf.isEmpty() || ratings.isEmpty()) {
            return Optional.empty();
        }
        LOG.info("Rebuilding the NCF ML-1M training split from {}", ratings.get());
        return Optional.of(ResolvedDataset.ofSplit(dataset.id(), ratings.get().toString(),
                TextSource.of(ratings.get()).sha256(), NcfMl1mRebuilder.rebuild(ratings.get(), ncf.get(), "ml-1m",
                        NcfMl1mRebuilder.Counts.ML_1M)));
    }

    private ResolvedDataset readFolder(Path folder, String name) {
        for (NamedDataset d : List.of(NamedDataset.ML_100K, NamedDataset.ML_1M,
                NamedDataset.ML_LATEST_SMALL)) {
            Path file = folder.resolve(d.mainFile());
            if (Files.isRegularFile(file)) {
                return readWith(name, file, d.format());
            }
        }
        try (Stream<Path> files = Files.list(folder)) {
            Optional<String> ncfName = files.map(p -> p.getFileName().toString())
                    .filter(f -> f.endsWith(".train.rating")).sorted().findFirst()
                    .map(f -> f.substring(0, f.length() - ".train.rating".length()));
            if (ncfName.isPresent()) {
                return ResolvedDataset.ofSplit(name, folder.toString(), TextSource.of(
                        folder.resolve(ncfName.get() + ".train.rating")).sha256(),
                        NcfSplitReader.read(folder, ncfName.get(), name));
            }
        } catch (IOException e) {
            throw new DataException(folder + ": cannot list: " + e.getMessage(), e);
        }
        throw new DataException(folder + ": no u.data, ratings.dat, ratings.csv or "
                + "NAME.train.rating inside");
    }

    private ResolvedDataset readFile(Path file) {
        String fileName = file.getFileName().toString();
        if (customFormat != null) {
            return readWith(fileName, file, customFormat);
        }
        if (fileName.endsWith(".train.rating")) {
            String prefix = fileName.substring(0, fileName.length() - ".train.rating".length());
            Path folder = file.toAbsolutePath().getParent();
            return ResolvedDataset.ofSplit(prefix, folder.toString(),
                    TextSource.of(file).sha256(), NcfSplitReader.read(folder, prefix, prefix));
        }
        if (fileName.equals("u.data")) {
            return readWith(fileName, file, InteractionFormat.MOVIELENS_TAB);
        }
        if (fileName.endsWith(".dat")) {
            return readWith(fileName, file, InteractionFormat.MOVIELENS_DAT);
        }
        if (fileName.equals("ratings.csv")) {
            return readWith(fileName, file, InteractionFormat.MOVIELENS_CSV);
        }
        return readWith(fileName, file, InteractionFormat.builder().build());
    }

    private static ResolvedDataset readWith(String name, Path file, InteractionFormat format) {
        LOG.info("Reading {}", file);
        InteractionLog log = new InteractionReader(format).read(TextSource.of(file));
        InteractionDataset data = InteractionDataset.of(name, log);
        if (data.duplicatesCollapsed() > 0) {
            LOG.info("{}: {} repeated (user, item) rows collapsed to their earliest", file,
                    data.duplicatesCollapsed());
        }
        return new ResolvedDataset(name, file.toString(), TextSource.of(file).sha256(), data,
                null, ItemNames.besides(file));
    }
}
