package io.naisrec.zoo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.naisrec.model.FismCandidates;
import io.naisrec.model.ItemSimilarityBlock;
import io.naisrec.model.RaggedHistory;

/**
 * The tensor work behind {@link RecommendationBlock} and {@link ServingBlock}: the top K items
 * of the catalogue for ragged histories, exactly or in two stages, with the weights that explain
 * them. Catalogue scoring, re-scoring and similar items run in chunks whose largest tensor
 * holds at most 2^22 elements (16 MiB), each chunk's intermediates freed before the next; the
 * results, (U, N) logits of exact ranking and the first stage's (U, N) scores, are as large as
 * the batch's users times the catalogue.
 */
final class Recommender {

    /** Most elements of one pass's largest tensor: under glibc's 32 MiB mmap threshold. */
    private static final long CHUNK_ELEMENTS = 1L << 22;

    private final ItemSimilarityBlock scorer;

    Recommender(ItemSimilarityBlock scorer) {
        this.scorer = scorer;
    }

    /**
     * The top items of each user: items (U, K) int32, logits (U, K) (−∞ where fewer remain) and
     * weights (T, K).
     *
     * @param k items per user, at most the catalogue (and, in two stages, the shortlist)
     * @param shortlists {@code null} to rank every item, or each user's shortlist size M
     *     (U) int32, at least 1 and at most {@code longest}
     * @param longest the largest M
     */
    NDList recommend(ParameterStore store, RaggedHistory histories, int k, NDArray shortlists,
            int longest) {
        NDArray items;
        NDArray scores;
        if (shortlists == null) {
            NDList best = exact(store, histories).topK(k, 1);
            scores = best.get(0);
            items = best.get(1);                                                 // (U, K)
        } else {
            NDList shortlist = FismCandidates.scores(scorer, store, histories)
                    .topK(longest, 1);                                           // (U, M)
            NDManager manager = histories.items().getManager();
            NDArray beyond = manager.arange(0, longest, 1, DataType.INT32,
                    shortlists.getDevice()).expandDims(0).gte(shortlists.expandDims(1));
            NDArray first = RaggedHistory.excluding(beyond, shortlist.get(0));
            NDArray rescored = scoreTargets(store, histories, shortlist.get(1)).get(0);
            rescored = NDArrays.where(first.eq(Float.NEGATIVE_INFINITY), first, rescored);
            NDList best = rescored.topK(k, 1);
            scores = best.get(0);
            items = shortlist.get(1).gather(best.get(1), 1);                     // (U, K)
        }
        items = items.toType(DataType.INT32, false);
        NDArray weights = scoreTargets(store, histories, items).get(1);          // (T, K)
        return new NDList(items, scores, weights);
    }

    /** Every item's logit for every user, (U, N), one catalogue chunk per pass. */
    private NDArray exact(ParameterStore store, RaggedHistory histories) {
        int n = scorer.numItems();
        int chunk = (int) Math.max(1, Math.min(n, CHUNK_ELEMENTS
                / scorer.rowElements(histories.length())));
        NDManager batch = histories.items().getManager();
        NDList parts = new NDList();
        for (int from = 0; from < n; from += chunk) {
            try (NDManager scope = batch.newSubManager()) {
                histories.tempAttach(scope);
                NDArray part = scorer.scoreCatalogue(store, histories, from,
                        Math.min(n, from + chunk));
                part.attach(batch);
                parts.add(part);
            }
        }
        return parts.size() == 1 ? parts.head() : NDArrays.concat(parts, 1);
    }

    /** {@link ItemSimilarityBlock#scoreTargets} in chunks of targets: logits, weights. */
    private NDList scoreTargets(ParameterStore store, RaggedHistory histories, NDArray targets) {
        long k = targets.getShape().get(1);
        long perTarget = histories.length() * Math.max(scorer.config().embeddingSize(),
                scorer.pairWidth());
        long chunk = Math.max(1, Math.min(k, CHUNK_ELEMENTS / perTarget));
        if (chunk == k) {
            return scorer.scoreTargets(store, histories, targets.toType(DataType.INT32, false));
        }
        NDManager batch = histories.items().getManager();
        NDList logits = new NDList();
        NDList weights = new NDList();
        for (long from = 0; from < k; from += chunk) {
            try (NDManager scope = batch.newSubManager()) {
                histories.tempAttach(scope);
                NDArray slice = targets.get(":, {}:{}", from, Math.min(k, from + chunk));
                slice.attach(scope);
                NDList part = scorer.scoreTargets(store, histories,
                        slice.toType(DataType.INT32, false));
                part.attach(batch);
                logits.add(part.get(0));
                weights.add(part.get(1));
            }
        }
        return new NDList(NDArrays.concat(logits, 1), NDArrays.concat(weights, 1));
    }

    /**
     * The {@code k} items most similar to each query item under p_i · q_j, never the query:
     * items (Q, K) int32, similarities (Q, K); queries in chunks of at most 2^22 / N.
     */
    NDList similar(ParameterStore store, NDArray queries, int k) {
        int n = scorer.numItems();
        long count = queries.getShape().get(0);
        long chunk = Math.max(1, Math.min(count, CHUNK_ELEMENTS / n));
        NDManager batch = queries.getManager();
        NDList items = new NDList();
        NDList similarities = new NDList();
        for (long from = 0; from < count; from += chunk) {
            try (NDManager scope = batch.newSubManager()) {
                NDArray part = queries.get("{}:{}", from, Math.min(count, from + chunk));
                part.attach(scope);
                NDList best = similarChunk(store, part, k);
                best.attach(batch);
                items.add(best.get(0));
                similarities.add(best.get(1));
            }
        }
        return items.size() == 1 ? new NDList(items.head(), similarities.head())
                : new NDList(NDArrays.concat(items, 0), NDArrays.concat(similarities, 0));
    }

    private NDList similarChunk(ParameterStore store, NDArray queries, int k) {
        NDArray q = store.getValue(scorer.getParameters().get(
                ItemSimilarityBlock.HISTORY_EMBEDDING), queries.getDevice(), false);
        NDArray p = store.getValue(scorer.getParameters().get(
                ItemSimilarityBlock.TARGET_EMBEDDING), queries.getDevice(), false);
        NDArray similarity = queries.getNDArrayInternal().embedding(queries, q,
                ai.djl.ndarray.types.SparseFormat.DENSE).singletonOrThrow()
                .matMul(p.transpose());                                          // (Q, N)
        NDManager manager = queries.getManager();
        NDArray self = manager.arange(0, scorer.numItems(), 1, DataType.INT32,
                queries.getDevice()).expandDims(0).eq(queries.expandDims(1));    // (Q, N)
        NDList best = RaggedHistory.excluding(self, similarity).topK(k, 1);
        return new NDList(best.get(1).toType(DataType.INT32, false), best.get(0));
    }

    /** Empty outputs of a group with no member: (0, K) and, for weights, (0, K). */
    static NDList empty(NDManager manager, int k, int arrays) {
        NDList list = new NDList();
        for (int a = 0; a < arrays; a++) {
            list.add(manager.zeros(new Shape(0, k), a == 0 ? DataType.INT32 : DataType.FLOAT32));
        }
        return list;
    }
}
