package io.naisrec.model;

import io.naisrec.data.InteractionDataset;
import java.util.Locale;

/**
 * How much memory a process may use, and the pass sizes that follow from it: the documented rule
 * behind {@code --max-memory}. A training pass keeps about {@value #PASS_ARRAYS} arrays of its
 * largest tensor's size alive at once (the pair products, the hidden layer before and after the
 * ReLU, and their gradients), so passes get at most an eighth of the budget:
 * <pre>
 *   training pass elements = min(2^21, the power of two ≤ budget bytes / 256)
 *   scoring chunk elements = min(2^22, the power of two ≤ budget bytes / 128)
 *   serving chunk elements = min(2^18, scoring chunk elements)
 * </pre>
 * The rest is left to the JVM, PyTorch's libraries and the data (about 250 MB before any data on
 * a 64-bit Linux JVM; docs/BENCHMARKS.md, round 7). The budget is a target, not a hard cap: the
 * allocator hands free memory back as soon as the process exceeds it, but live data is not
 * freed. Without a budget ({@link #DEFAULT}) the passes are as large as the rule's caps.
 *
 * @param megabytes the budget in MiB; at least {@value #MIN_MEGABYTES}
 */
public record MemoryBudget(long megabytes) {

    /** Arrays of a pass's largest size alive at its peak (forward and backward). */
    static final int PASS_ARRAYS = 8;
    /**
     * Budget bytes per element of a training pass's largest tensor: 4-byte floats, times the
     * pass's arrays, times 8 (passes get an eighth of the budget).
     */
    static final long PASS_BYTES_PER_ELEMENT = 4L * PASS_ARRAYS * 8;
    /** The smallest budget: what the JVM and PyTorch take before any data. */
    public static final long MIN_MEGABYTES = 256;
    /** Most elements of a training pass's largest tensor, whatever the budget. */
    public static final long MAX_PASS_ELEMENTS = 1L << 21;
    /** Most elements of a scoring chunk's largest tensor, whatever the budget. */
    public static final long MAX_CHUNK_ELEMENTS = 1L << 22;
    /**
     * Most elements of a scoring chunk's largest tensor in a server, whatever the budget (1 MiB
     * of floats): a chunk's intermediates all live until the chunk ends, each worker's
     * allocator arena grows to hold them, and with 2^22 {@code nais serve}'s arenas kept 0.7 to
     * 1 GB of free memory (docs/BENCHMARKS.md, round 7, "Serving's memory").
     */
    public static final long SERVING_CHUNK_ELEMENTS = 1L << 18;
    /** No budget: passes and chunks at their caps, no resident-set target. */
    public static final MemoryBudget DEFAULT = new MemoryBudget(Long.MAX_VALUE >> 20);

    /** Validates the budget. */
    public MemoryBudget {
        if (megabytes < MIN_MEGABYTES) {
            throw new IllegalArgumentException("the memory budget must be at least "
                    + MIN_MEGABYTES + " MB (the JVM and PyTorch alone take about 250 MB), got "
                    + megabytes + " MB");
        }
    }

    /**
     * Parses a size such as {@code 600m}, {@code 1g} or {@code 1536} (MiB without a unit).
     *
     * @throws IllegalArgumentException naming the text when it is no size or below the minimum
     */
    public static MemoryBudget parse(String text) {
        String size = text.trim().toLowerCase(Locale.ROOT);
        long unit = 1;
        if (size.endsWith("g")) {
            unit = 1024;
            size = size.substring(0, size.length() - 1);
        } else if (size.endsWith("m")) {
            size = size.substring(0, size.length() - 1);
        }
        long value;
        try {
            value = Long.parseLong(size);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a memory size: '" + text
                    + "' (expected e.g. 600m or 2g)", e);
        }
        if (value > (Long.MAX_VALUE >> 20) / unit) {
            throw new IllegalArgumentException("memory size too large: '" + text + "'");
        }
        return new MemoryBudget(value * unit);
    }

    /**
     * Refuses, with one line, a budget whose training passes cannot hold one row of the longest
     * history of {@code data} (at most the configuration's cap) for {@code kind}: call it before
     * anything is trained (a training run checks it again when it starts).
     *
     * @throws IllegalArgumentException naming the budget, the longest history and what to change
     */
    public void requireFits(ModelKind kind, ItemSimilarityConfig config, InteractionDataset data) {
        requireFits(kind.newBlock(config, data.numItems()), data);
    }

    /** As {@link #requireFits(ModelKind, ItemSimilarityConfig, InteractionDataset)}. */
    public void requireFits(ItemSimilarityBlock block, InteractionDataset data) {
        int longest = 0;
        for (int u = 0; u < data.numUsers(); u++) {
            longest = Math.max(longest, data.historyLength(u));
        }
        int cap = block.config().maxHistory();
        longest = cap > 0 ? Math.min(cap, longest) : longest;
        requireFits(block.rowElements(longest), longest);
    }

    /** Whether this is {@link #DEFAULT}, no budget set. */
    public boolean unlimited() {
        return equals(DEFAULT);
    }

    /** Most elements of a training pass's largest tensor under this budget. */
    public long trainingPassElements() {
        return Math.min(MAX_PASS_ELEMENTS, powerOfTwoAtMost(bytes() / PASS_BYTES_PER_ELEMENT));
    }

    /** Most elements of a scoring chunk's largest tensor under this budget. */
    public long scoringChunkElements() {
        return Math.min(MAX_CHUNK_ELEMENTS, powerOfTwoAtMost(bytes() / (4L * PASS_ARRAYS * 4)));
    }

    /**
     * Makes every inference pass of this process (recommendations, evaluation, serving) keep
     * to {@link #scoringChunkElements()}.
     */
    public void applyToScoring() {
        ScoringChunks.setMaxElements(scoringChunkElements());
    }

    /** Most elements of a server's scoring chunk under this budget. */
    public long servingChunkElements() {
        return Math.min(SERVING_CHUNK_ELEMENTS, scoringChunkElements());
    }

    /**
     * Makes every inference pass of this process keep to {@link #servingChunkElements()}: for
     * a server, whose many concurrent passes each hold their chunk's intermediates.
     */
    public void applyToServing() {
        ScoringChunks.setMaxElements(servingChunkElements());
    }

    /** The bound every inference pass of this process keeps to now, in elements. */
    public static long scoringChunkInEffect() {
        return ScoringChunks.maxElements();
    }

    /**
     * Checks, before training starts, that a pass of one row of the longest history fits the
     * budget's share for passes (a pass is never smaller than one row). Always true for
     * {@link #DEFAULT}.
     *
     * @param rowElements the elements of one row's largest tensor for the longest history
     *     ({@link ItemSimilarityBlock#rowElements(long)})
     * @param longestHistory the longest history the passes will see (after any cap)
     * @throws IllegalArgumentException one line naming the budget, the row and what to change
     */
    public void requireFits(long rowElements, long longestHistory) {
        long share = bytes() / PASS_BYTES_PER_ELEMENT;
        if (!unlimited() && rowElements > share) {
            long needed = (rowElements * PASS_BYTES_PER_ELEMENT + (1 << 20) - 1) >> 20;
            throw new IllegalArgumentException(String.format(Locale.ROOT, "--max-memory %dm "
                    + "allows training passes of %,d elements, but one row of the longest "
                    + "history (%,d items) needs %,d: raise --max-memory to at least %dm or cap "
                    + "histories with --max-history", megabytes, share, longestHistory,
                    rowElements, needed));
        }
    }

    private long bytes() {
        return megabytes > (Long.MAX_VALUE >> 20) ? Long.MAX_VALUE : megabytes << 20;
    }

    private static long powerOfTwoAtMost(long n) {
        return Long.highestOneBit(Math.max(1, n));
    }
}
