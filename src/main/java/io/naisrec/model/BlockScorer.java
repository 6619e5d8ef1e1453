package io.naisrec.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Arrays;

/**
 * Scores candidates with a trained {@link ItemSimilarityBlock}: one forward pass per chunk of
 * candidates (chunks bound memory on long histories and large catalogues), all sharing the
 * user's history (the most recent {@code maxHistory} items when set). A
 * candidate that is itself in the history is masked out of its own history, as in training.
 * Calls are serialised; each runs in its own {@link NDManager} scope, closed before returning.
 */
public final class BlockScorer implements ItemScorer {

    /**
     * Most elements (candidates × {@link ItemSimilarityBlock#rowElements(int)}) of one pass's
     * largest tensor: 2^22 floats, 16 MiB, under the 32 MiB up to which glibc's
     * malloc serves blocks from its heap (the command line's setting, and the ceiling of glibc's
     * own adaptive threshold); larger tensors are fresh mappings, faulted in page by page on
     * every pass.
     */
    private static final long CHUNK_ELEMENTS = 1L << 22;

    private final ItemSimilarityBlock block;
    private final NDManager manager;

    /**
     * @param block an initialised block
     * @param manager the manager (and device) to score on; not closed by this scorer
     */
    public BlockScorer(ItemSimilarityBlock block, NDManager manager) {
        this.block = block;
        this.manager = manager;
    }

    @Override
    public void score(int[] history, int[] candidates, float[] scores) {
        float[] logits = forward(history, candidates);
        System.arraycopy(logits, 0, scores, 0, candidates.length);
    }

    private synchronized float[] forward(int[] history, int[] candidates) {
        return logits(block, manager, block.historyUsed(history), candidates);
    }

    /**
     * The block's logits of {@code candidates} for one history as given (already capped), one
     * forward pass per chunk of candidates, each in its own scope of {@code manager}. A
     * candidate in the history is masked out of it; an empty history scores the bias alone.
     * Not synchronised: callers serialise.
     */
    public static float[] logits(ItemSimilarityBlock block, NDManager manager, int[] history,
            int[] candidates) {
        int length = Math.max(1, history.length);
        int[] ids = history.length == 0 ? new int[] {block.numItems()} : history;
        int chunk = (int) Math.max(1, Math.min(candidates.length,
                CHUNK_ELEMENTS / block.rowElements(length)));
        float[] logits = new float[candidates.length];
        for (int from = 0; from < candidates.length; from += chunk) {
            int size = Math.min(chunk, candidates.length - from);
            float[] mask = new float[size * length];
            for (int c = 0; c < size && history.length > 0; c++) {
                for (int j = 0; j < length; j++) {
                    mask[c * length + j] = history[j] == candidates[from + c] ? 0f : 1f;
                }
            }
            try (NoGradient off = NoGradient.enter(); NDManager scope = manager.newSubManager()) {
                NDList inputs = new NDList(scope.create(ids, new Shape(1, length)),
                        scope.create(mask, new Shape(size, length)),
                        scope.create(Arrays.copyOfRange(candidates, from, from + size),
                                new Shape(size)));
                NDList out = block.forward(new ParameterStore(scope, false), inputs, false);
                System.arraycopy(out.get(0).toFloatArray(), 0, logits, from, size);
            }
        }
        return logits;
    }
}
