package io.naisrec.cli;

import ai.djl.Device;
import com.google.gson.Gson;
import com.google.gson.JsonObject;
import io.naisrec.data.LeaveOneOutSplit;
import io.naisrec.data.ResolvedDataset;
import io.naisrec.eval.EvaluationResult;
import io.naisrec.model.ItemSimilarityConfig;
import io.naisrec.model.ModelKind;
import io.naisrec.model.NaisBlock;
import io.naisrec.train.Selection;
import io.naisrec.train.SettingsJson;
import io.naisrec.train.TrainingResult;
import io.naisrec.train.TrainingSettings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code metadata.json} fields of a model folder that {@code train} writes. */
final class TrainingMetadata {

    /** The deeper cut-off a model chosen by full ranking also records (Recall@50). */
    static final int RECALL_CUTOFF = 50;

    private TrainingMetadata() {}

    /**
     * The fields: the model, its data, its test (and validation) metrics (by the protocol that
     * chose the epoch, {@code protocol}; a model chosen by full ranking adds Recall@50 and the
     * sampled protocol's), the run's settings (with the data options in {@code dataRecord})
     * and the command that retrains it.
     *
     * @param sampledTest the test items by the sampled protocol (the same as the result's test
     *     evaluation when that protocol chose the epoch; else recorded as {@code sampled})
     * @param pretrained what started the model ({@code none}, {@code fism} or a folder)
     * @param pretrainEpochs FISM's pre-training epochs when it ran, else {@code null}
     */
    static Map<String, Object> of(List<String> command, ModelKind kind,
            ItemSimilarityConfig config, TrainingSettings settings, ResolvedDataset data,
            Map<String, Object> dataRecord, TrainingResult result,
            EvaluationResult sampledTest, double seconds,
            Device target, String pretrained, Integer pretrainEpochs) {
        int cutoff = settings.k();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("model", kind.id());
        fields.put("dataset", data.name());
        fields.put("dataset_sha256", data.sha256());
        fields.put("users", result.testEvaluation().numUsers());
        fields.put("hr@" + cutoff, result.testEvaluation().hitRatio());
        fields.put("ndcg@" + cutoff, result.testEvaluation().ndcg());
        fields.put("protocol", result.testEvaluation().protocol());
        if (sampledTest != result.testEvaluation()) {
            fields.put("recall@" + RECALL_CUTOFF,
                    result.testEvaluation().hitRatioAt(RECALL_CUTOFF));
            Map<String, Object> sampled = new LinkedHashMap<>();
            sampled.put("hr@" + cutoff, sampledTest.hitRatio());
            sampled.put("ndcg@" + cutoff, sampledTest.ndcg());
            sampled.put("negatives", LeaveOneOutSplit.NCF_NEGATIVES);
            fields.put("sampled", sampled);
        }
        fields.put("selected_on", settings.selectOn().id());
        if (settings.selectOn() != Selection.TEST) {
            fields.put("validation", Map.of("users", result.bestEvaluation().numUsers(),
                    "hr@" + cutoff, result.best().hitRatio(), "ndcg@" + cutoff,
                    result.best().ndcg()));
        }
        fields.put("k", cutoff);
        fields.put("seed", settings.seed());
        fields.put("epochs", result.epochs().size());
        fields.put("best_epoch", result.best().epoch());
        fields.put("train_seconds", seconds);
        if (result.block() instanceof NaisBlock nais) {
            fields.put("beta", nais.beta());
            fields.put("beta_learned", config.learnBeta());
        }
        fields.put("pretrain", pretrained);
        JsonObject run = new Gson().toJsonTree(dataRecord).getAsJsonObject();
        SettingsJson.toJson(settings).entrySet().forEach(e -> run.add(e.getKey(), e.getValue()));
        run.addProperty("pretrain", pretrained);
        if (pretrainEpochs != null) {
            run.addProperty("pretrain_epochs", pretrainEpochs);
        }
        run.addProperty("device", target.toString());
        fields.put("settings", run);
        fields.put("command", "java -jar target/nais.jar train " + String.join(" ", command));
        return fields;
    }
}
