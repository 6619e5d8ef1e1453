package io.naisrec.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import io.naisrec.data.InteractionDataset;
import io.naisrec.model.ItemSimilarityBlock;
import io.naisrec.model.NoGradient;
import java.util.Arrays;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The start of a model grown from a parent of the same kind and configuration whose items are
 * this model's first ones (in the same order): every parameter that does not depend on the items
 * (the attention network, a learned β) is the parent's; the item tables (Q, P, bias) have the
 * parent's rows for the items it knows, and for the items appended after them rows chosen by a
 * {@link NewItemStart}. The padding row of Q stays this model's (zero).
 */
final class GrownStart {

    private static final Logger LOG = LoggerFactory.getLogger(GrownStart.class);
    private static final Set<String> ITEM_TABLES = Set.of(ItemSimilarityBlock.HISTORY_EMBEDDING,
            ItemSimilarityBlock.TARGET_EMBEDDING, ItemSimilarityBlock.ITEM_BIAS);

    private GrownStart() {}

    /**
     * Sets {@code block} (initialised) from {@code parent}, new items starting by {@code start}
     * from the histories of {@code data} (the interactions the model trains on). Call outside a
     * gradient collector.
     */
    static void apply(ItemSimilarityBlock block, ItemSimilarityBlock parent,
            InteractionDataset data, NewItemStart start) {
        int known = parent.numItems();
        int started = 0;
        try (NoGradient off = NoGradient.enter()) {
            for (var entry : block.getParameters()) {
                String name = entry.getKey();
                NDArray to = entry.getValue().getArray();
                NDArray from = parent.getParameters().get(name).getArray();
                if (!ITEM_TABLES.contains(name)) {
                    to.set(new NDIndex(":"), from.toDevice(to.getDevice(), false));
                    continue;
                }
                int width = (int) to.getShape().get(1);
                float[] rows = to.toFloatArray();
                float[] parentRows = from.toFloatArray();
                System.arraycopy(parentRows, 0, rows, 0, known * width);
                if (start == NewItemStart.COOCCURRENCE) {
                    started = meanOfCooccurring(rows, width, known, block.numItems(), data);
                }
                to.set(new NDIndex(":"), to.getManager().create(rows, to.getShape())
                        .toDevice(to.getDevice(), false));
            }
        }
        LOG.info("Grown from a model of {} items: {} new items, {} of them started from the "
                + "items they co-occur with ({})", known, block.numItems() - known, started,
                start.id());
    }

    /**
     * Sets the rows of the new items (indices {@code known} to {@code numItems}) that share a
     * history with a known item to the mean of the known items' rows over those histories;
     * returns how many it set.
     */
    private static int meanOfCooccurring(float[] rows, int width, int known, int numItems,
            InteractionDataset data) {
        int added = numItems - known;
        double[] sums = new double[added * width];
        long[] counts = new long[added];
        double[] history = new double[width];
        for (int u = 0; u < data.numUsers(); u++) {
            int[] items = data.history(u);
            Arrays.fill(history, 0);
            int knownHere = 0;
            for (int item : items) {
                if (item < known) {
                    knownHere++;
                    for (int d = 0; d < width; d++) {
                        history[d] += rows[item * width + d];
                    }
                }
            }
            if (knownHere == 0) {
                continue;
            }
            for (int item : items) {
                if (item >= known) {
                    int at = item - known;
                    counts[at] += knownHere;
                    for (int d = 0; d < width; d++) {
                        sums[at * width + d] += history[d];
                    }
                }
            }
        }
        int set = 0;
        for (int at = 0; at < added; at++) {
            if (counts[at] > 0) {
                set++;
                for (int d = 0; d < width; d++) {
                    rows[(known + at) * width + d] = (float) (sums[at * width + d] / counts[at]);
                }
            }
        }
        return set;
    }
}
