package io.naisrec.zoo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import io.naisrec.data.Folders;
import io.naisrec.model.ItemSimilarityBlock;
import io.naisrec.model.NaisBlock;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a model's parameters as a NumPy {@code .npz}, one named array each, rows in the order
 * of {@code items.tsv}: {@code history_embedding} (N, d) (without the padding row),
 * {@code target_embedding} (N, d), {@code item_bias} (N); for NAIS also {@code attention_W}
 * (d, k) for prod or (2d, k) for concat (the target part first), {@code attention_b} (k),
 * {@code attention_h} (k) and {@code beta} (1), the β in use (learned or fixed). Written to a
 * temporary file and moved into place.
 */
public final class NpzExport {

    private NpzExport() {}

    /** Writes the arrays of {@code model} to {@code file}. */
    public static void write(ModelDirectory.Loaded model, Path file) throws IOException {
        write(model.block(), model.model().getNDManager(), file);
    }

    /** Writes the arrays of an initialised {@code block} to {@code file}, working in {@code parent}. */
    public static void write(ItemSimilarityBlock block, NDManager parent, Path file)
            throws IOException {
        int n = block.numItems();
        try (NDManager manager = parent.newSubManager()) {
            NDList arrays = new NDList();
            arrays.add(named(copy(manager, block, ItemSimilarityBlock.HISTORY_EMBEDDING)
                    .get(new NDIndex("0:" + n)), "history_embedding"));
            arrays.add(named(copy(manager, block, ItemSimilarityBlock.TARGET_EMBEDDING),
                    "target_embedding"));
            arrays.add(named(copy(manager, block, ItemSimilarityBlock.ITEM_BIAS).reshape(-1),
                    "item_bias"));
            var parameters = block.getParameters();
            if (parameters.contains("attention_w")) {
                arrays.add(named(copy(manager, block, "attention_w"), "attention_W"));
            } else if (parameters.contains("attention_w_target")) {
                arrays.add(named(copy(manager, block, "attention_w_target").concat(
                        copy(manager, block, "attention_w_history"), 0), "attention_W"));
            }
            if (parameters.contains("attention_b")) {
                arrays.add(named(copy(manager, block, "attention_b"), "attention_b"));
                arrays.add(named(copy(manager, block, "attention_h").reshape(-1),
                        "attention_h"));
            }
            if (block instanceof NaisBlock nais) {
                arrays.add(named(manager.create(new float[] {nais.beta()}), "beta"));
            }
            Folders.writeAtomically(file, temp -> {
                try (OutputStream out = Files.newOutputStream(temp)) {
                    arrays.encode(out, NDList.Encoding.NPZ);
                }
            });
        }
    }

    private static NDArray copy(NDManager manager, ItemSimilarityBlock block, String name) {
        NDArray parameter = block.getParameters().get(name).getArray();
        return manager.create(parameter.toFloatArray(), parameter.getShape());
    }

    private static NDArray named(NDArray array, String name) {
        array.setName(name);
        return array;
    }
}
