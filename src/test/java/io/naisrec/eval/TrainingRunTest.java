package io.naisrec.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import io.naisrec.data.InteractionDataset;
import io.naisrec.data.InteractionLog;
import io.naisrec.data.LeaveOneOutSplit;
import io.naisrec.model.NaisConfig;
import io.naisrec.train.TrainingSettings;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TrainingRunTest {

    private static LeaveOneOutSplit small() {
        SplittableRandom random = new SplittableRandom(3);
        InteractionLog log = new InteractionLog();
        for (int u = 0; u < 40; u++) {
            for (int k = 0; k < 8; k++) {
                log.add("u" + u, "i" + ((u % 5) * 10 + random.nextInt(12)), k);
            }
        }
        return LeaveOneOutSplit.of(InteractionDataset.of("small", log), 20, 1);
    }

    private static TrainingRun.Result run(LeaveOneOutSplit split, long seed) {
        NaisConfig config = NaisConfig.builder().optEmbeddingSize(8).optAttentionSize(4).build();
        TrainingSettings settings = new TrainingSettings(2, 0.05f, 2, 16, seed);
        TrainingRun.Result fism = TrainingRun.run(TrainingRun.Kind.FISM, config, settings, split,
                Device.cpu(), 5, 1, null);
        try (var owner = fism.model()) {
            return TrainingRun.run(TrainingRun.Kind.NAIS, config, settings, split, Device.cpu(),
                    5, 1, fism.block());
        }
    }

    @Test
    void sameSeedGivesIdenticalMetricsAndParameters() {
        LeaveOneOutSplit split = small();
        TrainingRun.Result a = run(split, 11);
        TrainingRun.Result b = run(split, 11);
        try (var ma = a.model(); var mb = b.model()) {
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
            TrainingRun.Result c = run(split, 12);
            try (var mc = c.model()) {
                assertTrue(c.epochs().get(0).loss() != a.epochs().get(0).loss(),
                        "another seed trains differently");
            }
        }
    }

    @Test
    void bestEpochIsRestoredAndLossDecreases() {
        LeaveOneOutSplit split = small();
        NaisConfig config = NaisConfig.builder().optEmbeddingSize(8).build();
        TrainingRun.Result result = TrainingRun.run(TrainingRun.Kind.FISM, config,
                new TrainingSettings(4, 0.05f, 2, 64, 1), split, Device.cpu(), 5, 2, null);
        try (var owner = result.model()) {
            assertTrue(result.epochs().get(3).loss() < result.epochs().get(0).loss());
            assertTrue(Double.isNaN(result.epochs().get(0).hitRatio()), "epoch 1 not evaluated");
            assertEquals(result.best().hitRatio(), new LeaveOneOutEvaluator(5).sampled(split,
                    new io.naisrec.model.BlockScorer(result.block(),
                            result.model().getNDManager())).hitRatio(), 0.0,
                    "the returned parameters are the best epoch's");
        }
    }

    @Test
    void absurdLearningRateStopsWithAClearMessage() {
        LeaveOneOutSplit split = small();
        NaisConfig config = NaisConfig.builder().optEmbeddingSize(8).build();
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalStateException.class, () -> TrainingRun.run(TrainingRun.Kind.NAIS, config,
                        new TrainingSettings(2, 1e30f, 2, 64, 1), split, Device.cpu(), 5, 1,
                        null));
        assertTrue(e.getMessage().contains("training diverged"), e.getMessage());
    }
}
