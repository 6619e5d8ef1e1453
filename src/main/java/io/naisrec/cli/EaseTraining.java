package io.naisrec.cli;

import ai.djl.Device;
import ai.djl.Model;
import io.naisrec.data.LeaveOneOutSplit;
import io.naisrec.data.ResolvedDataset;
import io.naisrec.eval.EvaluationResult;
import io.naisrec.eval.LeaveOneOutEvaluator;
import io.naisrec.model.BlockScorer;
import io.naisrec.model.EaseBlock;
import io.naisrec.runtime.Workload;
import io.naisrec.zoo.ItemVocabulary;
import io.naisrec.zoo.ModelDirectory;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code train --model ease}: fits EASE^R (λ given, or chosen on the validation split by
 * full-ranking HR@K), evaluates it on the test items (sampled, as the model card reports, and
 * full ranking) and writes its model folder, each item's weights pruned to its N largest.
 *
 * @param data the dataset, resolved
 * @param seed the seed of the evaluation negatives
 * @param k the cut-off
 * @param command the arguments of {@code train}, recorded in the folder
 */
record EaseTraining(ResolvedDataset data, long seed, int k, List<String> command) {

    /** The neighbours each item keeps in a folder unless --neighbours says otherwise. */
    static final int DEFAULT_NEIGHBOURS = 200;
    /** The cut-off of the full-ranking Recall@K recorded beside HR@K. */
    private static final int RECALL_AT = 50;

    private static final Logger LOG = LoggerFactory.getLogger(EaseTraining.class);

    /**
     * Fits, evaluates and writes the folder ({@code runs/ease-DATASET} when {@code out} is
     * null); prints one line (and the record as JSON with {@code json}).
     */
    int run(ItemItemOptions options, EngineOptions engine, Path out, boolean json,
            PrintWriter writer) throws IOException {
        engine.start(Workload.TRAINING);
        LeaveOneOutSplit split = data.split(LeaveOneOutSplit.NCF_NEGATIVES, seed);
        Path folder = out != null ? out : Path.of("runs", "ease-" + data.name());
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("model", "ease");
        fields.put("dataset", data.name());
        fields.put("dataset_sha256", data.sha256());
        long start = System.nanoTime();
        try (Model model = Model.newInstance(ModelDirectory.PARAMS_PREFIX, Device.cpu())) {
            Map<String, Object> fit = new LinkedHashMap<>();
            EaseBlock block = options.fitEase(split, seed, k, true,
                    options.neighbours(DEFAULT_NEIGHBOURS), model.getNDManager(), fit);
            model.setBlock(block);
            double seconds = (System.nanoTime() - start) / 1e9;
            BlockScorer scorer = new BlockScorer(block, model.getNDManager());
            LeaveOneOutEvaluator evaluator = new LeaveOneOutEvaluator(k);
            EvaluationResult sampled = evaluator.sampled(split, scorer);
            EvaluationResult full = evaluator.fullRanking(split, scorer);
            fields.put("users", sampled.numUsers());
            fields.put("hr@" + k, sampled.hitRatio());
            fields.put("ndcg@" + k, sampled.ndcg());
            fields.put("full_ranking", Map.of("hr@" + k, full.hitRatio(), "ndcg@" + k,
                    full.ndcg(), "recall@" + RECALL_AT, full.hitRatioAt(RECALL_AT)));
            fields.put("selected_on", "validation");
            fields.put("k", k);
            fields.put("seed", seed);
            fields.putAll(fit);
            fields.put("train_seconds", seconds);
            fields.put("command", "java -jar target/nais.jar train " + String.join(" ", command));
            ModelDirectory.save(folder, model, ItemVocabulary.of(split.train().items(),
                    data.itemNames()), fields, Map.of());
        }
        LOG.info("Model written to {}", folder);
        writer.printf(Locale.ROOT, "ease on %s: lambda %s, %s neighbours: test HR@%d %.4f  "
                + "NDCG@%d %.4f; full ranking HR@%d %.4f  Recall@%d %.4f  (model in %s)%n",
                data.name(), fields.get("lambda"), fields.get("neighbours"), k,
                (Double) fields.get("hr@" + k), k, (Double) fields.get("ndcg@" + k), k,
                fullMetric("hr@" + k, fields), RECALL_AT, fullMetric("recall@" + RECALL_AT,
                        fields), folder);
        if (json) {
            writer.println(Json.line(fields));
        }
        writer.flush();
        return 0;
    }

    private static double fullMetric(String key, Map<String, Object> fields) {
        return (Double) ((Map<?, ?>) fields.get("full_ranking")).get(key);
    }
}
