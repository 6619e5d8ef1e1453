package io.naisrec.train;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.naisrec.model.ItemSimilarityConfig;

/**
 * A run's {@link TrainingSettings} and {@link ItemSimilarityConfig} as JSON objects and back, as a
 * checkpoint stores them and a model's {@code metadata.json} records them: field by field, not
 * by reflection, since a host's older Gson cannot bind records. The settings' fields are named as
 * the command line names them ({@code learning_rate}, {@code batch_size}: 0 is one batch per
 * user); the configuration's as its record components ({@code embeddingSize}).
 */
public final class SettingsJson {

    private SettingsJson() {}

    /** The settings as a new JSON object. */
    public static JsonObject toJson(TrainingSettings settings) {
        JsonObject json = new JsonObject();
        json.addProperty("epochs", settings.epochs());
        json.addProperty("learning_rate", settings.learningRate());
        json.addProperty("negatives", settings.negatives());
        json.addProperty("batch_size", settings.batchSize());
        json.addProperty("seed", settings.seed());
        json.addProperty("k", settings.k());
        json.addProperty("evaluate_every", settings.evaluateEvery());
        json.addProperty("select_on", settings.selectOn().id());
        json.addProperty("patience", settings.patience());
        return json;
    }

    /**
     * The settings {@link #toJson(TrainingSettings)} wrote.
     *
     * @throws IllegalArgumentException naming a missing or invalid field
     */
    public static TrainingSettings settings(JsonObject json) {
        return TrainingSettings.builder().optEpochs(field(json, "epochs").getAsInt())
                .optLearningRate(field(json, "learning_rate").getAsFloat())
                .optNegatives(field(json, "negatives").getAsInt())
                .optBatchSize(field(json, "batch_size").getAsInt())
                .optSeed(field(json, "seed").getAsLong()).optK(field(json, "k").getAsInt())
                .optEvaluateEvery(field(json, "evaluate_every").getAsInt())
                .optSelectOn(Selection.parse(field(json, "select_on").getAsString()))
                .optPatience(field(json, "patience").getAsInt()).build();
    }

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
    public static ItemSimilarityConfig config(JsonObject json) {
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
