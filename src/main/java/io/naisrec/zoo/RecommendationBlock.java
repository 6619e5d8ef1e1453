package io.naisrec.zoo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.naisrec.model.FismCandidates;
import io.naisrec.model.ItemSimilarityBlock;
import io.naisrec.model.NoGradient;
import io.naisrec.model.RaggedHistory;

/**
 * The top K items of the whole catalogue for a batch of users, with the attention weights that
 * explain them, in one forward pass over tensors: the block of a model loaded for
 * {@link UserHistory} queries. It wraps the trained {@link ItemSimilarityBlock} (FISM or NAIS),
 * whose parameters it uses.
 *
 * <p>Dimensions: U users, T items of all their histories ({@link RaggedHistory}: no padding),
 * N catalogue items, M = min(candidates, N), K = min(topK, N) (min(topK, M) in two stages).
 *
 * <p>Inputs: items (T) int32, every user's known history items, user after user, oldest first,
 * each once; offsets (U) int32, where each user's items start. Outputs:
 * <ol>
 *   <li>items (U, K) int32, best first, never an item of the user's history;</li>
 *   <li>their logits (U, K) float32; −∞ where fewer than K items remain (or, ranking in two
 *       stages, are shortlisted);</li>
 *   <li>weights (T, K) float32: each history item's weight a_ij for each of its user's K items
 *       (0 beyond the model's history cap; FISM: 1).</li>
 * </ol>
 * Exact ranking scores every item, in chunks of the catalogue whose largest tensor holds at most
 * 2^22 elements (16 MiB). With {@code candidates} M &gt; 0 it ranks in two stages: the M best
 * items by {@link FismCandidates FISM-style scores}, re-scored by the model.
 */
public final class RecommendationBlock extends QueryBlock {

    /** Most elements of one pass's largest tensor: under glibc's 32 MiB mmap threshold. */
    private static final long CHUNK_ELEMENTS = 1L << 22;

    private final int candidates;

    /**
     * @param scorer a trained block, whose parameters this block uses
     * @param topK items per user, at least 1
     * @param candidates 0 for exact ranking, else the shortlist size M of two-stage ranking
     */
    public RecommendationBlock(ItemSimilarityBlock scorer, int topK, int candidates) {
        super(scorer, topK);
        if (candidates < 0) {
            throw new IllegalArgumentException("candidates must be >= 0, got " + candidates);
        }
        this.candidates = candidates;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        try (NoGradient off = NoGradient.enter()) {
            RaggedHistory histories = RaggedHistory.of(scorer(), store, inputs.get(0),
                    inputs.get(1));
            int n = scorer().numItems();
            NDArray items;
            NDArray scores;
            if (candidates == 0) {
                NDList best = exact(store, histories).topK(k(), 1);
                scores = best.get(0);
                items = best.get(1);                                            // (U, K)
            } else {
                NDList shortlist = FismCandidates.scores(scorer(), store, histories)
                        .topK(Math.min(candidates, n), 1);                      // (U, M)
                NDArray rescored = scoreTargets(store, histories, shortlist.get(1)).get(0);
                NDArray dropped = shortlist.get(0).eq(Float.NEGATIVE_INFINITY);
                rescored = NDArrays.where(dropped, shortlist.get(0), rescored);
                NDList best = rescored.topK(k(), 1);
                scores = best.get(0);
                items = shortlist.get(1).gather(best.get(1), 1);                // (U, K)
            }
            items = items.toType(DataType.INT32, false);
            NDArray weights = scoreTargets(store, histories, items).get(1);     // (T, K)
            return new NDList(items, scores, weights);
        }
    }

    /** Items per user: at most topK, the catalogue, and in two stages the shortlist. */
    private int k() {
        int n = scorer().numItems();
        return Math.min(topK(), candidates == 0 ? n : Math.min(candidates, n));
    }

    /**
     * Every item's logit for every user, (U, N), one catalogue chunk per pass, each pass's
     * intermediates freed before the next.
     */
    private NDArray exact(ParameterStore store, RaggedHistory histories) {
        int n = scorer().numItems();
        int chunk = (int) Math.max(1, Math.min(n, CHUNK_ELEMENTS
                / scorer().rowElements(histories.length())));
        NDManager batch = histories.items().getManager();
        NDList parts = new NDList();
        for (int from = 0; from < n; from += chunk) {
            try (NDManager scope = batch.newSubManager()) {
                histories.tempAttach(scope);
                NDArray part = scorer().scoreCatalogue(store, histories, from,
                        Math.min(n, from + chunk));
                part.attach(batch);
                parts.add(part);
            }
        }
        return parts.size() == 1 ? parts.head() : NDArrays.concat(parts, 1);
    }

    /** {@link ItemSimilarityBlock#scoreTargets}, in chunks of targets: logits, weights. */
    private NDList scoreTargets(ParameterStore store, RaggedHistory histories, NDArray targets) {
        long k = targets.getShape().get(1);
        long perTarget = histories.length() * Math.max(scorer().config().embeddingSize(),
                scorer().pairWidth());
        long chunk = Math.max(1, Math.min(k, CHUNK_ELEMENTS / perTarget));
        if (chunk == k) {
            return scorer().scoreTargets(store, histories, targets.toType(DataType.INT32, false));
        }
        NDManager batch = histories.items().getManager();
        NDList logits = new NDList();
        NDList weights = new NDList();
        for (long from = 0; from < k; from += chunk) {
            try (NDManager scope = batch.newSubManager()) {
                histories.tempAttach(scope);
                NDArray slice = targets.get(":, {}:{}", from, Math.min(k, from + chunk));
                slice.tempAttach(scope);
                NDList part = scorer().scoreTargets(store, histories,
                        slice.toType(DataType.INT32, false));
                part.attach(batch);
                logits.add(part.get(0));
                weights.add(part.get(1));
            }
        }
        return new NDList(NDArrays.concat(logits, 1), NDArrays.concat(weights, 1));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long k = k();
        long users = inputShapes[1].get(0);
        return new Shape[] {new Shape(users, k), new Shape(users, k),
            new Shape(inputShapes[0].get(0), k)};
    }
}
