package io.naisrec.zoo;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import io.naisrec.data.DataException;
import io.naisrec.model.ModelKind;
import io.naisrec.model.NaisConfig;
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

    /**
     * The configuration as a JSON object, field by field (not by reflection: a host's older Gson
     * cannot bind records).
     */
    static JsonObject toJson(NaisConfig config) {
        JsonObject json = new JsonObject();
        json.addProperty("attention", config.attention().name());
        json.addProperty("embeddingSize", config.embeddingSize());
        json.addProperty("attentionSize", config.attentionSize());
        json.addProperty("beta", config.beta());
        json.addProperty("learnBeta", config.learnBeta());
        json.addProperty("alpha", config.alpha());
        json.addProperty("regTarget", config.regTarget());
        json.addProperty("regHistory", config.regHistory());
        json.addProperty("regAttention", config.regAttention());
        json.addProperty("maxHistory", config.maxHistory());
        return json;
    }

    static NaisConfig config(JsonObject json, Path dir) {
        try {
            JsonObject c = json.getAsJsonObject("config");
            if (c == null) {
                throw new IllegalArgumentException("missing");
            }
            return new NaisConfig(NaisConfig.Attention.parse(c.get("attention").getAsString()),
                    c.get("embeddingSize").getAsInt(), c.get("attentionSize").getAsInt(),
                    c.get("beta").getAsFloat(), c.get("learnBeta").getAsBoolean(),
                    c.get("alpha").getAsFloat(), c.get("regTarget").getAsFloat(),
                    c.get("regHistory").getAsFloat(), c.get("regAttention").getAsFloat(),
                    c.get("maxHistory").getAsInt());
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
