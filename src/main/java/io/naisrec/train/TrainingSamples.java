package io.naisrec.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.translate.Batchifier;
import ai.djl.util.Progress;
import io.naisrec.data.DataException;
import io.naisrec.data.InteractionDataset;
import io.naisrec.data.NegativeDistribution;
import io.naisrec.data.NegativeSampler;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The pointwise training samples of the NAIS reference code, one epoch at a time: each training
 * interaction (u, i) gives a positive (label 1) whose target i is masked out of u's history, and
 * {@code negatives} items u never interacted with (label 0, redrawn each epoch) that see the
 * whole history: drawn uniformly as the reference draws them, or from a
 * {@link NegativeDistribution} (p ∝ popularity^γ). A positive and its negatives are one group of
 * consecutive rows, the positive first. Batches group one user's samples, which share one history, so no
 * sample is padded to a global length: by default one batch per user, all of that user's samples
 * (the reference's {@code batch_choice=user}); with a {@code batchSize} a batch holds at most that
 * many samples, so heavy users are split (with {@code wholeGroups}, as a pairwise or softmax loss
 * needs, at a group boundary: a batch then holds the most whole groups that fit in
 * {@code batchSize}, at least one). Users are visited in an order shuffled per epoch.
 *
 * <p>With {@code maxHistory} N &gt; 0 each user's training data is their N most recent items, as
 * the reference's {@code ITEM_CLIP} makes it: the history, the positives and the items negatives
 * avoid (so an older item may be drawn as a negative, as there). Everything random derives
 * from (seed, epoch, user), so building the next batch's arrays on a background thread while
 * the current batch trains changes nothing but the time taken.
 *
 * <p>Each {@link Batch}: data = history (1, L) int32 (shared by the batch's rows), the position
 * of each row's target in that history (B) int32 (−1 for a negative, which sees the whole
 * history), target (B) int32; labels = (B) float32. {@link #blockInputs} turns rows of it into
 * the block's inputs, the (rows, L) mask made by the engine for those rows only: a heavy user's
 * whole (B, L) mask is never built, in Java or in native memory.
 */
public final class TrainingSamples {

    /**
     * Builds the next batch's arrays while the engine computes the current one: one daemon
     * thread, shared, since a batch is built in a fraction of the time it is trained on.
     */
    private static final ExecutorService PREPARER = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "nais-batch-preparer");
        thread.setDaemon(true);
        return thread;
    });

    private final InteractionDataset train;
    private final int negatives;
    private final int batchSize;
    private final int maxHistory;
    private final long seed;
    private final NegativeDistribution distribution;
    private final boolean wholeGroups;

    /**
     * Uniform negatives, batches split anywhere: the reference's samples.
     *
     * @param train training histories
     * @param negatives negatives per positive, at least 0
     * @param batchSize most samples per batch, or 0 for one batch per user
     * @param maxHistory most recent items of each user kept, 0 for all
     * @param seed the seed
     */
    public TrainingSamples(InteractionDataset train, int negatives, int batchSize,
            int maxHistory, long seed) {
        this(train, negatives, batchSize, maxHistory, seed,
                NegativeDistribution.uniform(train.numItems()), false);
    }

    /**
     * As {@link #TrainingSamples(InteractionDataset, int, int, int, long)}, negatives drawn
     * from {@code distribution} (over {@code train}'s items) and, with {@code wholeGroups}, no
     * positive separated from its negatives by a batch boundary.
     */
    public TrainingSamples(InteractionDataset train, int negatives, int batchSize,
            int maxHistory, long seed, NegativeDistribution distribution, boolean wholeGroups) {
        if (negatives < 0) {
            throw new IllegalArgumentException("negatives must be >= 0, got " + negatives);
        }
        if (batchSize < 0) {
            throw new IllegalArgumentException("batch size must be >= 0 (0: one batch per "
                    + "user), got " + batchSize);
        }
        this.train = train;
        this.negatives = negatives;
        this.batchSize = batchSize;
        this.maxHistory = maxHistory;
        this.seed = seed;
        this.distribution = distribution;
        this.wholeGroups = wholeGroups;
        for (int u = 0; u < train.numUsers() && negatives > 0; u++) {
            if (kept(train.historyLength(u)) >= train.numItems()) {
                throw new DataException(train.name() + ": user " + train.users().idOf(u)
                        + " interacted with every item: no negative can be drawn");
            }
            if (!distribution.drawsOutside(keptHistory(u))) {
                throw new DataException(train.name() + ": user " + train.users().idOf(u)
                        + " interacted with every item of positive count: no negative can be "
                        + "drawn with negative popularity " + distribution.gamma());
            }
        }
    }

    /** Samples {@code from} (inclusive) to {@code to} (exclusive) of one user's sequence. */
    private record Chunk(int user, int from, int to) {}

    /** Samples per epoch. */
    public long samplesPerEpoch() {
        long samples = 0;
        for (int u = 0; u < train.numUsers(); u++) {
            samples += (long) kept(train.historyLength(u)) * (1 + negatives);
        }
        return samples;
    }

    /** How many of a history of {@code length} items are kept. */
    private int kept(int length) {
        return maxHistory > 0 ? Math.min(length, maxHistory) : length;
    }

    /** The DJL dataset of epoch {@code epoch} (0-based). */
    public Dataset epoch(int epoch) {
        List<Chunk> chunks = new ArrayList<>();
        for (int u = 0; u < train.numUsers(); u++) {
            int samples = kept(train.historyLength(u)) * (1 + negatives);
            int group = 1 + negatives;
            int size = batchSize == 0 ? samples
                    : wholeGroups ? Math.max(1, batchSize / group) * group : batchSize;
            for (int from = 0; from < samples; from += size) {
                chunks.add(new Chunk(u, from, Math.min(samples, from + size)));
            }
        }
        SplittableRandom order = NegativeSampler.streamFor(seed, -1 - epoch);
        for (int k = chunks.size() - 1; k > 0; k--) {
            int swap = order.nextInt(k + 1);
            Chunk tmp = chunks.get(k);
            chunks.set(k, chunks.get(swap));
            chunks.set(swap, tmp);
        }
        return new Dataset() {
            @Override
            public Iterable<Batch> getData(NDManager manager) {
                return () -> new Iterator<>() {
                    private int next;
                    private CompletableFuture<BatchArrays> ahead = prepare(0);

                    private CompletableFuture<BatchArrays> prepare(int index) {
                        return index < chunks.size() ? CompletableFuture.supplyAsync(
                                () -> arrays(chunks.get(index), epoch), PREPARER) : null;
                    }

                    @Override
                    public boolean hasNext() {
                        return next < chunks.size();
                    }

                    @Override
                    public Batch next() {
                        if (!hasNext()) {
                            throw new NoSuchElementException();
                        }
                        BatchArrays arrays = ready(ahead);
                        ahead = prepare(++next);
                        return batch(manager, arrays, next, chunks.size());
                    }
                };
            }

            @Override
            public void prepare(Progress progress) {
                // samples are drawn lazily, one batch ahead of the one being trained
            }
        };
    }

    /** One batch's inputs and labels as primitive arrays, built off the training thread. */
    private record BatchArrays(int[] history, int[] masked, int[] targets, float[] labels) {}

    /**
     * The block's inputs (history (1, L), mask (rows, L) float32, target (rows)) for rows
     * {@code from} to {@code to} (exclusive) of a batch's {@code data}: 1 everywhere but at
     * each positive's own position. Its arrays are made in the data's manager, or the
     * current {@link ai.djl.ndarray.NDScope}.
     */
    static NDList blockInputs(NDList data, long from, long to) {
        NDArray history = data.get(0);
        NDArray masked = data.get(1);
        NDArray targets = data.get(2);
        if (from != 0 || to != targets.getShape().get(0)) {
            masked = masked.get("{}:{}", from, to);
            targets = targets.get("{}:{}", from, to);
        }
        NDArray positions = history.getManager().arange(0, (int) history.getShape().get(1), 1,
                DataType.INT32, history.getDevice());                                // (L)
        NDArray mask = positions.expandDims(0).neq(masked.expandDims(1))
                .toType(DataType.FLOAT32, false);                                     // (rows, L)
        return new NDList(history, mask, targets);
    }

    private static BatchArrays ready(CompletableFuture<BatchArrays> arrays) {
        try {
            return arrays.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /** The items of user {@code u}'s history that training keeps, oldest first. */
    private int[] keptHistory(int u) {
        int[] whole = train.history(u);
        return Arrays.copyOfRange(whole, whole.length - kept(whole.length), whole.length);
    }

    private BatchArrays arrays(Chunk chunk, int epoch) {
        int[] history = keptHistory(chunk.user());
        boolean[] interacted = new boolean[train.numItems()];
        for (int item : history) {
            interacted[item] = true;
        }
        SplittableRandom random = NegativeSampler.streamFor(seed ^ (0x5DEECE66DL * (epoch + 1)),
                chunk.user());
        int size = chunk.to() - chunk.from();
        int[] masked = new int[size];
        int[] targets = new int[size];
        float[] labels = new float[size];
        int perPositive = 1 + negatives;
        for (int s = 0; s < chunk.to(); s++) {
            int position = s / perPositive;
            boolean positive = s % perPositive == 0;
            int target = positive ? history[position]
                    : drawNegative(random, interacted, distribution);
            if (s < chunk.from()) {
                continue;
            }
            int row = s - chunk.from();
            targets[row] = target;
            labels[row] = positive ? 1f : 0f;
            masked[row] = positive ? position : -1;
        }
        return new BatchArrays(history, masked, targets, labels);
    }

    private static Batch batch(NDManager parent, BatchArrays arrays, int index, int total) {
        int size = arrays.targets().length;
        int length = arrays.history().length;
        NDManager manager = parent.newSubManager();
        NDList data = new NDList(manager.create(arrays.history(), new Shape(1, length)),
                manager.create(arrays.masked(), new Shape(size)),
                manager.create(arrays.targets(), new Shape(size)));
        NDList label = new NDList(manager.create(arrays.labels(), new Shape(size)));
        return new Batch(manager, data, label, size, Batchifier.STACK, Batchifier.STACK, index,
                total);
    }

    private static int drawNegative(SplittableRandom random, boolean[] interacted,
            NegativeDistribution distribution) {
        int item;
        do {
            item = distribution.draw(random);
        } while (interacted[item]);
        return item;
    }
}
