/**
 * Interaction data: readers for MovieLens, NCF and generic delimited files (the rules for one
 * line in {@link io.naisrec.data.InteractionLineParser}, which the Spark job applies too), the
 * in-memory {@link io.naisrec.data.InteractionDataset} (dense indices, time-ordered CSR
 * histories), the NCF leave-one-out {@link io.naisrec.data.LeaveOneOutSplit} with its
 * evaluation negatives, and the {@link io.naisrec.data.DatasetResolver} that finds named
 * datasets on disk, in the cache, in the jar or on the web. Reading is done in blocks of bytes:
 * plain lines (every MovieLens file's) are parsed straight from their bytes, ids kept by value,
 * any other line by the line parser, to the same rows; a split shares its data's arrays.
 * {@link io.naisrec.data.NegativeDistribution} is what training negatives are drawn from
 * (uniformly, or by popularity^γ). {@link io.naisrec.data.SyntheticData} generates ML-1M- and ML-20M-shaped files.
 * {@link io.naisrec.data.Folders} writes files and folders whole (a temporary beside the
 * target, then an atomic move); {@link io.naisrec.data.Messages} keeps every error message one
 * line.
 *
 * <p>Implicit feedback: every rating is an interaction, duplicate (user, item) pairs collapse to
 * their earliest occurrence. Bad input never drops a row silently: it raises a
 * {@link io.naisrec.data.DataException} whose message starts with {@code FILE:LINE:}.
 */
package io.naisrec.data;
