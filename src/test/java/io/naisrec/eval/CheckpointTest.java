package io.naisrec.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import io.naisrec.data.InteractionDataset;
import io.naisrec.data.InteractionLog;
import io.naisrec.data.LeaveOneOutSplit;
import io.naisrec.model.NaisConfig;
import io.naisrec.train.TrainingSettings;
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
        NaisConfig config = NaisConfig.builder().optEmbeddingSize(8).optAttentionSize(4).build();
        Path checkpoint = dir.resolve("ckpt");
        TrainingRun.Result good = TrainingRun.run(TrainingRun.Kind.NAIS, config,
                new TrainingSettings(1, 0.05f, 2, 32, 1), split, Device.cpu(), 5, 1, null,
                new TrainingRun.Checkpointing(checkpoint, Map.of("note", "test"), null));
        good.model().close();
        Checkpoint saved = Checkpoint.read(checkpoint);
        assertEquals(1, saved.epoch());
        assertEquals("test", saved.description().get("note").getAsString());
        byte[] parameters = Files.readAllBytes(checkpoint.resolve("parameters.bin"));

        IllegalStateException diverged = assertThrows(IllegalStateException.class,
                () -> TrainingRun.run(TrainingRun.Kind.NAIS, config,
                        new TrainingSettings(3, 1e30f, 2, 32, 1), split, Device.cpu(), 5, 1,
                        null, new TrainingRun.Checkpointing(checkpoint, Map.of("note", "test"),
                                saved)));
        assertTrue(diverged.getMessage().contains("training diverged in epoch 2"),
                diverged.getMessage());
        assertEquals(1, Checkpoint.read(checkpoint).epoch(), "the last good checkpoint stays");
        assertArrayEquals(parameters, Files.readAllBytes(checkpoint.resolve("parameters.bin")));
    }
}
