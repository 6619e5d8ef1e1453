package io.naisrec.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDList;
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
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ModelTrainerTest {

    private static final TrainingSettings SETTINGS = TrainingSettings.builder().optEpochs(2)
            .optLearningRate(0.05f).optBatchSize(64).optSeed(3).build();

    /** 8 users with 10 to 24 of 40 items. */
    private static InteractionDataset data() {
        InteractionLog log = new InteractionLog();
        SplittableRandom random = new SplittableRandom(5);
        for (int u = 0; u < 8; u++) {
            int length = 10 + 2 * u;
            for (int k = 0; k < length; k++) {
                log.add("u" + u, "i" + ((u * 7 + k * 3 + random.nextInt(2)) % 40), k);
            }
        }
        return InteractionDataset.of("t", log);
    }

    /**
     * Parameters by name after training, and the loss of every batch; checks that the listeners
     * see one logit per sample of every batch.
     */
    private static Map<String, float[]> train(long maxPairElements, List<Float> losses) {
        return train(maxPairElements, losses, new ArrayList<>());
    }

    /**
     * As above; also records, at every batch's end, its size and how many arrays the trainer
     * holds.
     */
    private static Map<String, float[]> train(long maxPairElements, List<Float> losses,
            List<long[]> liveArrays) {
        InteractionDataset data = data();
        NaisBlock block = new NaisBlock(ItemSimilarityConfig.builder().optEmbeddingSize(8)
                .optAttentionSize(4).build(), data.numItems());
        ModelTrainer trainer = new ModelTrainer(SETTINGS, Device.cpu(), maxPairElements);
        Map<String, float[]> parameters = new LinkedHashMap<>();
        TrainingListener predictionsSeen = new TrainingListenerAdapter() {
            @Override
            public void onTrainingBatch(Trainer t, BatchData batchData) {
                losses.add(t.getMetrics().latestMetric(ModelTrainer.LOSS_METRIC).getValue()
                        .floatValue());
                NDList predictions = batchData.getPredictions().values().iterator().next();
                assertEquals(batchData.getBatch().getSize(), predictions.get(0).size());
                assertEquals(batchData.getBatch().getSize(), predictions.get(1).getShape().get(0));
                liveArrays.add(new long[] {batchData.getBatch().getSize(),
                        ((BaseNDManager) t.getManager()).getManagedArrays().size()});
            }
        };
        try (Model model = trainer.train("t", block, trainer.newOptimizer(block), data, 0,
                List.of(predictionsSeen))) {
            block.getParameters().forEach(p -> parameters.put(p.getKey(),
                    p.getValue().getArray().toFloatArray()));
        }
        return parameters;
    }

    @Test
    void batchesSplitIntoChunksTrainAsTheWholeBatch() {
        List<Float> wholeLosses = new ArrayList<>();
        List<Float> chunkedLosses = new ArrayList<>();
        Map<String, float[]> whole = train(Long.MAX_VALUE, wholeLosses);
        // at most 4 · 24 · 4 elements per pass: every batch of more than 4 rows is split
        Map<String, float[]> chunked = train(4L * 24 * 4, chunkedLosses);
        assertEquals(wholeLosses.size(), chunkedLosses.size());
        for (int k = 0; k < wholeLosses.size(); k++) {
            assertEquals(wholeLosses.get(k), chunkedLosses.get(k), 1e-5f, "loss of batch " + k);
        }
        assertEquals(whole.keySet(), chunked.keySet());
        whole.forEach((name, values) ->
                assertArrayEquals(values, chunked.get(name), 1e-5f, name));
        int half = wholeLosses.size() / 2;
        double first = wholeLosses.subList(0, half).stream().mapToDouble(x -> x).average()
                .orElseThrow();
        double second = wholeLosses.subList(half, wholeLosses.size()).stream()
                .mapToDouble(x -> x).average().orElseThrow();
        assertTrue(second < first, "the loss falls: " + first + " then " + second);
    }

    @Test
    void aChunksIntermediateArraysAreClosedOnceItsBackwardIsDone() {
        List<long[]> whole = new ArrayList<>();
        List<long[]> chunked = new ArrayList<>();
        train(Long.MAX_VALUE, new ArrayList<>(), whole);
        // at most 24 · 4 elements per pass: about one row per chunk
        train(24L * 4, new ArrayList<>(), chunked);
        assertEquals(whole.size(), chunked.size());
        for (int k = 0; k < whole.size(); k++) {
            long samples = whole.get(k)[0];
            // what may stay: each chunk's two predictions and the batch's concatenation of them
            long allowed = whole.get(k)[1] + 2 * samples + 2;
            assertTrue(chunked.get(k)[1] <= allowed, "batch " + k + " of " + samples
                    + " samples: " + chunked.get(k)[1] + " arrays alive when chunked, "
                    + whole.get(k)[1] + " whole");
        }
    }

    @Test
    void rejectsAnEmptyBoundPerPass() {
        assertThrows(IllegalArgumentException.class,
                () -> new ModelTrainer(SETTINGS, Device.cpu(), 0));
    }
}
