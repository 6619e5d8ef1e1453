package io.naisrec.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import io.naisrec.data.IdMap;
import io.naisrec.data.InteractionDataset;
import io.naisrec.data.InteractionLog;
import io.naisrec.model.ItemSimilarityBlock;
import io.naisrec.model.ItemSimilarityConfig;
import io.naisrec.model.ModelKind;
import io.naisrec.model.RandomParameters;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** A model grown from a parent starts from the parent's parameters and new items' neighbours. */
class GrownStartTest {

    private static final int KNOWN = 5;
    private static final int ITEMS = 7;
    private static final int D = 4;
    private static final ItemSimilarityConfig CONFIG = ItemSimilarityConfig.builder()
            .optAttention(ItemSimilarityConfig.Attention.PROD).optEmbeddingSize(D)
            .optAttentionSize(3).build();

    /** u0 holds known 0, 1 and new 5; u1 known 2 and new 5, 6; u2 new 6 alone. */
    private static InteractionDataset data() {
        IdMap items = new IdMap();
        for (int i = 0; i < ITEMS; i++) {
            items.add("i" + i);
        }
        InteractionLog log = new InteractionLog(new IdMap(), items);
        String[][] histories = {{"i0", "i1", "i5"}, {"i2", "i5", "i6"}, {"i6"}};
        for (int u = 0; u < histories.length; u++) {
            for (int k = 0; k < histories[u].length; k++) {
                log.add("u" + u, histories[u][k], k);
            }
        }
        return InteractionDataset.of("grown", log);
    }

    @Test
    void knownItemsAndTheAttentionStartAsTheParentsNewItemsAsTheMeanOfTheirNeighbours() {
        try (NDManager manager = NDManager.newBaseManager()) {
            ItemSimilarityBlock parent = RandomParameters.seeded(1).initialize(
                    ModelKind.NAIS_PROD.newBlock(CONFIG, KNOWN), manager);
            ItemSimilarityBlock block = RandomParameters.seeded(2).zeroPaddingRow().initialize(
                    ModelKind.NAIS_PROD.newBlock(CONFIG, ITEMS), manager);
            float[] padding = row(block, ItemSimilarityBlock.HISTORY_EMBEDDING, ITEMS);
            GrownStart.apply(block, parent, data(), NewItemStart.COOCCURRENCE);
            for (var entry : block.getParameters()) {
                String name = entry.getKey();
                if (!isItemTable(name)) {
                    assertArrayEquals(parent.getParameters().get(name).getArray().toFloatArray(),
                            entry.getValue().getArray().toFloatArray(), name);
                    continue;
                }
                for (int i = 0; i < KNOWN; i++) {
                    assertArrayEquals(row(parent, name, i), row(block, name, i), name + " " + i);
                }
                float[] mean = new float[row(parent, name, 0).length];
                for (int i = 0; i < mean.length; i++) {
                    mean[i] = (row(parent, name, 0)[i] + row(parent, name, 1)[i]
                            + row(parent, name, 2)[i]) / 3;
                }
                assertArrayEquals(mean, row(block, name, 5), 1e-6f, name + " of new item 5");
                assertArrayEquals(row(parent, name, 2), row(block, name, 6), 1e-6f,
                        name + " of new item 6, whose one known neighbour is 2");
            }
            assertArrayEquals(padding, row(block, ItemSimilarityBlock.HISTORY_EMBEDDING, ITEMS),
                    "the padding row stays the new model's");
        }
    }

    @Test
    void aRandomStartLeavesTheNewItemsAsInitialised() {
        try (NDManager manager = NDManager.newBaseManager()) {
            ItemSimilarityBlock parent = RandomParameters.seeded(1).initialize(
                    ModelKind.NAIS_PROD.newBlock(CONFIG, KNOWN), manager);
            ItemSimilarityBlock block = RandomParameters.seeded(2).initialize(
                    ModelKind.NAIS_PROD.newBlock(CONFIG, ITEMS), manager);
            float[] before = row(block, ItemSimilarityBlock.TARGET_EMBEDDING, 5);
            GrownStart.apply(block, parent, data(), NewItemStart.RANDOM);
            assertArrayEquals(before, row(block, ItemSimilarityBlock.TARGET_EMBEDDING, 5));
            assertArrayEquals(row(parent, ItemSimilarityBlock.TARGET_EMBEDDING, 4),
                    row(block, ItemSimilarityBlock.TARGET_EMBEDDING, 4));
            assertEquals(NewItemStart.RANDOM, NewItemStart.parse("Random"));
        }
    }

    private static boolean isItemTable(String name) {
        return name.equals(ItemSimilarityBlock.HISTORY_EMBEDDING)
                || name.equals(ItemSimilarityBlock.TARGET_EMBEDDING)
                || name.equals(ItemSimilarityBlock.ITEM_BIAS);
    }

    private static float[] row(ItemSimilarityBlock block, String name, int item) {
        float[] all = block.getParameters().get(name).getArray().toFloatArray();
        int width = (int) block.getParameters().get(name).getArray().getShape().get(1);
        return Arrays.copyOfRange(all, item * width, (item + 1) * width);
    }
}
