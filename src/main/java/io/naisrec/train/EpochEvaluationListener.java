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
 * one held-out item), and keeps a copy of the parameters of the best epoch (HR@K, then NDCG@K;
 * the start itself is epoch 0 when {@link #evaluateStart} asks for it). It evaluates
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
    private boolean evaluateStart;
    private EpochRecord start;

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

    /**
     * Also evaluates the starting point, before the first epoch, as epoch 0 (a pre-trained or
     * grown start), which the selection keeps when no epoch beats it. A resumed run restores
     * the start's evaluation with its records instead.
     */
    void evaluateStart() {
        evaluateStart = true;
    }

    @Override
    public void onTrainingBegin(Trainer trainer) {
        manager = trainer.getModel().getNDManager();
        if (evaluateStart && records.isEmpty() && start == null) {
            EvaluationResult result = evaluate();
            start = record(0, Double.NaN, result, 0);
            log(start, result);
            keepIfBest(start, result);
        }
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
        EvaluationResult result = epoch % evaluateEvery == 0 || epoch == epochs ? evaluate()
                : null;
        EpochRecord record = record(epoch, loss, result, seconds);
        records.add(record);
        log(record, result);
        if (result != null) {
            keepIfBest(record, result);
        }
        lossSum = 0;
        samples = 0;
        epochStart = System.nanoTime();
    }

    private EvaluationResult evaluate() {
        BlockScorer scorer = new BlockScorer(block, manager);
        return metric == SelectionMetric.FULL ? evaluator.fullRanking(split, scorer)
                : evaluator.sampled(split, scorer);
    }

    private EpochRecord record(int epoch, double loss, EvaluationResult result, double seconds) {
        double beta = block instanceof NaisBlock nais ? nais.beta() : Double.NaN;
        return new EpochRecord(epoch, loss, result == null ? Double.NaN : result.hitRatio(),
                result == null ? Double.NaN : result.ndcg(), beta, seconds,
                ProcessMemory.liveHeapMb(), ProcessMemory.residentMb());
    }

    private void keepIfBest(EpochRecord record, EvaluationResult result) {
        if (record.betterThan(best)) {
            best = record;
            bestResult = result;
            bestParameters = snapshot();
        }
    }

    private void log(EpochRecord record, EvaluationResult result) {
        String betaNote = block instanceof NaisBlock nais && nais.config().learnBeta()
                ? String.format(Locale.ROOT, ", learned β %.4f", record.beta()) : "";
        String epoch = record.epoch() == 0 ? "start (epoch 0)"
                : "epoch " + record.epoch() + "/" + epochs;
        String loss = record.epoch() == 0 ? "" : String.format(Locale.ROOT, "loss %.4f, ",
                record.loss());
        String seconds = String.format(Locale.ROOT, ", %.1f s", record.seconds());
        if (result != null && metric == SelectionMetric.FULL) {
            LOG.info("{} {}: {}full ranking HR@{} {}, NDCG@{} {}, HR@50 {}{}{}", label, epoch,
                    loss, result.k(), String.format(Locale.ROOT, "%.4f", result.hitRatio()),
                    result.k(), String.format(Locale.ROOT, "%.4f", result.ndcg()),
                    String.format(Locale.ROOT, "%.4f", result.hitRatioAt(FULL_RECALL_CUTOFF)),
                    betaNote, seconds);
        } else if (result != null) {
            LOG.info("{} {}: {}HR@{} {}, NDCG@{} {}{}{}", label, epoch, loss, result.k(),
                    String.format(Locale.ROOT, "%.4f", result.hitRatio()), result.k(),
                    String.format(Locale.ROOT, "%.4f", result.ndcg()), betaNote, seconds);
        } else {
            LOG.info("{} {}: {}{}{}", label, epoch, loss.replaceAll(", $", ""), betaNote,
                    seconds);
        }
    }

    /** Every epoch so far. */
    public List<EpochRecord> records() {
        return List.copyOf(records);
    }

    /** The best evaluated epoch, or {@code null}. */
    public EpochRecord best() {
        return best;
    }

    /**
     * How many evaluated epochs came after the best trained one (all of them when none is best
     * yet). An evaluated start is not the mark: training goes on while its epochs improve,
     * even below the start, which the selection still keeps when no epoch beats it.
     */
    public int evaluationsSinceBest() {
        EpochRecord trained = null;
        for (EpochRecord record : records) {
            if (record.betterThan(trained)) {
                trained = record;
            }
        }
        int mark = trained == null ? 0 : trained.epoch();
        return (int) records.stream().filter(EpochRecord::evaluated)
                .filter(r -> r.epoch() > mark).count();
    }

    /** The evaluation of the best epoch, or {@code null}. */
    public EvaluationResult bestResult() {
        return bestResult;
    }

    /** The state to checkpoint: the evaluated start (epoch 0) first, where there is one. */
    public EvaluationState state() {
        List<EpochRecord> all = new ArrayList<>();
        if (start != null) {
            all.add(start);
        }
        all.addAll(records);
        return new EvaluationState(all, best == null ? -1 : all.indexOf(best), bestResult,
                bestParameters);
    }

    /** Continues from a checkpointed state (a resumed run). */
    public void restore(EvaluationState state) {
        List<EpochRecord> all = state.records();
        start = !all.isEmpty() && all.get(0).epoch() == 0 ? all.get(0) : null;
        records.clear();
        records.addAll(start == null ? all : all.subList(1, all.size()));
        best = state.bestIndex() < 0 ? null : all.get(state.bestIndex());
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
