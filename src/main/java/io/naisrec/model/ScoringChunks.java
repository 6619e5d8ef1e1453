package io.naisrec.model;

import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

/**
 * The one bound on inference passes, and the loop that keeps to it. A pass's largest tensor
 * holds at most 2^22 elements (16 MiB of floats; fewer under a {@link MemoryBudget} applied with
 * {@link MemoryBudget#applyToScoring()}), under the 32 MiB up to which glibc's malloc
 * serves blocks from its heap (the command line's setting, and the ceiling of glibc's own
 * adaptive threshold); larger tensors are fresh mappings, faulted in page by page on every
 * pass. Each chunk's intermediates live in a scope of their own, freed before the next chunk.
 */
final class ScoringChunks {

    /** Most elements of one inference pass's largest tensor, for the whole process. */
    private static volatile long maxElements = MemoryBudget.MAX_CHUNK_ELEMENTS;

    /** One chunk's work: the rows {@code from} to {@code to} (exclusive), computed in scope. */
    @FunctionalInterface
    interface Pass {
        NDList apply(NDManager scope, long from, long to);
    }

    private ScoringChunks() {
    }

    /** Sets the process's bound ({@link MemoryBudget#applyToScoring()}). */
    static void setMaxElements(long elements) {
        if (elements < 1) {
            throw new IllegalArgumentException("elements must be >= 1, got " + elements);
        }
        maxElements = elements;
    }

    /** The process's bound. */
    static long maxElements() {
        return maxElements;
    }

    /** Rows per chunk: as many rows of {@code elementsPerRow} as fit the bound, 1 to total. */
    static long rows(long total, long elementsPerRow) {
        return Math.max(1, Math.min(total, maxElements / Math.max(1, elementsPerRow)));
    }

    /**
     * Runs {@code pass} over consecutive chunks of {@code total} rows, each in its own scope of
     * {@code batch} (with {@code histories}, when given, attached to it while the chunk runs),
     * and concatenates each of the passes' outputs along {@code axis}, in {@code batch}.
     */
    static NDList inChunks(NDManager batch, RaggedHistory histories, long total,
            long elementsPerRow, int axis, Pass pass) {
        if (total < 1) {
            throw new IllegalArgumentException("nothing to score: " + total + " rows");
        }
        long chunk = rows(total, elementsPerRow);
        NDList[] parts = null;
        int count = (int) ((total + chunk - 1) / chunk);
        int c = 0;
        for (long from = 0; from < total; from += chunk, c++) {
            try (NDManager scope = batch.newSubManager()) {
                if (histories != null) {
                    histories.tempAttach(scope);
                }
                NDList out = pass.apply(scope, from, Math.min(total, from + chunk));
                out.attach(batch);
                if (parts == null) {
                    parts = new NDList[out.size()];
                    for (int o = 0; o < parts.length; o++) {
                        parts[o] = new NDList(count);
                    }
                }
                for (int o = 0; o < parts.length; o++) {
                    parts[o].add(out.get(o));
                }
            }
        }
        NDList joined = new NDList(parts.length);
        for (NDList part : parts) {
            joined.add(part.size() == 1 ? part.head() : NDArrays.concat(part, axis));
        }
        return joined;
    }
}
