package io.naisrec.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.TruncatedNormalInitializer;

/**
 * Truncated normal (σ = 0.01, as the NAIS reference code) for an embedding table whose last row
 * is the padding row: that row starts at zero, and because the block masks padded positions it
 * receives no gradient and stays zero.
 */
final class PaddedEmbeddingInitializer implements Initializer {

    private final Initializer rows = new TruncatedNormalInitializer(0.01f);

    @Override
    public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
        NDArray table = rows.initialize(manager, shape, dataType);
        table.set(new NDIndex("-1, :"), 0f);
        return table;
    }
}
