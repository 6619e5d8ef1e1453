package io.naisrec.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.training.ParameterStore;
import java.util.List;

/**
 * The histories of a batch of users without padding, in the layout of PyTorch's
 * {@code EmbeddingBag}: every user's items one after the other in one vector, and where each
 * user starts. Sums and softmaxes over a user's items are matrix products with the (U, T)
 * indicator of which user each item belongs to, so users of very different history lengths
 * share one batch at the cost of their total length, not U times the longest.
 *
 * <p>Dimensions: U users, T items of all histories together, D embedding size, X targets per
 * item (a catalogue chunk, or each user's own candidates). For inference only: nothing here is
 * differentiated.
 */
public final class RaggedHistory {

    /** Stands in for −∞ at masked positions (finite, so that 0 × it is 0). */
    private static final float MASKED = -1e30f;

    private final NDArray items;
    private final NDArray user;
    private final NDArray used;
    private final NDArray indicator;
    private final NDArray vectors;
    private final int users;

    private RaggedHistory(NDArray items, NDArray user, NDArray used, NDArray indicator,
            NDArray vectors, int users) {
        this.items = items;
        this.user = user;
        this.used = used;
        this.indicator = indicator;
        this.vectors = vectors;
        this.users = users;
    }

    /**
     * The histories of {@code offsets.size()} users. When the block keeps only the most recent
     * items of a history ({@link ItemSimilarityConfig#maxHistory()}), the older ones are in
     * {@link #items()} (a user's whole history, never recommended to them) but weigh nothing.
     *
     * @param block the model whose history embeddings Q the items are looked up in
     * @param items (T) int32: every user's item indices, user after user, each user's oldest
     *     first
     * @param offsets (U) int32: where each user's items start in {@code items}, ascending,
     *     the first 0; every user has at least one item
     */
    public static RaggedHistory of(ItemSimilarityBlock block, ParameterStore store,
            NDArray items, NDArray offsets) {
        NDManager manager = items.getManager();
        int total = Math.toIntExact(items.getShape().get(0));
        int users = Math.toIntExact(offsets.getShape().get(0));
        NDArray positions = manager.arange(0, total, 1, DataType.INT32, items.getDevice());
        NDArray user = positions.expandDims(1).gte(offsets.expandDims(0))
                .toType(DataType.INT32, false).sum(new int[] {1}).sub(1)
                .toType(DataType.INT32, false);                                     // (T)
        NDArray indicator = manager.arange(0, users, 1, DataType.INT32, items.getDevice())
                .expandDims(1).eq(user.expandDims(0)).toType(DataType.FLOAT32, false); // (U, T)
        NDArray used = manager.ones(new Shape(total), DataType.FLOAT32, items.getDevice());
        int cap = block.config().maxHistory();
        if (cap > 0) {
            NDArray ends = offsets.get("1:").concat(manager.create(new int[] {total})
                    .toDevice(items.getDevice(), false));                          // (U)
            NDArray fromEnd = ends.gather(user.toType(DataType.INT64, false), 0)
                    .sub(positions);                                                // (T)
            used = fromEnd.lte(cap).toType(DataType.FLOAT32, false);
        }
        NDArray q = store.getValue(block.getParameters().get(
                ItemSimilarityBlock.HISTORY_EMBEDDING), items.getDevice(), false);
        NDArray vectors = items.getNDArrayInternal().embedding(items, q, SparseFormat.DENSE)
                .singletonOrThrow();                                                // (T, D)
        return new RaggedHistory(items, user, used, indicator, vectors, users);
    }

    /**
     * The histories of {@code histories.size()} users (item indices, each non-empty, oldest
     * first), their arrays created in {@code manager}.
     */
    public static RaggedHistory of(ItemSimilarityBlock block, ParameterStore store,
            NDManager manager, List<int[]> histories) {
        NDList inputs = inputs(manager, histories);
        return of(block, store, inputs.get(0), inputs.get(1));
    }

    /**
     * The inputs of {@link #of} for {@code histories}: items (T) and offsets (U), int32.
     *
     * @throws IllegalArgumentException when a history is empty
     */
    public static NDList inputs(NDManager manager, List<int[]> histories) {
        int total = 0;
        for (int[] history : histories) {
            if (history.length == 0) {
                throw new IllegalArgumentException("a history needs at least one item");
            }
            total += history.length;
        }
        int[] items = new int[total];
        int[] offsets = new int[histories.size()];
        int at = 0;
        for (int u = 0; u < offsets.length; u++) {
            offsets[u] = at;
            System.arraycopy(histories.get(u), 0, items, at, histories.get(u).length);
            at += histories.get(u).length;
        }
        return new NDList(manager.create(items), manager.create(offsets));
    }

    /**
     * Attaches the arrays of these histories to {@code scope} until it closes, so that what is
     * computed from them lives there too (a chunk's intermediates freed with its scope).
     */
    public void tempAttach(NDManager scope) {
        for (NDArray array : new NDArray[] {items, user, used, indicator, vectors}) {
            array.tempAttach(scope);
        }
    }

    /** U, the number of users. */
    public int users() {
        return users;
    }

    /** T, the number of items of all histories. */
    public long length() {
        return items.getShape().get(0);
    }

    /** The item indices, (T) int32. */
    public NDArray items() {
        return items;
    }

    /** The user of each item, (T) int32. */
    public NDArray user() {
        return user;
    }

    /** 1 for the items the model looks at, 0 for those beyond its history cap, (T) float. */
    public NDArray used() {
        return used;
    }

    /** The history embeddings q_j of the items, (T, D). */
    public NDArray vectors() {
        return vectors;
    }

    /** Σ over each user's items: (T, X) → (U, X). */
    public NDArray sum(NDArray perItem) {
        return indicator.matMul(perItem);
    }

    /** Each user's row given to every item of that user: (U, X) → (T, X). */
    public NDArray spread(NDArray perUser) {
        return indicator.transpose().matMul(perUser);
    }

    /**
     * 1 where the item is the target, 0 elsewhere: targets (X) shared by every user, or (T, X)
     * → (T, X) float.
     */
    public NDArray same(NDArray targets) {
        NDArray t = targets.getShape().dimension() == 1 ? targets.expandDims(0) : targets;
        return items.expandDims(1).eq(t).toType(DataType.FLOAT32, false);
    }

    /** Which items count for which target: used, and not the target ({@link #same}). */
    public NDArray mask(NDArray same) {
        return same.neg().add(1f).mul(used.expandDims(1));
    }

    /** Whether each user's whole history holds each target: {@link #same} (T, X) → (U, X). */
    public NDArray holds(NDArray same) {
        return sum(same).gt(0f);
    }

    /**
     * Whether each user's whole history holds each item of a catalogue of {@code numItems},
     * (U, N) boolean, without a (T, N) comparison.
     */
    public NDArray holdsAmong(int numItems) {
        NDManager manager = items.getManager();
        NDArray flat = user.toType(DataType.INT64, false).mul(numItems)
                .add(items.toType(DataType.INT64, false));                         // (T)
        return manager.zeros(new Shape((long) users * numItems), DataType.FLOAT32,
                items.getDevice()).put(flat, manager.ones(new Shape(flat.size()),
                DataType.FLOAT32, items.getDevice())).reshape(users, numItems).gt(0f);
    }

    /**
     * The smoothed softmax of NAIS over each user's items, per target:
     * a = exp(f − β·logsumexp_user f) at unmasked positions, 0 at masked ones (see
     * {@link SmoothedSoftmax}). The shift that keeps exp in range is each target's maximum
     * over the whole batch; the sums run in double precision, so a user whose logits lie far
     * (up to ~700) below another user's still gets exact weights.
     *
     * @param logits f, (T, X)
     * @param mask 1 at positions that count, (T, X)
     * @param beta β, shape (1)
     */
    public NDArray smoothedSoftmax(NDArray logits, NDArray mask, NDArray beta) {
        NDArray shifted = logits.add(mask.sub(1f).mul(-MASKED));                    // (T, X)
        NDArray max = shifted.max(new int[] {0}, true);                              // (1, X)
        NDArray sums = indicator.toType(DataType.FLOAT64, false).matMul(shifted.sub(max)
                .toType(DataType.FLOAT64, false).exp());                             // (U, X)
        NDArray logSumExp = sums.maximum(Double.MIN_NORMAL).log()
                .add(max.toType(DataType.FLOAT64, false));                           // (U, X)
        NDArray perItem = spread(logSumExp.toType(DataType.FLOAT32, false));        // (T, X)
        return shifted.sub(perItem.mul(beta.reshape(1, 1))).exp().mul(mask);
    }

    /** {@code scores} with −∞ where {@code condition} (same shape) holds: never ranked. */
    public static NDArray excluding(NDArray condition, NDArray scores) {
        return NDArrays.where(condition, scores.getManager().full(scores.getShape(),
                Float.NEGATIVE_INFINITY, scores.getDataType(), scores.getDevice()), scores);
    }

    /** The number of unmasked positions of each user per target, at least 1: (T, X) → (U, X). */
    public NDArray counts(NDArray mask) {
        return sum(mask).maximum(1f);
    }
}
