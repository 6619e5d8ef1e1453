package io.naisrec.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import io.naisrec.data.InteractionDataset;
import io.naisrec.data.InteractionLog;
import io.naisrec.model.NaisConfig;
import org.junit.jupiter.api.Test;

class TrainingCostTest {

    @Test
    void countsPairsBatchesAndSamplesByHand() {
        InteractionLog log = new InteractionLog();
        for (int k = 0; k < 3; k++) {
            log.add("a", "i" + k, k);
        }
        log.add("b", "i0", 0);
        InteractionDataset train = InteractionDataset.of("t", log);
        TrainingSettings settings = new TrainingSettings(1, 0.01f, 1, 4, 1);
        NaisConfig config = NaisConfig.builder().optEmbeddingSize(2).optAttentionSize(3).build();
        // user a: 3 × 2 = 6 samples in 2 batches, history 3; user b: 2 samples, 1 batch, history 1
        double fism = 3 * (6 * (3 * 4.0 + 4) + 2 * (1 * 4.0 + 4));
        assertEquals(fism, TrainingCost.flopsPerEpoch(train, settings, config, null), 1e-9);
        double prodPair = 2 * 2 * 3 + 4 * 3 + 6 + 2 * 2;
        double prod = 3 * (6 * (3 * prodPair + 4) + 2 * (prodPair + 4));
        assertEquals(prod, TrainingCost.flopsPerEpoch(train, settings, config,
                NaisConfig.Attention.PROD), 1e-9);
        double concatPair = 5 * 3 + 6 + 2 * 2;
        double concat = 3 * (6 * (3 * concatPair + 4 + 12) + 2 * 3 * 12
                + 2 * (concatPair + 4 + 12) + 1 * 12);
        assertEquals(concat, TrainingCost.flopsPerEpoch(train, settings, config,
                NaisConfig.Attention.CONCAT), 1e-9);
    }

    @Test
    void measuresAPlausibleMatMulRate() {
        double rate = TrainingCost.matMulFlopsPerSecond(Device.cpu(), 256);
        assertTrue(rate > 1e8 && rate < 1e13, "flop/s " + rate);
    }
}
