package io.naisrec.train;

import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.listener.TrainingListenerAdapter;
import io.naisrec.runtime.ProcessMemory;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Progress of a long epoch in the log, for runs without a terminal (where
 * {@link ProgressBarListener} draws nothing): every {@value #PERIOD_SECONDS} s, the share of the
 * epoch's batches done, rows and history pairs (rows × history length) per second, the resident
 * set, and the time left at that rate.
 */
public final class ProgressLogListener extends TrainingListenerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(ProgressLogListener.class);
    static final int PERIOD_SECONDS = 60;

    private final int epochs;
    private final LongSupplier clock;
    private int epoch = 1;
    private long epochStart = -1;
    private long lastLogged;
    private long rows;
    private long pairs;

    /** Progress of a run of {@code epochs} epochs, timed by {@code clock} (nanoseconds). */
    ProgressLogListener(int epochs, LongSupplier clock) {
        this.epochs = epochs;
        this.clock = clock;
    }

    /** A progress bar when there is a console, else progress in the log. */
    public static TrainingListener forRun(int epochs) {
        ProgressBarListener bar = ProgressBarListener.forConsole(epochs);
        return bar != null ? bar : new ProgressLogListener(epochs, System::nanoTime);
    }

    @Override
    public void onTrainingBatch(Trainer trainer, BatchData batchData) {
        long now = clock.getAsLong();
        if (epochStart < 0) {
            epochStart = now;
            lastLogged = now;
        }
        Batch batch = batchData.getBatch();
        long batchRows = batch.getLabels().head().getShape().get(0);
        rows += batchRows;
        pairs += batchRows * batch.getData().head().getShape().get(1);
        if (now - lastLogged < PERIOD_SECONDS * 1_000_000_000L) {
            return;
        }
        lastLogged = now;
        double seconds = (now - epochStart) / 1e9;
        LOG.info(line(epoch, epochs, batch.getProgress(), batch.getProgressTotal(), rows, pairs,
                seconds, ProcessMemory.residentMb()));
    }

    /** The progress line. */
    static String line(int epoch, int epochs, long batchesDone, long batches, long rows,
            long pairs, double seconds, long residentMb) {
        double done = (double) batchesDone / Math.max(1, batches);
        return String.format(Locale.ROOT, "epoch %d/%d: %.1f%% of batches (%,d of %,d), %,.0f "
                + "rows/s, %,.0f pairs/s, RSS %,d MB, about %,.0f s left", epoch, epochs,
                100 * done, batchesDone, batches, rows / seconds, pairs / seconds, residentMb,
                done > 0 ? seconds / done - seconds : Double.NaN);
    }

    @Override
    public void onEpoch(Trainer trainer) {
        epoch++;
        epochStart = -1;
        rows = 0;
        pairs = 0;
    }
}
