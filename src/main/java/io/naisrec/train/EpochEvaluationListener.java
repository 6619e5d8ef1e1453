package io.naisrec.train;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;
import io.naisrec.data.LeaveOneOutSplit;
import io.naisrec.eval.EvaluationResult;
import io.naisrec.eval.LeaveOneOutEvaluator;
import io.naisrec.model.BlockScorer;
import io.naisrec.model.ItemSimilarityBlock;
import io.naisrec.model.NaisBlock;
import io.naisrec.runtime.ProcessMemory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A DJL training listener that tracks the best epoch: at the end of every epoch it logs the mean
 * training loss (of the batch losses the trainer publishes as {@link ModelTrainer#LOSS_METRIC})
 * and the epoch's time, evaluates HR@K and NDCG@K every {@code evaluateEvery} epochs (and at the
 * last) by the {@link SelectionMetric}'s protocol (full ranking also logs HR@50, Recall@50 with
 * one held-out item), and keeps a copy of the parameters of the best epoch (HR@K, then NDCG@K). It evaluates
 * with the model's manager, which it takes from the trainer when training begins. (A non-finite
 * batch loss stops the training loop itself: {@link TrainingDivergedException}.)
 */
public final class EpochEvaluationListener extends TrainingListenerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(EpochEvaluationListener.class);

    /** The deeper cut-off a full-ranking evaluation also logs. */
    private static final int FULL_RECALL_CUTOFF = 50;

    private final String label;
    private final ItemSimilarityBlock block;
    private NDManager manager;
    private final LeaveOneOutSplit split;
    private final LeaveOneOutEvaluator evaluator;
    private final SelectionMetric metric;
    private final int evaluateEvery;
    private final int epochs;
    private final List<EpochRecord> records = new ArrayList<>();
    private double lossSum;
    private long samples;
    private long epochStart = System.nanoTime();
    private EpochRecord best;
    private EvaluationResult bestResult;
    private byte[] bestParameters;

    /**
     * @param label a name for log lines (e.g. {@code nais-prod})
     * @param block the block being trained
     * @param split the split whose test users are evaluated
     * @param k the cut-off K
     * @param evaluateEvery evaluate every this many epochs (and at the last)
     * @param epochs the number of epochs of the run
     * @param metric the protocol of the evaluation
     */
    public EpochEvaluationListener(String label, ItemSimilarityBlock block,
            LeaveOneOutSplit split, int k, int evaluateEvery, int epochs,
            SelectionMetric metric) {
        this.label = label;
        this.block = block;
        this.split = split;
        this.evaluator = new LeaveOneOutEvaluator(k);
        this.evaluateEvery = evaluateEvery;
        this.epochs = epochs;
        this.metric = metric;
    }

    @Override
    public void onTrainingBegin(Trainer trainer) {
        manager = trainer.getModel().getNDManager();
        epochStart = System.nanoTime();
    }

    /** Adds the batch's mean loss over its samples to the epoch's mean. */
    @Override
    public void onTrainingBatch(Trainer trainer, BatchData batchData) {
        long size = batchData.getBatch().getSize();
        lossSum += trainer.getMetrics().latestMetric(ModelTrainer.LOSS_METRIC).getValue() * size;
        samples += size;
    }

    @Override
    public void onEpoch(Trainer trainer) {
        int epoch = records.size() + 1;
        double seconds = (System.nanoTime() - epochStart) / 1e9;
        double loss = samples == 0 ? Double.NaN : lossSum / samples;
        EvaluationResult result = null;
        if (epoch % evaluateEvery == 0 || epoch == epochs) {
            BlockScorer scorer = new BlockScorer(block, manager);
            result = metric == SelectionMetric.FULL ? evaluator.fullRanking(split, scorer)
                    : evaluator.sampled(split, scorer);
        }
        double beta = block instanceof NaisBlock nais ? nais.beta() : Double.NaN;
        String betaNote = block instanceof NaisBlock nais && nais.config().learnBeta()
                ? String.format(Locale.ROOT, ", learned β %.4f", beta) : "";
        EpochRecord record = new EpochRecord(epoch, loss,
                result == null ? Double.NaN : result.hitRatio(),
                result == null ? Double.NaN : result.ndcg(), beta, seconds,
                ProcessMemory.liveHeapMb(), ProcessMemory.residentMb());
        records.add(record);
        if (result != null && metric == SelectionMetric.FULL) {
            LOG.info("{} epoch {}/{}: loss {}, full ranking HR@{} {}, NDCG@{} {}, HR@50 {}{}, "
                    + "{} s", label, epoch, epochs, String.format(Locale.ROOT, "%.4f", loss),
                    result.k(), String.format(Locale.ROOT, "%.4f", result.hitRatio()), result.k(),
                    String.format(Locale.ROOT, "%.4f", result.ndcg()),
                    String.format(Locale.ROOT, "%.4f", result.hitRatioAt(FULL_RECALL_CUTOFF)),
                    betaNote, String.format(Locale.ROOT, "%.1f", seconds));
        } else if (result != null) {
            LOG.info("{} epoch {}/{}: loss {}, HR@{} {}, NDCG@{} {}{}, {} s", label, epoch,
                    epochs, String.format(Locale.ROOT, "%.4f", loss), result.k(),
                    String.format(Locale.ROOT, "%.4f", result.hitRatio()), result.k(),
                    String.format(Locale.ROOT, "%.4f", result.ndcg()), betaNote,
                    String.format(Locale.ROOT, "%.1f", seconds));
        } else {
            LOG.info("{} epoch {}/{}: loss {}{}, {} s", label, epoch, epochs,
                    String.format(Locale.ROOT, "%.4f", loss), betaNote,
                    String.format(Locale.ROOT, "%.1f", seconds));
        }
        if (result != null && record.betterThan(best)) {
            best = record;
            bestResult = result;
            bestParameters = snapshot();
        }
        lossSum = 0;
        samples = 0;
        epochStart = System.nanoTime();
    }

    /** Every epoch so far. */
    public List<EpochRecord> records() {
        return List.copyOf(records);
    }

    /** The best evaluated epoch, or {@code null}. */
    public EpochRecord best() {
        return best;
    }

    /** How many evaluated epochs came after the best one (all of them when none is best yet). */
    public int evaluationsSinceBest() {
        return (int) records.stream().filter(EpochRecord::evaluated)
                .filter(r -> best == null || r.epoch() > best.epoch()).count();
    }

    /** The evaluation of the best epoch, or {@code null}. */
    public EvaluationResult bestResult() {
        return bestResult;
    }

    /** The state to checkpoint. */
    public EvaluationState state() {
        return new EvaluationState(records, best == null ? -1 : records.indexOf(best), bestResult,
                bestParameters);
    }

    /** Continues from a checkpointed state (a resumed run). */
    public void restore(EvaluationState state) {
        records.clear();
        records.addAll(state.records());
        best = state.bestIndex() < 0 ? null : records.get(state.bestIndex());
        bestResult = state.bestResult();
        bestParameters = state.bestParameters();
        epochStart = System.nanoTime();
    }

    /** Puts the parameters of the best epoch back into the block. */
    public void restoreBest() {
        if (bestParameters == null) {
            return;
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bestParameters))) {
            block.loadParameters(manager, in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (MalformedModelException e) {
            throw new IllegalStateException("cannot restore the best epoch", e);
        }
    }

    private byte[] snapshot() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            block.saveParameters(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
