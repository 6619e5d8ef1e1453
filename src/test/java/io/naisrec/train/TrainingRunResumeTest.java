package io.naisrec.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.naisrec.data.DataException;
import io.naisrec.data.InteractionDataset;
import io.naisrec.data.InteractionLog;
import io.naisrec.data.LeaveOneOutSplit;
import io.naisrec.model.ItemSimilarityConfig;
import io.naisrec.model.ModelKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@link TrainingRun} stopped and resumed from its {@link Checkpoint} through the library
 * alone (no command line): the checkpoint holds the kind, configuration and settings, and the
 * resumed run ends with the metrics and parameters of one that never stopped.
 */
class TrainingRunResumeTest {

    private static final int EPOCHS = 4;

    @TempDir
    Path dir;

    private static LeaveOneOutSplit split() {
        SplittableRandom random = new SplittableRandom(17);
        InteractionLog log = new InteractionLog();
        for (int u = 0; u < 40; u++) {
            for (int k = 0; k < 9; k++) {
                log.add("u" + u, "i" + ((u % 4) * 9 + random.nextInt(14)), k);
            }
        }
        return LeaveOneOutSplit.of(InteractionDataset.of("small", log), 20, 1);
    }

    /** A learned β and α other than the defaults: the configuration must come back exactly. */
    private static final ItemSimilarityConfig CONFIG =
            ItemSimilarityConfig.builder().optEmbeddingSize(8)
            .optAttentionSize(4).optLearnBeta(true).optAlpha(0.3f).build();

    private static TrainingSettings settings(int epochs) {
        return TrainingSettings.builder().optEpochs(epochs).optLearningRate(0.05f)
                .optNegatives(2).optBatchSize(24).optSeed(7).optK(5).build();
    }

    @Test
    void aRunResumedFromItsCheckpointInJavaEndsAsOneThatNeverStopped() {
        LeaveOneOutSplit split = split();
        Path checkpoint = dir.resolve("run.checkpoint");
        TrainingRun.builder().setKind(ModelKind.NAIS_PROD).optConfig(CONFIG)
                .optSettings(settings(2)).optCheckpoint(checkpoint).build().train(split)
                .close();

        Checkpoint saved = Checkpoint.read(checkpoint);
        assertEquals(2, saved.epoch());
        assertEquals(ModelKind.NAIS_PROD, saved.kind());
        assertEquals(CONFIG, saved.config());
        assertEquals(settings(2), saved.settings());
        try (TrainingResult resumed = TrainingRun.resume(saved).optCheckpoint(checkpoint)
                .optSettings(saved.settings().toBuilder().optEpochs(EPOCHS).build()).build()
                .train(split);
                TrainingResult straight = TrainingRun.builder().setKind(ModelKind.NAIS_PROD)
                        .optConfig(CONFIG).optSettings(settings(EPOCHS)).build().train(split)) {
            assertEquals(EPOCHS, resumed.epochs().size());
            for (int e = 0; e < EPOCHS; e++) {
                EpochRecord a = straight.epochs().get(e);
                EpochRecord b = resumed.epochs().get(e);
                assertEquals(a.loss(), b.loss(), 0.0, "loss of epoch " + (e + 1));
                assertEquals(a.hitRatio(), b.hitRatio(), 0.0, "HR of epoch " + (e + 1));
                assertEquals(a.ndcg(), b.ndcg(), 0.0, "NDCG of epoch " + (e + 1));
                assertEquals(a.beta(), b.beta(), 0.0, "β of epoch " + (e + 1));
            }
            assertEquals(straight.best().epoch(), resumed.best().epoch());
            assertEquals(straight.testEvaluation().hitRatio(),
                    resumed.testEvaluation().hitRatio(), 0.0);
            assertEquals(straight.testEvaluation().ndcg(), resumed.testEvaluation().ndcg(), 0.0);
            for (String name : straight.block().getParameters().keys()) {
                assertArrayEquals(straight.block().getParameters().get(name).getArray()
                        .toFloatArray(), resumed.block().getParameters().get(name).getArray()
                        .toFloatArray(), name);
            }
        }
        assertEquals(EPOCHS, Checkpoint.read(checkpoint).epoch(), "checkpointing goes on");
    }

    @Test
    void aResumeKeepsTheCheckpointsModelAndNeedsMoreEpochs() {
        LeaveOneOutSplit split = split();
        Path checkpoint = dir.resolve("one.checkpoint");
        TrainingRun.builder().setKind(ModelKind.FISM).optConfig(ItemSimilarityConfig.builder()
                .optEmbeddingSize(8).build()).optSettings(settings(1)).optCheckpoint(checkpoint)
                .build().train(split).close();
        Checkpoint saved = Checkpoint.read(checkpoint);
        TrainingSettings longer = saved.settings().toBuilder().optEpochs(2).build();
        IllegalArgumentException kind = assertThrows(IllegalArgumentException.class,
                () -> TrainingRun.resume(saved).setKind(ModelKind.NAIS_PROD)
                        .optConfig(saved.config()).optSettings(longer).build());
        assertTrue(kind.getMessage().contains("the checkpoint is of a fism run"),
                kind.getMessage());
        IllegalArgumentException config = assertThrows(IllegalArgumentException.class,
                () -> TrainingRun.resume(saved).optSettings(longer)
                        .optConfig(saved.config().toBuilder().optEmbeddingSize(16).build())
                        .build());
        assertTrue(config.getMessage().contains("keeps its model configuration"),
                config.getMessage());
        IllegalArgumentException done = assertThrows(IllegalArgumentException.class,
                () -> TrainingRun.resume(saved).build());
        assertTrue(done.getMessage().contains("already completed 1 epochs"), done.getMessage());
    }

    @Test
    void onlyTheResumableSettingsChange() {
        TrainingSettings original = settings(2);
        TrainingSettings wanted = original.toBuilder().optEpochs(9).optPatience(3)
                .optEvaluateEvery(2).optLearningRate(0.5f).optSeed(99).build();
        TrainingSettings resumed = original.withChangesFrom(wanted,
                TrainingSettings.CHANGEABLE_ON_RESUME);
        assertEquals(original.toBuilder().optEpochs(9).optPatience(3).optEvaluateEvery(2)
                .build(), resumed, "epochs, patience and evaluate-every change; the rest stay");
        assertEquals(original.toBuilder().optEpochs(9).build(),
                original.withChangesFrom(wanted, List.of("epochs")));
        IllegalArgumentException seed = assertThrows(IllegalArgumentException.class,
                () -> original.withChangesFrom(wanted, List.of("seed")));
        assertTrue(seed.getMessage().contains("keeps its seed"), seed.getMessage());
    }

    @Test
    void aCheckpointOfTheOldFormatIsOneLine() throws Exception {
        Path old = dir.resolve("old.checkpoint");
        Files.createDirectories(old);
        Files.writeString(old.resolve(Checkpoint.STATE_FILE), "{\"format\": 1, \"epoch\": 2, "
                + "\"description\": {\"args\": [\"--epochs\", \"5\"]}}");
        DataException e = assertThrows(DataException.class, () -> Checkpoint.read(old));
        assertTrue(e.getMessage().contains("a checkpoint of format 1")
                && e.getMessage().contains("train again") && !e.getMessage().contains("\n"),
                e.getMessage());
    }
}
