package io.naisrec.train;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.naisrec.model.ConfigJson;
import io.naisrec.model.ItemSimilarityConfig;

/**
 * A run's {@link TrainingSettings} as a JSON object and back, as a checkpoint stores them and a
 * model's {@code metadata.json} records them (the {@link ItemSimilarityConfig} beside them is
 * {@link ConfigJson}'s): field by field, not by reflection, since a host's older Gson cannot
 * bind records. The fields are named as the command line names them ({@code learning_rate},
 * {@code batch_size}: 0 is one batch per user).
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
        json.addProperty("negative_popularity", settings.negativePopularity());
        json.addProperty("loss", settings.loss().id());
        json.addProperty("select_metric", settings.selectMetric().id());
        return json;
    }

    /**
     * The settings {@link #toJson(TrainingSettings)} wrote. The objective's fields
     * ({@code negative_popularity}, {@code loss}, {@code select_metric}) came later: where they
     * are missing (an older checkpoint or model folder) they are the reference's defaults.
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
                .optPatience(field(json, "patience").getAsInt())
                .optNegativePopularity(json.has("negative_popularity")
                        ? field(json, "negative_popularity").getAsDouble() : 0)
                .optLoss(json.has("loss") ? TrainingLoss.parse(field(json, "loss").getAsString())
                        : TrainingLoss.LOG)
                .optSelectMetric(json.has("select_metric")
                        ? SelectionMetric.parse(field(json, "select_metric").getAsString())
                        : SelectionMetric.SAMPLED).build();
    }

    private static JsonElement field(JsonObject json, String name) {
        JsonElement value = json.get(name);
        if (value == null || !value.isJsonPrimitive()) {
            throw new IllegalArgumentException("field '" + name + "' missing or not a value");
        }
        return value;
    }
}
