package io.naisrec.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import io.naisrec.data.LeaveOneOutSplit;
import io.naisrec.eval.EvaluationResult;
import io.naisrec.eval.LeaveOneOutEvaluator;
import io.naisrec.model.BlockScorer;
import io.naisrec.model.EaseBlock;
import io.naisrec.model.EaseConfig;
import io.naisrec.model.EaseFactors;
import io.naisrec.model.FismBlock;
import io.naisrec.model.ItemSimilarityConfig;
import io.naisrec.model.ModelKind;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The start as epoch 0: NAIS started from EASE's factors with neutral attention ranks as those
 * factors do, the selection keeps the start when training only makes it worse, and a resumed
 * run keeps that choice.
 */
class StartEvaluationTest {

    private static final int D = 8;
    private static final ItemSimilarityConfig NAIS = ItemSimilarityConfig.builder()
            .optEmbeddingSize(D).optAttentionSize(4).build();

    @TempDir
    Path dir;

    /** A learning rate that spoils the start within the first epoch. */
    private static TrainingSettings settings(int epochs) {
        return TrainingSettings.builder().optEpochs(epochs).optLearningRate(1f)
                .optNegatives(2).optBatchSize(16).optSeed(1).optK(5)
                .optSelectMetric(SelectionMetric.FULL).build();
    }

    private static TrainingRun.Builder fromFactors(FismBlock factors, int epochs) {
        return TrainingRun.builder().setKind(ModelKind.NAIS_PROD).optConfig(NAIS)
                .optSettings(settings(epochs)).optInitialiseFrom(factors)
                .optNeutralAttention(true).optEvaluateStart(true);
    }

    @Test
    void aNeutralStartRanksAsItsFactorsAndIsKeptWhenTrainingSpoilsIt() {
        LeaveOneOutSplit split = TrainingRunTest.small();
        LeaveOneOutSplit selection = settings(1).selectionSplit(split);
        LeaveOneOutEvaluator evaluator = new LeaveOneOutEvaluator(5);
        try (NDManager manager = NDManager.newBaseManager()) {
            EaseBlock ease = EaseBlock.fit(selection.train(), new EaseConfig(5f, 0), manager);
            FismBlock factors = EaseFactors.fism(ease, ItemSimilarityConfig.builder()
                    .optEmbeddingSize(D).build(), 1, manager);
            EvaluationResult direct = evaluator.fullRanking(selection,
                    new BlockScorer(factors, manager));
            try (TrainingResult result = fromFactors(factors, 1).build().train(split)) {
                assertEquals(1, result.epochs().size(), "epoch 0 is not a trained epoch");
                assertEquals(0, result.best().epoch(), "no trained epoch beats the start");
                assertEquals(direct.hitRatio(), result.best().hitRatio(), 0.0,
                        "neutral attention ranks as EASE's factors do");
                assertEquals(direct.ndcg(), result.best().ndcg(), 0.0);
                BlockScorer start = new BlockScorer(result.block(), result.model()
                        .getNDManager());
                assertEquals(direct.hitRatio(), evaluator.fullRanking(selection, start)
                        .hitRatio(), 0.0, "the returned parameters are the start's");
                int[] history = selection.train().history(0);
                Set<Integer> held = Arrays.stream(history).boxed().collect(Collectors.toSet());
                int[] candidates = IntStream.range(0, selection.train().numItems())
                        .filter(i -> !held.contains(i)).toArray();
                float[] nais = new float[candidates.length];
                float[] fism = new float[candidates.length];
                start.score(history, candidates, nais);
                new BlockScorer(factors, manager).score(history, candidates, fism);
                double weight = Math.pow(history.length, -NAIS.beta());
                for (int c = 0; c < candidates.length; c++) {
                    assertEquals(weight * fism[c], nais[c], 1e-6, "a_ij = n^-β for every j: "
                            + "candidate " + candidates[c]);
                }
            }
            Path checkpoint = dir.resolve("checkpoint");
            fromFactors(factors, 1).optCheckpoint(checkpoint).build().train(split).close();
            try (TrainingResult resumed = TrainingRun.resume(Checkpoint.read(checkpoint))
                    .optSettings(settings(2)).build().train(split);
                    TrainingResult straight = fromFactors(factors, 2).build().train(split)) {
                assertEquals(straight.best().epoch(), resumed.best().epoch());
                assertEquals(straight.best().hitRatio(), resumed.best().hitRatio(), 0.0);
                assertEquals(2, resumed.epochs().size());
                assertEquals(straight.epochs().get(1).hitRatio(),
                        resumed.epochs().get(1).hitRatio(), 0.0, "the second epoch alike");
            }
        }
    }

    private static EpochRecord evaluated(int epoch, double hitRatio) {
        return new EpochRecord(epoch, 0.5, hitRatio, hitRatio / 2, 0.5, 1, 1, 1);
    }

    /** Patience waits for the trained epochs to stop improving, not to beat the start. */
    @Test
    void patienceCountsFromTheBestTrainedEpochNotFromTheStart() {
        EpochEvaluationListener listener = new EpochEvaluationListener("nais-prod", null, null,
                5, 1, 5, SelectionMetric.FULL);
        listener.restore(new EvaluationState(List.of(evaluated(0, 0.5), evaluated(1, 0.1),
                evaluated(2, 0.2)), 0, null, null));
        assertEquals(0, listener.best().epoch(), "the start stays the best");
        assertEquals(0, listener.evaluationsSinceBest(), "epoch 2 improved on epoch 1");
        listener.restore(new EvaluationState(List.of(evaluated(0, 0.5), evaluated(1, 0.2),
                evaluated(2, 0.1)), 0, null, null));
        assertEquals(1, listener.evaluationsSinceBest(), "epoch 2 did not");
    }
}
