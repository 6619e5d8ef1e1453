package io.naisrec.zoo;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import io.naisrec.data.DataException;
import io.naisrec.data.IdMap;
import io.naisrec.eval.TrainingRun;
import io.naisrec.model.ItemSimilarityBlock;
import io.naisrec.model.NaisConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A trained model as a folder: {@code nais-0000.params} (DJL {@code Model.save}),
 * {@code model.json} (format version, kind, configuration, item count, metadata such as dataset,
 * seed and metrics) and {@code items.txt} (the external id of each item index). Written into a
 * temporary folder beside the target and moved into place, so a reader never sees half a model.
 */
public final class ModelDirectory {

    /** Version of the folder layout; loading rejects any other. */
    public static final int FORMAT_VERSION = 1;
    /** Prefix of the DJL parameter file. */
    public static final String PARAMS_PREFIX = "nais";

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting()
            .serializeSpecialFloatingPointValues().create();

    /** A model read back from a folder; close it to free its native memory. */
    public record Loaded(Model model, ItemSimilarityBlock block, TrainingRun.Kind kind,
            IdMap items, JsonObject description) implements AutoCloseable {
        @Override
        public void close() {
            model.close();
        }
    }

    private ModelDirectory() {}

    /**
     * Writes {@code model} to {@code target}, replacing what is there.
     *
     * @param extraFiles more files to write beside the model: name → writer of that file
     */
    public static void save(Path target, Model model, TrainingRun.Kind kind, NaisConfig config,
            IdMap items, Map<String, Object> metadata, Map<String, FileWriter> extraFiles)
            throws IOException {
        Path parent = target.toAbsolutePath().normalize().getParent();
        Files.createDirectories(parent);
        Path temp = Files.createTempDirectory(parent, ".writing-");
        try {
            model.save(temp, PARAMS_PREFIX);
            JsonObject json = new JsonObject();
            json.addProperty("format", FORMAT_VERSION);
            json.addProperty("kind", kind.name().toLowerCase(java.util.Locale.ROOT));
            json.add("config", GSON.toJsonTree(config));
            json.addProperty("num_items", items.size());
            json.add("metadata", GSON.toJsonTree(metadata));
            Files.writeString(temp.resolve("model.json"), GSON.toJson(json),
                    StandardCharsets.UTF_8);
            Files.write(temp.resolve("items.txt"), items.ids(), StandardCharsets.UTF_8);
            for (Map.Entry<String, FileWriter> extra : extraFiles.entrySet()) {
                extra.getValue().write(temp.resolve(extra.getKey()));
            }
            replace(temp, target.toAbsolutePath().normalize());
        } finally {
            deleteTree(temp);
        }
    }

    /** Writes one file of the model folder. */
    @FunctionalInterface
    public interface FileWriter {
        /** Writes the file at {@code path}. */
        void write(Path path) throws IOException;
    }

    /** Reads a model folder written by {@link #save}; a bad folder is a one-line error. */
    public static Loaded load(Path dir, Device device) {
        JsonObject json = readJson(dir);
        int format = json.has("format") ? json.get("format").getAsInt() : -1;
        if (format != FORMAT_VERSION) {
            throw new DataException(dir + ": model format " + format + " is not supported (this"
                    + " version reads format " + FORMAT_VERSION + ")");
        }
        TrainingRun.Kind kind;
        NaisConfig config;
        int numItems;
        try {
            kind = TrainingRun.Kind.valueOf(json.get("kind").getAsString()
                    .toUpperCase(java.util.Locale.ROOT));
            config = GSON.fromJson(json.get("config"), NaisConfig.class);
            numItems = json.get("num_items").getAsInt();
        } catch (RuntimeException e) {
            throw new DataException(dir.resolve("model.json") + ": malformed (" + e.getMessage()
                    + ")", e);
        }
        IdMap items = new IdMap();
        try {
            List<String> ids = Files.readAllLines(dir.resolve("items.txt"), StandardCharsets.UTF_8);
            ids.forEach(items::add);
        } catch (IOException e) {
            throw new DataException(dir.resolve("items.txt") + ": cannot read: " + e, e);
        }
        if (items.size() != numItems) {
            throw new DataException(dir.resolve("items.txt") + ": " + items.size()
                    + " distinct items, model.json says " + numItems);
        }
        ItemSimilarityBlock block = kind.newBlock(config, numItems);
        Model model = Model.newInstance(PARAMS_PREFIX, device);
        model.setBlock(block);
        try {
            model.load(dir, PARAMS_PREFIX);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw new DataException(dir + ": cannot load the parameters (" + e.getMessage() + ")",
                    e);
        }
        return new Loaded(model, block, kind, items, json);
    }

    /** Whether {@code dir} looks like a model folder. */
    public static boolean isModelDirectory(Path dir) {
        return Files.isRegularFile(dir.resolve("model.json"));
    }

    private static JsonObject readJson(Path dir) {
        Path file = dir.resolve("model.json");
        try {
            return GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), JsonObject.class);
        } catch (IOException e) {
            throw new DataException(file + ": cannot read: " + e, e);
        } catch (JsonParseException e) {
            throw new DataException(file + ": not valid JSON", e);
        }
    }

    private static void replace(Path fresh, Path target) throws IOException {
        if (!Files.exists(target)) {
            Files.move(fresh, target, StandardCopyOption.ATOMIC_MOVE);
            return;
        }
        Path old = Files.createTempDirectory(target.getParent(), ".replaced-");
        Files.delete(old);
        Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
        Files.move(fresh, target, StandardCopyOption.ATOMIC_MOVE);
        deleteTree(old);
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
