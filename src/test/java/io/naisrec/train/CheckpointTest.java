package io.naisrec.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.naisrec.data.InteractionDataset;
import io.naisrec.data.InteractionLog;
import io.naisrec.data.LeaveOneOutSplit;
import io.naisrec.model.ItemSimilarityConfig;
import io.naisrec.model.ModelKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {

    @TempDir
    Path dir;

    private static LeaveOneOutSplit split() {
        SplittableRandom random = new SplittableRandom(9);
        InteractionLog log = new InteractionLog();
        for (int u = 0; u < 30; u++) {
            for (int k = 0; k < 8; k++) {
                log.add("u" + u, "i" + random.nextInt(30), k);
            }
        }
        return LeaveOneOutSplit.of(InteractionDataset.of("small", log), 20, 1);
    }

    @Test
    void aDivergingContinuationKeepsTheLastGoodCheckpoint() throws Exception {
        LeaveOneOutSplit split = split();
        ItemSimilarityConfig config = ItemSimilarityConfig.builder().optEmbeddingSize(
                8).optAttentionSize(4).build();
        Path checkpoint = dir.resolve("ckpt");
        TrainingSettings settings = TrainingSettings.builder().optEpochs(1).optLearningRate(0.05f)
                .optNegatives(2).optBatchSize(32).optSeed(1).optK(5).build();
        TrainingRun.builder().setKind(ModelKind.NAIS_PROD).optConfig(config)
                .optSettings(settings).optCheckpoint(checkpoint, Map.of("note", "test")).build()
                .train(split).close();
        Checkpoint saved = Checkpoint.read(checkpoint);
        assertEquals(1, saved.epoch());
        assertEquals("test", saved.description().get("note").getAsString());
        byte[] parameters = Files.readAllBytes(checkpoint.resolve("parameters.bin"));

        TrainingRun diverging = TrainingRun.builder().setKind(ModelKind.NAIS_PROD)
                .optConfig(config).optSettings(settings.toBuilder().optEpochs(3)
                        .optLearningRate(1e30f).build())
                .optCheckpoint(checkpoint, Map.of("note", "test")).optResumeFrom(saved).build();
        TrainingDivergedException diverged = assertThrows(TrainingDivergedException.class,
                () -> diverging.train(split));
        assertEquals(2, diverged.epoch(), diverged.getMessage());
        assertTrue(diverged.getMessage().contains("training diverged in epoch 2, batch ")
                && diverged.getMessage().contains("the last good checkpoint is in "
                        + checkpoint + " (epoch 1)"), diverged.getMessage());
        assertEquals(1, Checkpoint.read(checkpoint).epoch(), "the last good checkpoint stays");
        assertArrayEquals(parameters, Files.readAllBytes(checkpoint.resolve("parameters.bin")));
    }
}
