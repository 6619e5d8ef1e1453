package io.naisrec.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

/**
 * The one inference path of a trained {@link ItemSimilarityBlock}: scores, top K items
 * (exactly or in two stages) and similar items for a batch of {@link RaggedHistory ragged
 * histories}, with the weights that explain them. Evaluation, attention analysis,
 * recommendation, serving and the Spark job all score through it; a single user's candidates
 * (sampled evaluation's layout) are a batch of one.
 *
 * <p>Dimensions: U users, T items of all their histories, N catalogue items, C targets every
 * user shares, K or M targets per user. Every pass keeps its largest tensor within
 * {@link ScoringChunks}' bound (catalogue chunks, target chunks, query chunks), each chunk's
 * intermediates freed before the next; the results, (U, N) logits of exact ranking and the
 * first stage's (U, N) scores, are as large as the batch's users times the catalogue. Not
 * differentiated: callers run it under {@link NoGradient}.
 */
public final class RaggedRanking {

    private final ItemSimilarityBlock block;

    /** @param block an initialised FISM or NAIS block */
    public RaggedRanking(ItemSimilarityBlock block) {
        this.block = block;
    }

    /** The ranked block. */
    public ItemSimilarityBlock block() {
        return block;
    }

    /**
     * Every catalogue item's logit for every user, (U, N), −∞ for the items of the user's
     * history, one catalogue chunk per pass.
     */
    public NDArray catalogue(ParameterStore store, RaggedHistory histories) {
        return ScoringChunks.inChunks(histories.items().getManager(), histories,
                block.numItems(), block.rowElements(histories.length()), 1,
                (scope, from, to) -> new NDList(block.scoreCatalogue(store, histories,
                        (int) from, (int) to))).head();
    }

    /**
     * The logits (U, C) of targets (C) int32 that every user shares; a target in a user's
     * history is left out of that history's sum (as in training), not excluded.
     */
    public NDArray shared(ParameterStore store, RaggedHistory histories, NDArray targets) {
        return ScoringChunks.inChunks(histories.items().getManager(), histories,
                targets.size(), block.rowElements(histories.length()), 1,
                (scope, from, to) -> new NDList(block.scoreShared(store, histories,
                        slice(scope, targets, from, to)))).head();
    }

    /**
     * Each user's own targets (U, K): their logits (U, K), the weight of every history item
     * for each of its user's targets (T, K) and its contribution to the logit (T, K), the
     * explanation of a recommendation.
     */
    public NDList targets(ParameterStore store, RaggedHistory histories, NDArray targets) {
        return ScoringChunks.inChunks(histories.items().getManager(), histories,
                targets.getShape().get(1), block.ownTargetElements(histories.length()), 1,
                (scope, from, to) -> block.scoreTargets(store, histories,
                        slice(scope, targets, from, to)));
    }

    /**
     * Two-stage scoring, for any first stage: the {@code longest} best items of each user by
     * {@code firstStage}, re-scored by the block. Returns the shortlist (U, M) int32, best
     * first stage first, and its logits (U, M): −∞ beyond the user's own shortlist size and
     * where the first stage had no item left to propose.
     *
     * @param sizes each user's shortlist size (U) int32, 1 to {@code longest}
     * @param longest M, the largest size, at most N
     */
    public NDList twoStage(ParameterStore store, RaggedHistory histories, FirstStage firstStage,
            NDArray sizes, int longest) {
        NDList best = firstStage.scores(store, histories).topK(longest, 1);     // (U, M)
        NDArray shortlist = best.get(1).toType(DataType.INT32, false);
        NDArray beyond = histories.items().getManager().arange(0, longest, 1, DataType.INT32,
                sizes.getDevice()).expandDims(0).gte(sizes.expandDims(1));     // (U, M)
        NDArray first = RaggedHistory.excluding(beyond, best.get(0));
        NDArray rescored = targets(store, histories, shortlist).get(0);
        return new NDList(shortlist, NDArrays.where(first.eq(Float.NEGATIVE_INFINITY), first,
                rescored));
    }

    /**
     * The top items of each user: items (U, K) int32, best first, never an item of the user's
     * history; their logits (U, K) (−∞ where fewer remain); the weights (T, K) and the
     * contributions (T, K) that explain them.
     *
     * @param k items per user, at most N (and, in two stages, {@code longest})
     * @param firstStage {@code null} to rank every item, else the first stage of two
     * @param sizes each user's shortlist size (U) int32 in two stages, else ignored
     * @param longest the largest shortlist size in two stages, else ignored
     */
    public NDList recommend(ParameterStore store, RaggedHistory histories, int k,
            FirstStage firstStage, NDArray sizes, int longest) {
        NDArray items;
        NDArray scores;
        if (firstStage == null) {
            NDList best = catalogue(store, histories).topK(k, 1);
            scores = best.get(0);
            items = best.get(1);                                                 // (U, K)
        } else {
            NDList shortlist = twoStage(store, histories, firstStage, sizes, longest);
            NDList best = shortlist.get(1).topK(k, 1);
            scores = best.get(0);
            items = shortlist.get(0).gather(best.get(1), 1);                     // (U, K)
        }
        items = items.toType(DataType.INT32, false);
        NDList explained = targets(store, histories, items);
        return new NDList(items, scores, explained.get(1), explained.get(2)); // (T, K) twice
    }

    /**
     * The {@code k} items most similar to each query item under
     * {@link ItemSimilarityBlock#similarity} (p_i · q_j), never the query:
     * items (Q, K) int32, similarities (Q, K); queries in chunks.
     */
    public NDList similar(ParameterStore store, NDArray queries, int k) {
        return ScoringChunks.inChunks(queries.getManager(), null, queries.getShape().get(0),
                block.numItems(), 0, (scope, from, to) -> similarChunk(store,
                        slice(scope, queries, from, to), k));
    }

    private NDList similarChunk(ParameterStore store, NDArray queries, int k) {
        NDArray similarity = block.similarity(store, queries);                 // (Q, N)
        NDArray self = queries.getManager().arange(0, block.numItems(), 1, DataType.INT32,
                queries.getDevice()).expandDims(0).eq(queries.expandDims(1));    // (Q, N)
        NDList best = RaggedHistory.excluding(self, similarity).topK(k, 1);
        return new NDList(best.get(1).toType(DataType.INT32, false), best.get(0));
    }

    /**
     * Columns (of a 2-D array) or elements (of a 1-D one) {@code from} to {@code to} of
     * {@code array}, in {@code scope}; the array itself when that is all of it.
     */
    private static NDArray slice(NDManager scope, NDArray array, long from, long to) {
        Shape shape = array.getShape();
        if (from == 0 && to == shape.get(shape.dimension() - 1)) {
            return array.toType(DataType.INT32, false);
        }
        NDArray part = shape.dimension() == 1 ? array.get("{}:{}", from, to)
                : array.get(":, {}:{}", from, to);
        part.attach(scope);
        return part.toType(DataType.INT32, false);
    }

    /** Empty outputs of a group with no member: {@code arrays} arrays of (0, K). */
    public static NDList empty(NDManager manager, int k, int arrays) {
        NDList list = new NDList();
        for (int a = 0; a < arrays; a++) {
            list.add(manager.zeros(new Shape(0, k), a == 0 ? DataType.INT32 : DataType.FLOAT32));
        }
        return list;
    }
}
