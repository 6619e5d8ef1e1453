package io.naisrec.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.listener.TrainingListenerAdapter;
import io.naisrec.data.InteractionDataset;
import io.naisrec.data.InteractionLog;
import io.naisrec.data.LeaveOneOutSplit;
import io.naisrec.data.NegativeDistribution;
import io.naisrec.eval.EvaluationResult;
import io.naisrec.eval.LeaveOneOutEvaluator;
import io.naisrec.model.BlockScorer;
import io.naisrec.model.ItemSimilarityConfig;
import io.naisrec.model.ModelKind;
import io.naisrec.model.NaisBlock;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The training objectives beside the reference's: BPR, sampled softmax, full-ranking choice. */
class TrainingObjectiveTest {

    private static final ItemSimilarityConfig CONFIG =
            ItemSimilarityConfig.builder().optEmbeddingSize(8).optAttentionSize(4).build();

    /** 60 users with 10 items each from a cluster of 60 among 300, so full ≠ sampled ranking. */
    private static LeaveOneOutSplit split() {
        SplittableRandom random = new SplittableRandom(5);
        InteractionLog log = new InteractionLog();
        for (int u = 0; u < 60; u++) {
            for (int k = 0; k < 10; k++) {
                log.add("u" + u, "i" + ((u % 5) * 60 + random.nextInt(60)), k);
            }
        }
        return LeaveOneOutSplit.of(InteractionDataset.of("objective", log), 99, 1);
    }

    private static float loss(TrainingLoss loss, float[] logits) {
        try (NDManager manager = NDManager.newBaseManager()) {
            float[] labels = {1, 0, 0, 1, 0, 0};
            return new NaisLoss(loss, 3).evaluate(new NDList(manager.create(labels)),
                    new NDList(manager.create(logits))).getFloat();
        }
    }

    @Test
    void bprAndSoftmaxMatchAHandComputationOnATinyBatch() {
        float[] logits = {2f, 1f, -1f, 0.5f, 0.5f, 3f};
        // BPR: the mean of −log σ(s⁺ − s⁻) = log(1 + e^(s⁻ − s⁺)) over the four pairs
        double bpr = (Math.log(1 + Math.exp(1 - 2)) + Math.log(1 + Math.exp(-1 - 2))
                + Math.log(1 + Math.exp(0.5 - 0.5)) + Math.log(1 + Math.exp(3 - 0.5))) / 4;
        assertEquals(bpr, loss(TrainingLoss.BPR, logits), 1e-6);
        // softmax: the mean over groups of −log(e^s⁺ / Σ e^s)
        double softmax = (-Math.log(Math.exp(2) / (Math.exp(2) + Math.exp(1) + Math.exp(-1)))
                - Math.log(Math.exp(0.5) / (2 * Math.exp(0.5) + Math.exp(3)))) / 2;
        assertEquals(softmax, loss(TrainingLoss.SOFTMAX, logits), 1e-6);
        // log loss: the mean binary cross-entropy of the six rows
        double log = 0;
        float[] labels = {1, 0, 0, 1, 0, 0};
        for (int r = 0; r < 6; r++) {
            double p = 1 / (1 + Math.exp(-logits[r]));
            log -= labels[r] == 1 ? Math.log(p) : Math.log(1 - p);
        }
        assertEquals(log / 6, loss(TrainingLoss.LOG, logits), 1e-6);
        assertThrows(IllegalArgumentException.class, () -> new NaisLoss(TrainingLoss.BPR, 1));
    }

    @Test
    void fixedSizeBatchesOfAGroupedLossNeverSeparateAPositiveFromItsNegatives()
            throws Exception {
        InteractionDataset train = split().train();
        NegativeDistribution popular = NegativeDistribution.popularity(train.itemCounts(), 1);
        TrainingSamples samples = new TrainingSamples(train, 4, 12, 0, 3, popular, true);
        int rows = 0;
        try (NDManager manager = NDManager.newBaseManager()) {
            for (Batch batch : samples.epoch(0).getData(manager)) {
                float[] labels = batch.getLabels().head().toFloatArray();
                int[] history = batch.getData().get(0).toIntArray();
                int[] targets = batch.getData().get(2).toIntArray();
                assertTrue(labels.length == 10 || labels.length == 5, "at most two whole "
                        + "groups of 5 fit in 12 samples: " + labels.length);
                for (int r = 0; r < labels.length; r++) {
                    assertEquals(r % 5 == 0 ? 1f : 0f, labels[r], "row " + r);
                    for (int item : history) {
                        assertTrue(labels[r] == 1f || item != targets[r], "negative interacted");
                    }
                }
                rows += labels.length;
                batch.close();
            }
        }
        assertEquals(samples.samplesPerEpoch(), rows);
    }

    /** The loss and the gradient of the first parameter of every batch of one epoch. */
    private static List<float[]> gradients(TrainingSettings settings, long maxPairElements) {
        InteractionLog log = new InteractionLog();
        for (int k = 0; k < 200; k++) {
            log.add("heavy", "i" + (k * 7) % 300, k);
            log.add("light" + k % 3, "i" + (k * 13) % 300, k);
        }
        InteractionDataset data = InteractionDataset.of("t", log);
        NaisBlock block = new NaisBlock(CONFIG, data.numItems());
        ModelTrainer trainer = new ModelTrainer(settings, Device.cpu(), maxPairElements);
        List<float[]> gradients = new ArrayList<>();
        TrainingListener beforeStep = new TrainingListenerAdapter() {
            @Override
            public void onTrainingBatch(Trainer t, BatchData batchData) {
                float loss = t.getMetrics().latestMetric(ModelTrainer.LOSS_METRIC).getValue()
                        .floatValue();
                float[] gradient = block.getParameters().valueAt(0).getArray().getGradient()
                        .toFloatArray();
                float[] row = new float[gradient.length + 1];
                row[0] = loss;
                System.arraycopy(gradient, 0, row, 1, gradient.length);
                gradients.add(row);
            }
        };
        try (Model model = trainer.train("t", block, trainer.newOptimizer(block), data, 0,
                List.of(beforeStep))) {
            return gradients;
        }
    }

    @Test
    void aGroupedLossInPassesGetsTheWholeBatchsLossAndGradient() {
        for (TrainingLoss loss : new TrainingLoss[] {TrainingLoss.BPR, TrainingLoss.SOFTMAX}) {
            TrainingSettings settings = TrainingSettings.builder().optEpochs(1)
                    .optLearningRate(0.05f).optSeed(3).optLoss(loss).build();
            List<float[]> whole = gradients(settings, Long.MAX_VALUE);
            // 200 · 4 elements per row: passes of 42 rows, whole groups of 5 make them 45
            List<float[]> passes = gradients(settings, 200L * 4 * 42);
            assertEquals(whole.size(), passes.size());
            for (int b = 0; b < whole.size(); b++) {
                float[] expected = whole.get(b);
                float[] actual = passes.get(b);
                for (int k = 0; k < expected.length; k++) {
                    assertEquals(expected[k], actual[k], 1e-4 * (1 + Math.abs(expected[k])),
                            loss.id() + ", batch " + b + ", value " + k);
                }
            }
        }
    }

    @Test
    void bprAndSoftmaxRunsRepeatWithTheirSeedAndLearn() {
        LeaveOneOutSplit split = split();
        for (TrainingLoss loss : new TrainingLoss[] {TrainingLoss.BPR, TrainingLoss.SOFTMAX}) {
            TrainingSettings settings = TrainingSettings.builder().optEpochs(3)
                    .optLearningRate(0.05f).optNegatives(3).optBatchSize(16).optSeed(9)
                    .optK(5).optLoss(loss).optNegativePopularity(0.5).build();
            try (TrainingResult a = TrainingRun.builder().setKind(ModelKind.FISM)
                    .optConfig(CONFIG).optSettings(settings).build().train(split);
                    TrainingResult b = TrainingRun.builder().setKind(ModelKind.FISM)
                    .optConfig(CONFIG).optSettings(settings).build().train(split)) {
                assertTrue(a.epochs().get(2).loss() < a.epochs().get(0).loss(), loss.id()
                        + " loss falls: " + a.epochs());
                for (String name : a.block().getParameters().keys()) {
                    assertArrayEquals(a.block().getParameters().get(name).getArray()
                            .toFloatArray(), b.block().getParameters().get(name).getArray()
                            .toFloatArray(), loss.id() + " " + name);
                }
            }
        }
        assertThrows(IllegalArgumentException.class, () -> TrainingSettings.builder()
                .optLoss(TrainingLoss.BPR).optNegatives(0).build());
    }

    @Test
    void theFullMetricChoosesTheEpochWithTheBestFullRankingValidationHitRatio() {
        LeaveOneOutSplit split = split();
        TrainingSettings settings = TrainingSettings.builder().optEpochs(5)
                .optLearningRate(0.05f).optNegatives(4).optSeed(1).optK(5)
                .optSelectMetric(SelectionMetric.FULL).build();
        try (TrainingResult result = TrainingRun.builder().setKind(ModelKind.FISM)
                .optConfig(CONFIG).optSettings(settings).build().train(split)) {
            double bestHr = result.epochs().stream().mapToDouble(EpochRecord::hitRatio).max()
                    .orElseThrow();
            assertEquals(bestHr, result.best().hitRatio(), 0.0);
            LeaveOneOutEvaluator evaluator = new LeaveOneOutEvaluator(5);
            BlockScorer scorer = new BlockScorer(result.block(), result.model().getNDManager());
            EvaluationResult validation = evaluator.fullRanking(split.validation(99, 1), scorer);
            assertEquals(validation.hitRatio(), result.best().hitRatio(), 0.0,
                    "the chosen epoch's HR is its full-ranking HR on validation");
            assertEquals(validation.ndcg(), result.best().ndcg(), 0.0);
            assertEquals("full", result.testEvaluation().protocol());
            assertEquals(evaluator.fullRanking(split, scorer).hitRatio(),
                    result.testEvaluation().hitRatio(), 0.0);
        }
    }

    @Test
    void settingsOfOlderRunsLoadWithTheReferencesObjective() {
        TrainingSettings chosen = TrainingSettings.builder().optNegativePopularity(0.75)
                .optLoss(TrainingLoss.SOFTMAX).optSelectMetric(SelectionMetric.FULL).build();
        assertEquals(chosen, SettingsJson.settings(SettingsJson.toJson(chosen)));
        var older = SettingsJson.toJson(TrainingSettings.builder().build());
        older.remove("negative_popularity");
        older.remove("loss");
        older.remove("select_metric");
        TrainingSettings loaded = SettingsJson.settings(older);
        assertEquals(0, loaded.negativePopularity(), 0.0);
        assertEquals(TrainingLoss.LOG, loaded.loss());
        assertEquals(SelectionMetric.SAMPLED, loaded.selectMetric());
    }
}
