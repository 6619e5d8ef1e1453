package io.naisrec.model;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;

/**
 * The first stage of two-stage ranking: a cheap score of every catalogue item for a batch of
 * {@link RaggedHistory ragged histories}, whose best items {@link RaggedRanking#twoStage} passes
 * to the model to re-rank. {@link FismCandidates} is one; any model that scores the whole
 * catalogue at once can be another.
 */
@FunctionalInterface
public interface FirstStage {

    /**
     * Every catalogue item's first-stage score for each user, (U, N) float32; −∞ for the items
     * of the user's whole history, which are never proposed.
     */
    NDArray scores(ParameterStore store, RaggedHistory histories);
}
