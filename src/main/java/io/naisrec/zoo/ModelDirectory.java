package io.naisrec.zoo;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import com.google.gson.JsonObject;
import io.naisrec.data.DataException;
import io.naisrec.data.Folders;
import io.naisrec.data.TextSource;
import io.naisrec.model.ItemSimilarityBlock;
import io.naisrec.model.ItemSimilarityConfig;
import io.naisrec.model.ModelKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A trained model as a folder, loadable by DJL's model zoo:
 * <ul>
 *   <li>{@code nais-0000.params}: the parameters ({@code Model.save});</li>
 *   <li>{@code serving.properties}: engine, {@link NaisBlockFactory}, the hyperparameters,
 *       {@link NaisTranslatorFactory} and the default {@code topK} ({@link ServingProperties});
 *       </li>
 *   <li>{@code items.tsv}: the {@link ItemVocabulary};</li>
 *   <li>{@code metadata.json}: format version, kind, configuration, item count, training
 *       record (dataset name and SHA-256, seed, metrics, command), library versions, time, and
 *       the SHA-256 of every other file as written;</li>
 *   <li>{@code README.md}: the model card; and any extra files (training log and chart).</li>
 * </ul>
 * The folder is written beside its target and moved into place, so a reader never sees half a
 * model; an extra file that cannot be written (a chart on a machine without fonts) is left out
 * with a warning rather than losing the model. {@link #verify} checks the format, the file names,
 * every checksum; a {@code serving.properties} changed since is checked by its model keys
 * instead, so that DJL Serving's settings can be added to it. A folder may also carry an EASE
 * first stage for two-stage ranking ({@link FirstStageFile}: {@value FirstStageFile#FILE},
 * described in {@code metadata.json}). Format 3 (this version's) adds the block's description
 * to the parameters and the training settings to {@code metadata.json}; folders of format 2
 * still load.
 */
public final class ModelDirectory {

    private static final Logger LOG = LoggerFactory.getLogger(ModelDirectory.class);

    /** Version of the folder layout written. */
    public static final int FORMAT_VERSION = 3;
    /** The oldest layout still read: format 2, whose parameters carry no block description. */
    static final int OLDEST_READABLE_FORMAT = 2;
    /** Prefix of the DJL parameter file. */
    public static final String PARAMS_PREFIX = "nais";
    /** The parameter file. */
    public static final String PARAMS_FILE = PARAMS_PREFIX + "-0000.params";
    /** The metadata file. */
    public static final String METADATA_FILE = "metadata.json";
    /** The DJL serving properties. */
    public static final String SERVING_FILE = "serving.properties";

    private static final List<String> REQUIRED = List.of(PARAMS_FILE, SERVING_FILE,
            ItemVocabulary.FILE);

    /** A model read back from a folder; close it to free its native memory. */
    public record Loaded(Model model, ItemSimilarityBlock block, Description description)
            implements AutoCloseable {
        /** FISM, NAIS-prod or NAIS-concat. */
        public ModelKind kind() {
            return description.kind();
        }

        /** The items, in index order. */
        public ItemVocabulary items() {
            return description.items();
        }

        @Override
        public void close() {
            model.close();
        }
    }

    /**
     * What a verified folder holds.
     *
     * @param training the training record of {@code metadata.json}: dataset, seed, metrics, …
     * @param firstStage the EASE first stage the folder carries ({@link FirstStageFile}), or
     *     {@code null}
     */
    public record Description(Path folder, ModelKind kind, ItemSimilarityConfig config,
            ItemVocabulary items, JsonObject training, FirstStageFile.Description firstStage) {
        /** {@code nais-prod}, {@code nais-concat} or {@code fism}. */
        public String modelName() {
            return kind.id();
        }
    }

    private ModelDirectory() {}

    /**
     * Writes {@code model}, whose block is the trained FISM or NAIS block, to {@code target},
     * replacing what is there.
     *
     * @param training the training record (dataset, dataset_sha256, seed, metrics, settings,
     *     command…)
     * @param extraFiles more files to write beside the model: name → writer of that file; one
     *     that fails is left out with a warning
     */
    public static void save(Path target, Model model, ItemVocabulary items,
            Map<String, Object> training, Map<String, Folders.FileWriter> extraFiles)
            throws IOException {
        save(target, model, items, training, extraFiles, null);
    }

    /**
     * As {@link #save(Path, Model, ItemVocabulary, Map, Map)}, with {@code firstStage}, when
     * not {@code null}, written into the folder as its EASE first stage ({@link FirstStageFile}).
     */
    public static void save(Path target, Model model, ItemVocabulary items,
            Map<String, Object> training, Map<String, Folders.FileWriter> extraFiles,
            FirstStageFile.Fitted firstStage) throws IOException {
        if (!(model.getBlock() instanceof ItemSimilarityBlock block)) {
            throw new IllegalArgumentException("not a nais model: its block is "
                    + model.getBlock());
        }
        ModelKind kind = ModelKind.of(block);
        ItemSimilarityConfig config = block.config();
        Path destination = target.toAbsolutePath().normalize();
        Path temp = Folders.temporaryBeside(destination);
        try {
            model.save(temp, PARAMS_PREFIX);
            Files.writeString(temp.resolve(SERVING_FILE), ServingProperties.text(kind, config,
                    items.size()), StandardCharsets.UTF_8);
            items.write(temp.resolve(ItemVocabulary.FILE));
            Map<String, Object> stage = firstStage == null ? null
                    : FirstStageFile.write(temp, firstStage);
            for (Map.Entry<String, Folders.FileWriter> extra : extraFiles.entrySet()) {
                writeOptional(temp.resolve(SafeNames.check(extra.getKey())), extra.getValue());
            }
            String name = kind.id();
            Files.writeString(temp.resolve(ModelCard.FILE), ModelCard.markdown(
                    destination.getFileName().toString(), name, config, items.size(), training),
                    StandardCharsets.UTF_8);
            Map<String, String> files = new TreeMap<>();
            try (var listing = Files.list(temp)) {
                for (Path file : listing.toList()) {
                    files.put(file.getFileName().toString(),
                            TextSource.of(file).sha256());
                }
            }
            Map<String, Object> metadata = new LinkedHashMap<>();
            metadata.put("format", FORMAT_VERSION);
            metadata.put("model", name);
            metadata.put("config", ArtifactJson.toJson(config));
            metadata.put("num_items", items.size());
            metadata.put("training", training);
            if (stage != null) {
                metadata.put(FirstStageFile.KEY, stage);
            }
            metadata.put("versions", versions());
            metadata.put("created", Instant.now().toString());
            metadata.put("files", files);
            Files.writeString(temp.resolve(METADATA_FILE), ArtifactJson.GSON.toJson(metadata),
                    StandardCharsets.UTF_8);
            Folders.replace(temp, destination, METADATA_FILE);
        } finally {
            Folders.deleteTree(temp);
        }
    }

    /**
     * Checks a model folder without loading its parameters: format version, file names,
     * every checksum (serving.properties, when changed since: its model keys), the vocabulary
     * against the item count. A missing or damaged folder is a
     * {@link MalformedModelException} with a one-line message.
     */
    public static Description verify(Path dir) throws MalformedModelException {
        try {
            return describe(dir);
        } catch (DataException e) {
            throw new MalformedModelException(e.getMessage(), e);
        }
    }

    /** What {@link #verify} checks; the folder's readers report a problem as a DataException. */
    private static Description describe(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new DataException(dir + ": not a model folder (no such folder)");
        }
        JsonObject json = ArtifactJson.read(dir.resolve(METADATA_FILE));
        int format = ArtifactJson.intField(json, "format", dir);
        if (format < OLDEST_READABLE_FORMAT || format > FORMAT_VERSION) {
            throw new DataException(dir + ": model format " + format + " is not supported (this"
                    + " version reads formats " + OLDEST_READABLE_FORMAT + " to "
                    + FORMAT_VERSION + ")");
        }
        Map<String, String> files = ArtifactJson.files(json, dir);
        for (String required : REQUIRED) {
            if (!files.containsKey(required)) {
                throw new DataException(dir.resolve(METADATA_FILE) + ": lists no " + required);
            }
        }
        boolean servingEdited = false;
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path path = dir.resolve(SafeNames.check(file.getKey()));
            if (!Files.isRegularFile(path)) {
                throw new DataException(path + ": missing (listed in " + METADATA_FILE + ")");
            }
            boolean changed = !TextSource.of(path).sha256().equals(file.getValue());
            if (changed && file.getKey().equals(SERVING_FILE)) {
                servingEdited = true;
            } else if (changed) {
                throw new DataException(path + ": checksum mismatch: the file is corrupt or was"
                        + " changed after the model was written");
            }
        }
        ModelKind kind = ArtifactJson.kind(json, dir);
        ItemSimilarityConfig config = ArtifactJson.config(json, dir);
        int numItems = ArtifactJson.intField(json, "num_items", dir);
        if (servingEdited) {
            ServingProperties.check(dir.resolve(SERVING_FILE), kind, config, numItems);
        }
        ItemVocabulary items = ItemVocabulary.read(dir.resolve(ItemVocabulary.FILE));
        if (items.size() != numItems) {
            throw new DataException(dir.resolve(ItemVocabulary.FILE) + ": " + items.size()
                    + " items, " + METADATA_FILE + " says " + numItems);
        }
        JsonObject training = json.has("training") && json.get("training").isJsonObject()
                ? json.getAsJsonObject("training") : new JsonObject();
        return new Description(dir, kind, config, items, training,
                FirstStageFile.read(json, dir, files));
    }

    /**
     * Verifies and loads a model folder onto {@code device}; a damaged folder, or parameters
     * that cannot be read into the block it describes, is a {@link MalformedModelException}.
     */
    public static Loaded load(Path dir, Device device) throws MalformedModelException {
        Description description = verify(dir);
        ItemSimilarityBlock block = description.kind().newBlock(description.config(),
                description.items().size());
        Map<String, Shape> expected = declaredShapes(block);
        Model model = Model.newInstance(PARAMS_PREFIX, device);
        model.setBlock(block);
        try {
            model.load(dir, PARAMS_PREFIX, Map.of("epoch", "0"));
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw new MalformedModelException(dir.resolve(PARAMS_FILE)
                    + ": cannot load the parameters (" + e.getMessage() + ")", e);
        }
        try {
            checkShapes(dir.resolve(PARAMS_FILE).toString(), expected, block);
        } catch (MalformedModelException e) {
            model.close();
            throw e;
        }
        return new Loaded(model, block, description);
    }

    /** Whether {@code dir} looks like a model folder (it has a {@code metadata.json}). */
    public static boolean isModelDirectory(Path dir) {
        return Files.isRegularFile(dir.resolve(METADATA_FILE));
    }

    /** The shapes the block declares for its parameters, before loading overwrites them. */
    static Map<String, Shape> declaredShapes(Block block) {
        Map<String, Shape> shapes = new LinkedHashMap<>();
        for (var entry : block.getParameters()) {
            shapes.put(entry.getKey(), entry.getValue().getShape());
        }
        return shapes;
    }

    /** Rejects loaded parameters whose shapes differ from the declared ones. */
    static void checkShapes(String where, Map<String, Shape> expected, Block block)
            throws MalformedModelException {
        for (var entry : block.getParameters()) {
            Parameter parameter = entry.getValue();
            Shape want = expected.get(entry.getKey());
            Shape got = parameter.getArray().getShape();
            if (want != null && !want.equals(got)) {
                throw new MalformedModelException(where + ": parameter "
                        + entry.getKey() + " has shape " + got + ", the configuration needs "
                        + want);
            }
        }
    }

    /** Writes an optional file; a failure (or an error such as missing fonts) only warns. */
    private static void writeOptional(Path file, Folders.FileWriter writer) {
        try {
            writer.write(file);
        } catch (IOException | RuntimeException | LinkageError | InternalError e) {
            LOG.warn("{} left out of the model folder: {}", file.getFileName(), e.toString());
            try {
                Files.deleteIfExists(file);
            } catch (IOException cleanup) {
                LOG.warn("cannot remove the partial {}: {}", file, cleanup.getMessage());
            }
        }
    }

    private static Map<String, String> versions() {
        Map<String, String> versions = new LinkedHashMap<>(BuildInfo.describe());
        versions.put("djl", Engine.getDjlVersion());
        versions.put("pytorch", Engine.getEngine("PyTorch").getVersion());
        versions.put("java", System.getProperty("java.version"));
        return versions;
    }
}
