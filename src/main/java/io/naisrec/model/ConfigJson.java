package io.naisrec.model;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * An {@link ItemSimilarityConfig} as a JSON object and back, as a checkpoint stores it and a
 * model folder's {@code metadata.json} records it: field by field, not by reflection, since a
 * host's older Gson cannot bind records; the fields are named as the record's components
 * ({@code embeddingSize}).
 */
public final class ConfigJson {

    private ConfigJson() {}

    /** The configuration as a new JSON object. */
    public static JsonObject toJson(ItemSimilarityConfig config) {
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

    /**
     * The configuration {@link #toJson(ItemSimilarityConfig)} wrote.
     *
     * @throws IllegalArgumentException naming a missing or invalid field
     */
    public static ItemSimilarityConfig fromJson(JsonObject json) {
        return ItemSimilarityConfig.builder()
                .optAttention(ItemSimilarityConfig.Attention.parse(field(json,
                        "attention").getAsString()))
                .optEmbeddingSize(field(json, "embeddingSize").getAsInt())
                .optAttentionSize(field(json, "attentionSize").getAsInt())
                .optBeta(field(json, "beta").getAsFloat())
                .optLearnBeta(field(json, "learnBeta").getAsBoolean())
                .optAlpha(field(json, "alpha").getAsFloat())
                .optRegularization(field(json, "regTarget").getAsFloat(),
                        field(json, "regHistory").getAsFloat(),
                        field(json, "regAttention").getAsFloat())
                .optMaxHistory(field(json, "maxHistory").getAsInt()).build();
    }

    private static JsonElement field(JsonObject json, String name) {
        JsonElement value = json.get(name);
        if (value == null || !value.isJsonPrimitive()) {
            throw new IllegalArgumentException("field '" + name + "' missing or not a value");
        }
        return value;
    }
}
