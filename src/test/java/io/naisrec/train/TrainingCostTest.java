package io.naisrec.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Batch;
import io.naisrec.data.InteractionDataset;
import io.naisrec.data.InteractionLog;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TrainingCostTest {

    /** 12 users with 3 to 25 items of 60. */
    private static InteractionDataset data() {
        InteractionLog log = new InteractionLog();
        SplittableRandom random = new SplittableRandom(8);
        for (int u = 0; u < 12; u++) {
            int length = 3 + 2 * u;
            for (int k = 0; k < length; k++) {
                log.add("u" + u, "i" + ((u * 11 + k * 7 + random.nextInt(3)) % 60), k);
            }
        }
        return InteractionDataset.of("t", log);
    }

    @Test
    void theCountedWorkIsWhatTheTrainingBatchesHold() throws Exception {
        InteractionDataset data = data();
        TrainingSettings settings = TrainingSettings.builder().optNegatives(3).optBatchSize(7)
                .build();
        for (int cap : new int[] {0, 4}) {
            long samples = 0;
            long pairs = 0;
            long rows = 0;
            TrainingSamples batches = new TrainingSamples(data, settings.negatives(),
                    settings.batchSize(), cap, settings.seed());
            try (NDManager manager = NDManager.newBaseManager()) {
                for (Batch batch : batches.epoch(0).getData(manager)) {
                    long size = batch.getSize();
                    long length = batch.getData().get(0).getShape().get(1);
                    samples += size;
                    pairs += size * length;
                    rows += length;
                    batch.close();
                }
            }
            assertEquals(new TrainingCost.Work(samples, pairs, rows),
                    TrainingCost.workPerEpoch(data, settings, cap), "history cap " + cap);
        }
    }

    @Test
    void theMatMulRateIsTwoNCubedOverTheFastestRoundAfterTheWarmUp() {
        // round r's product takes 40 − r ms, except the warm-up rounds, which are the fastest
        long[] durations = new long[16];
        for (int r = 0; r < 16; r++) {
            durations[r] = (r < 2 ? 1 : 40 - r) * 1_000_000L;
        }
        AtomicInteger calls = new AtomicInteger();
        long[] now = {0};
        double rate = TrainingCost.matMulFlopsPerSecond(Device.cpu(), 64, () -> {
            int call = calls.getAndIncrement();
            if (call % 2 == 1) {
                now[0] += durations[call / 2];
            }
            return now[0];
        });
        assertEquals(32, calls.get(), "two readings per round");
        assertEquals(2.0 * 64 * 64 * 64 / 0.025, rate, 1e-6, "2n³ flops over round 15's 25 ms");
    }
}
