package io.naisrec.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Batch;
import io.naisrec.data.InteractionDataset;
import io.naisrec.data.InteractionLog;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class TrainingSamplesTest {

    /** Users u0..u3 with items u..u+4; x with i0..i9; y with i10, i11 (12 items). */
    private static InteractionDataset data() {
        InteractionLog log = new InteractionLog();
        for (int u = 0; u < 4; u++) {
            for (int k = 0; k < 5; k++) {
                log.add("u" + u, "i" + (u + k), k);
            }
        }
        for (int i = 0; i < 10; i++) {
            log.add("x", "i" + i, 0);
        }
        log.add("y", "i10", 0);
        log.add("y", "i11", 1);
        return InteractionDataset.of("t", log);
    }

    /** history, mask, targets and labels of every batch, as arrays. */
    private static List<float[][]> epoch(TrainingSamples samples, int epoch) throws Exception {
        List<float[][]> batches = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            for (Batch batch : samples.epoch(epoch).getData(manager)) {
                batches.add(new float[][] {
                    toFloat(batch.getData().get(0).toIntArray()),
                    TrainingSamples.blockInputs(batch.getData(), 0, batch.getSize()).get(1)
                            .toFloatArray(),
                    toFloat(batch.getData().get(2).toIntArray()),
                    batch.getLabels().get(0).toFloatArray()});
                batch.close();
            }
        }
        return batches;
    }

    @Test
    void positivesMaskTheirTargetAndNegativesAreNeverInteracted() throws Exception {
        InteractionDataset data = data();
        TrainingSamples samples = new TrainingSamples(data, 4, 1000, 0, 5);
        int total = 0;
        for (float[][] b : epoch(samples, 0)) {
            float[] history = b[0];
            int length = history.length;
            for (int row = 0; row < b[2].length; row++) {
                int target = (int) b[2][row];
                total++;
                for (int j = 0; j < length; j++) {
                    boolean isTarget = (int) history[j] == target;
                    float m = b[1][row * length + j];
                    if (b[3][row] == 1f) {
                        assertEquals(isTarget ? 0f : 1f, m, "positive masks only its target");
                    } else {
                        assertFalse(isTarget, "negative outside the history");
                        assertEquals(1f, m);
                    }
                }
            }
        }
        assertEquals(samples.samplesPerEpoch(), total);
        assertEquals((4 * 5 + 10 + 2) * 5, total);
    }

    @Test
    void batchSizeSplitsHeavyUsersAndOrderIsSeeded() throws Exception {
        TrainingSamples samples = new TrainingSamples(data(), 4, 7, 0, 5);
        List<float[][]> first = epoch(samples, 0);
        assertTrue(first.stream().allMatch(b -> b[2].length <= 7));
        assertEquals(4 * 4 + 8 + 2, first.size(), "25 samples per u, 50 for x, 10 for y");
        List<float[][]> again = epoch(new TrainingSamples(data(), 4, 7, 0, 5), 0);
        for (int k = 0; k < first.size(); k++) {
            assertArrayEquals(first.get(k)[2], again.get(k)[2], "same seed, same epoch");
        }
        List<float[][]> next = epoch(samples, 1);
        boolean differs = false;
        for (int k = 0; k < first.size(); k++) {
            differs |= !java.util.Arrays.equals(first.get(k)[2], next.get(k)[2]);
        }
        assertTrue(differs, "negatives and order are redrawn each epoch");
    }

    @Test
    void batchesPreparedAheadArriveInOrderAndAnAbandonedPassLeavesNoTrace() throws Exception {
        TrainingSamples samples = new TrainingSamples(data(), 4, 7, 0, 5);
        List<float[][]> whole = epoch(samples, 0);
        try (NDManager manager = NDManager.newBaseManager()) {
            Iterator<Batch> abandoned = samples.epoch(0).getData(manager).iterator();
            abandoned.next().close();  // the next batch is already being prepared
        }
        List<float[][]> again = epoch(samples, 0);
        assertEquals(whole.size(), again.size());
        for (int k = 0; k < whole.size(); k++) {
            for (int part = 0; part < 4; part++) {
                assertArrayEquals(whole.get(k)[part], again.get(k)[part], "batch " + k);
            }
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            Iterator<Batch> batches = samples.epoch(0).getData(manager).iterator();
            for (int k = 0; k < whole.size(); k++) {
                Batch batch = batches.next();
                assertEquals(k + 1, batch.getProgress());
                batch.close();
            }
            assertFalse(batches.hasNext());
            assertThrows(NoSuchElementException.class, batches::next);
        }
    }

    @Test
    void eachTrainingInteractionIsAPositiveExactlyOncePerEpoch() throws Exception {
        InteractionDataset data = data();
        for (int epoch = 0; epoch < 2; epoch++) {
            java.util.Map<String, Integer> seen = new java.util.HashMap<>();
            for (float[][] b : epoch(new TrainingSamples(data, 3, 7, 0, 5), epoch)) {
                String history = java.util.Arrays.toString(b[0]);
                for (int row = 0; row < b[2].length; row++) {
                    if (b[3][row] == 1f) {
                        seen.merge(history + " -> " + (int) b[2][row], 1, Integer::sum);
                    }
                }
            }
            java.util.Map<String, Integer> expected = new java.util.HashMap<>();
            for (int u = 0; u < data.numUsers(); u++) {
                String history = java.util.Arrays.toString(toFloat(data.history(u)));
                for (int item : data.history(u)) {
                    expected.put(history + " -> " + item, 1);
                }
            }
            assertEquals(expected, seen, "epoch " + epoch);
        }
    }

    @Test
    void maxHistoryMakesTheMostRecentItemsAUsersWholeTrainingData() throws Exception {
        InteractionDataset data = data();
        java.util.Map<String, int[]> byHistory = new java.util.HashMap<>();
        for (int u = 0; u < data.numUsers(); u++) {
            int[] whole = data.history(u);
            byHistory.put(java.util.Arrays.toString(toFloat(java.util.Arrays.copyOfRange(whole,
                    Math.max(0, whole.length - 2), whole.length))), whole);
        }
        TrainingSamples samples = new TrainingSamples(data, 4, 0, 2, 5);
        long total = 0;
        for (float[][] b : epoch(samples, 0)) {
            int[] whole = byHistory.get(java.util.Arrays.toString(b[0]));
            assertTrue(whole != null, "a batch's history is a user's 2 most recent items");
            java.util.Set<Integer> kept = java.util.Set.of((int) b[0][0], (int) b[0][b[0].length - 1]);
            java.util.Set<Integer> positives = new java.util.HashSet<>();
            int length = b[0].length;
            for (int row = 0; row < b[2].length; row++) {
                int target = (int) b[2][row];
                if (b[3][row] == 1f) {
                    positives.add(target);
                } else {
                    assertFalse(kept.contains(target), "negatives avoid the kept items");
                }
                for (int j = 0; j < length; j++) {
                    assertEquals(b[3][row] == 1f && (int) b[0][j] == target ? 0f : 1f,
                            b[1][row * length + j], "a positive is masked where it sits");
                }
            }
            assertEquals(kept, positives, "only the kept items are positives");
            total += b[2].length;
        }
        assertEquals(total, samples.samplesPerEpoch());
        assertEquals((4 * 2 + 2 + 2) * 5, total, "2 items for every user, × (1 + 4)");
    }

    private static float[] toFloat(int[] values) {
        float[] out = new float[values.length];
        for (int k = 0; k < values.length; k++) {
            out[k] = values[k];
        }
        return out;
    }
}
