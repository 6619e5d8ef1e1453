package io.naisrec.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.listener.TrainingListenerAdapter;
import io.naisrec.data.InteractionDataset;
import io.naisrec.data.InteractionLog;
import io.naisrec.model.ItemSimilarityConfig;
import io.naisrec.model.NaisBlock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A heavy user's batch (one batch per user, as by default) trained in many passes gets the
 * gradient of the whole batch: every pass's share is accumulated before the optimizer's step.
 */
class HeavyUserPassesTest {

    /** A heavy user with 300 of 400 items and a light one with 30. */
    private static InteractionDataset data() {
        InteractionLog log = new InteractionLog();
        for (int k = 0; k < 300; k++) {
            log.add("heavy", "i" + (k * 7) % 400, k);
        }
        for (int k = 0; k < 30; k++) {
            log.add("light", "i" + (k * 13) % 400, k);
        }
        return InteractionDataset.of("t", log);
    }

    /** Every parameter's gradient (by name) just before the step, for each batch of 2 epochs. */
    private static List<Map<String, float[]>> gradients(long maxPairElements) {
        InteractionDataset data = data();
        NaisBlock block = new NaisBlock(ItemSimilarityConfig.builder().optEmbeddingSize(8)
                .optAttentionSize(4).build(), data.numItems());
        TrainingSettings settings = TrainingSettings.builder().optEpochs(2)
                .optLearningRate(0.05f).optSeed(3).build();
        ModelTrainer trainer = new ModelTrainer(settings, Device.cpu(), maxPairElements);
        List<Map<String, float[]>> gradients = new ArrayList<>();
        TrainingListener beforeStep = new TrainingListenerAdapter() {
            @Override
            public void onTrainingBatch(Trainer t, BatchData batchData) {
                Map<String, float[]> batch = new LinkedHashMap<>();
                block.getParameters().forEach(p -> batch.put(p.getKey(),
                        p.getValue().getArray().getGradient().toFloatArray()));
                gradients.add(batch);
            }
        };
        try (Model model = trainer.train("t", block, trainer.newOptimizer(block), data, 0,
                List.of(beforeStep))) {
            return gradients;
        }
    }

    @Test
    void aHeavyUsersBatchInPassesGetsTheWholeBatchsGradient() {
        List<Map<String, float[]>> whole = gradients(Long.MAX_VALUE);
        // 300 · 4 elements per row: 1,500 rows of the heavy user in 38 passes of 40 rows
        List<Map<String, float[]>> passes = gradients(300L * 4 * 40);
        assertEquals(4, whole.size());
        assertEquals(whole.size(), passes.size());
        for (int batch = 0; batch < whole.size(); batch++) {
            for (Map.Entry<String, float[]> entry : whole.get(batch).entrySet()) {
                float[] expected = entry.getValue();
                float[] actual = passes.get(batch).get(entry.getKey());
                double scale = 0;
                double error = 0;
                for (int k = 0; k < expected.length; k++) {
                    scale = Math.max(scale, Math.abs(expected[k]));
                    error = Math.max(error, Math.abs(expected[k] - actual[k]));
                }
                assertTrue(scale > 0, "batch " + batch + ": no gradient of " + entry.getKey());
                // the same sums in another order: float rounding, largest where rows cancel
                assertTrue(error <= 1e-3 * scale, "batch " + batch + ", " + entry.getKey()
                        + ": gradients differ by up to " + error + " (largest " + scale + ")");
            }
        }
    }
}
