package io.naisrec.train;

import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.listener.TrainingListenerAdapter;
import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar on stderr, redrawn as batches finish, shown only when a terminal is
 * attached (logs and CI get the per-epoch lines instead).
 */
public final class ProgressBarListener extends TrainingListenerAdapter {

    private static final int WIDTH = 30;

    private final PrintStream out;
    private final int epochs;
    private int epoch = 1;
    private long lastDrawn;

    /** A bar for a run of {@code epochs} epochs, drawn on {@code out}. */
    public ProgressBarListener(PrintStream out, int epochs) {
        this.out = out;
        this.epochs = epochs;
    }

    /** A bar on stderr when there is a console, else {@code null}. */
    public static ProgressBarListener forConsole(int epochs) {
        return System.console() != null ? new ProgressBarListener(System.err, epochs) : null;
    }

    @Override
    public void onTrainingBatch(Trainer trainer, BatchData batchData) {
        Batch batch = batchData.getBatch();
        long now = System.nanoTime();
        if (now - lastDrawn < 200_000_000L && batch.getProgress() < batch.getProgressTotal()) {
            return;
        }
        lastDrawn = now;
        double done = (double) batch.getProgress() / Math.max(1, batch.getProgressTotal());
        int filled = (int) Math.round(done * WIDTH);
        out.printf(Locale.ROOT, "\repoch %d/%d [%s%s] %3d%%", epoch, epochs, "=".repeat(filled),
                " ".repeat(WIDTH - filled), Math.round(done * 100));
        out.flush();
    }

    @Override
    public void onEpoch(Trainer trainer) {
        out.print("\r" + " ".repeat(WIDTH + 30) + "\r");
        out.flush();
        epoch++;
    }
}
