package io.naisrec.zoo;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import io.naisrec.data.DataException;
import io.naisrec.model.ConfigJson;
import io.naisrec.model.ItemSimilarityConfig;
import io.naisrec.model.ModelKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reading {@code metadata.json}: each missing or malformed field is a one-line error. */
final class ArtifactJson {

    static final Gson GSON = new GsonBuilder().setPrettyPrinting()
            .serializeSpecialFloatingPointValues().create();

    private ArtifactJson() {}

    static JsonObject read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new DataException(file.getParent() + ": not a model folder (no "
                    + file.getFileName() + ")");
        }
        try {
            JsonElement json = GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8),
                    JsonElement.class);
            if (json == null || !json.isJsonObject()) {
                throw new DataException(file + ": expected a JSON object");
            }
            return json.getAsJsonObject();
        } catch (IOException e) {
            throw new DataException(file + ": cannot read: " + e.getMessage(), e);
        } catch (JsonParseException e) {
            throw new DataException(file + ": not valid JSON", e);
        }
    }

    static int intField(JsonObject json, String field, Path dir) {
        try {
            return json.get(field).getAsInt();
        } catch (RuntimeException e) {
            throw malformed(dir, field, e);
        }
    }

    static ModelKind kind(JsonObject json, Path dir) {
        try {
            return ModelKind.parse(json.get("model").getAsString());
        } catch (RuntimeException e) {
            throw malformed(dir, "model", e);
        }
    }

    /** The configuration as a JSON object ({@link ConfigJson}'s, as in checkpoints). */
    static JsonObject toJson(ItemSimilarityConfig config) {
        return ConfigJson.toJson(config);
    }

    static ItemSimilarityConfig config(JsonObject json, Path dir) {
        try {
            JsonObject c = json.getAsJsonObject("config");
            if (c == null) {
                throw new IllegalArgumentException("missing");
            }
            return ConfigJson.fromJson(c);
        } catch (RuntimeException e) {
            throw malformed(dir, "config", e);
        }
    }

    static Map<String, String> files(JsonObject json, Path dir) {
        try {
            Map<String, String> files = new LinkedHashMap<>();
            for (var entry : json.getAsJsonObject("files").entrySet()) {
                files.put(entry.getKey(), entry.getValue().getAsString());
            }
            return files;
        } catch (RuntimeException e) {
            throw malformed(dir, "files", e);
        }
    }

    private static DataException malformed(Path dir, String field, RuntimeException e) {
        String reason = e.getMessage() != null ? e.getMessage() : "missing";
        return new DataException(dir.resolve(ModelDirectory.METADATA_FILE) + ": field '"
                + field + "' missing or malformed (" + reason.replace('\n', ' ') + ")", e);
    }
}
