package io.naisrec.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;

/** In-place copies of named parameters between two initialised blocks of the same sizes. */
final class ParameterCopy {

    private ParameterCopy() {}

    /**
     * Copies {@code names} from {@code source} into {@code target}, outside any gradient.
     *
     * @throws IllegalArgumentException when the item counts, embedding sizes or a parameter's
     *     shapes differ
     */
    static void copy(ItemSimilarityBlock source, ItemSimilarityBlock target, String... names) {
        if (source.numItems() != target.numItems()
                || source.config().embeddingSize() != target.config().embeddingSize()) {
            throw new IllegalArgumentException("cannot initialise from a model with "
                    + source.numItems() + " items and embedding size "
                    + source.config().embeddingSize() + ": this one has " + target.numItems()
                    + " and " + target.config().embeddingSize());
        }
        try (NoGradient off = NoGradient.enter()) {
            for (String name : names) {
                NDArray from = source.getParameters().get(name).getArray();
                NDArray to = target.getParameters().get(name).getArray();
                if (!from.getShape().equals(to.getShape())) {
                    throw new IllegalArgumentException("parameter " + name + " has shape "
                            + from.getShape() + ", this model needs " + to.getShape());
                }
                // an indexed copy: set(Buffer) goes through a deprecated PyTorch guard that
                // prints a warning
                to.set(new NDIndex(":"), from.toDevice(to.getDevice(), false));
            }
        }
    }
}
