package io.naisrec.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.naisrec.data.InteractionDataset;
import io.naisrec.data.InteractionLog;
import io.naisrec.data.LeaveOneOutSplit;
import io.naisrec.eval.LeaveOneOutEvaluator;
import io.naisrec.model.BlockScorer;
import io.naisrec.model.ItemSimilarityConfig;
import io.naisrec.model.ModelKind;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TrainingRunTest {

    private static final ItemSimilarityConfig CONFIG =
            ItemSimilarityConfig.builder().optEmbeddingSize(8)
            .optAttentionSize(4).build();

    /** 40 users of 8 interactions over 5 overlapping tastes of 12 items. */
    static LeaveOneOutSplit small() {
        SplittableRandom random = new SplittableRandom(3);
        InteractionLog log = new InteractionLog();
        for (int u = 0; u < 40; u++) {
            for (int k = 0; k < 8; k++) {
                log.add("u" + u, "i" + ((u % 5) * 10 + random.nextInt(12)), k);
            }
        }
        return LeaveOneOutSplit.of(InteractionDataset.of("small", log), 20, 1);
    }

    private static TrainingSettings settings(long seed) {
        return TrainingSettings.builder().optEpochs(2).optLearningRate(0.05f).optNegatives(2)
                .optBatchSize(16).optSeed(seed).optK(5).build();
    }

    private static TrainingResult run(LeaveOneOutSplit split, long seed) {
        try (TrainingResult fism = TrainingRun.builder().setKind(ModelKind.FISM)
                .optConfig(CONFIG).optSettings(settings(seed)).build().train(split)) {
            return TrainingRun.builder().setKind(ModelKind.NAIS_PROD).optConfig(CONFIG)
                    .optSettings(settings(seed)).optInitialiseFrom(fism.block()).build()
                    .train(split);
        }
    }

    @Test
    void sameSeedGivesIdenticalMetricsAndParameters() {
        LeaveOneOutSplit split = small();
        try (TrainingResult a = run(split, 11); TrainingResult b = run(split, 11)) {
            assertEquals(2, a.epochs().size());
            for (int e = 0; e < 2; e++) {
                assertEquals(a.epochs().get(e).loss(), b.epochs().get(e).loss(), 0.0);
                assertEquals(a.epochs().get(e).hitRatio(), b.epochs().get(e).hitRatio(), 0.0);
                assertEquals(a.epochs().get(e).ndcg(), b.epochs().get(e).ndcg(), 0.0);
            }
            for (String name : a.block().getParameters().keys()) {
                assertArrayEquals(a.block().getParameters().get(name).getArray().toFloatArray(),
                        b.block().getParameters().get(name).getArray().toFloatArray(), name);
            }
            try (TrainingResult c = run(split, 12)) {
                assertTrue(c.epochs().get(0).loss() != a.epochs().get(0).loss(),
                        "another seed trains differently");
            }
        }
    }

    @Test
    void bestEpochIsRestoredAndLossDecreases() {
        LeaveOneOutSplit split = small();
        TrainingSettings settings = settings(1).toBuilder().optEpochs(4).optBatchSize(64)
                .optEvaluateEvery(2).build();
        try (TrainingResult result = TrainingRun.builder().setKind(ModelKind.FISM)
                .optConfig(CONFIG).optSettings(settings).build().train(split)) {
            assertTrue(result.epochs().get(3).loss() < result.epochs().get(0).loss());
            assertTrue(Double.isNaN(result.epochs().get(0).hitRatio()), "epoch 1 not evaluated");
            BlockScorer scorer = new BlockScorer(result.block(), result.model().getNDManager());
            assertEquals(result.best().hitRatio(), new LeaveOneOutEvaluator(5).sampled(
                    split.validation(99, 1), scorer).hitRatio(), 0.0,
                    "the returned parameters are the best epoch's on validation");
            assertEquals(result.testEvaluation().hitRatio(), new LeaveOneOutEvaluator(5)
                    .sampled(split, scorer).hitRatio(), 0.0, "and its test evaluation");
        }
    }

    @Test
    void aDivergingRunStopsAtTheBatchWithOneLine() {
        LeaveOneOutSplit split = small();
        TrainingRun run = TrainingRun.builder().setKind(ModelKind.NAIS_PROD).optConfig(CONFIG)
                .optSettings(settings(1).toBuilder().optLearningRate(1e30f).build()).build();
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> run.train(split));
        assertEquals(1, e.epoch());
        assertTrue(e.batch() > 1 && e.batch() < 40, "the first batches train, then NaN: batch "
                + e.batch());
        assertTrue(e.getMessage().startsWith("nais-prod: training diverged in epoch 1, batch "
                + e.batch() + " of ") && e.getMessage().contains("no checkpoint was written")
                && !e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void everySettingOfARunIsValidatedWhenItIsBuilt() {
        assertThrows(IllegalArgumentException.class, () -> TrainingSettings.builder()
                .optEvaluateEvery(0).build());
        assertThrows(IllegalArgumentException.class, () -> TrainingSettings.builder().optK(0)
                .build());
        assertThrows(IllegalArgumentException.class, () -> TrainingSettings.builder()
                .optLearningRate(Float.POSITIVE_INFINITY).build());
        ItemSimilarityConfig learned = ItemSimilarityConfig.builder().optLearnBeta(true).build();
        IllegalArgumentException fism = assertThrows(IllegalArgumentException.class,
                () -> TrainingRun.builder().setKind(ModelKind.FISM).optConfig(learned).build());
        assertTrue(fism.getMessage().contains("a learned beta needs a NAIS model"));
        ItemSimilarityConfig concat = ItemSimilarityConfig.builder().optAttention(
                ItemSimilarityConfig.Attention.CONCAT)
                .build();
        assertThrows(IllegalArgumentException.class, () -> TrainingRun.builder()
                .setKind(ModelKind.NAIS_PROD).optConfig(concat).build());
        assertEquals(ItemSimilarityConfig.Attention.CONCAT, TrainingRun.builder()
                .setKind(ModelKind.NAIS_CONCAT).build().config().attention(),
                "the default configuration follows the kind");
        assertThrows(NullPointerException.class, () -> TrainingRun.builder().build());
    }
}
