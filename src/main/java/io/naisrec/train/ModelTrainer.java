package io.naisrec.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.metric.Metrics;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.TrainingConfig;
import ai.djl.training.dataset.Batch;
import ai.djl.training.listener.EarlyStoppingListener.EarlyStoppedException;
import ai.djl.training.listener.TrainingListener;
import ai.djl.translate.TranslateException;
import io.naisrec.data.InteractionDataset;
import io.naisrec.data.NegativeDistribution;
import io.naisrec.model.ItemSimilarityBlock;
import io.naisrec.model.MemoryBudget;
import io.naisrec.model.NoGradient;
import io.naisrec.model.Scalars;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Trains an {@link ItemSimilarityBlock} with a DJL {@link Trainer}: {@link NaisLoss} (the
 * settings' {@link TrainingLoss}),
 * {@link DenseAdagrad}, {@link TrainingSamples} batches, and the given DJL training listeners,
 * which are told of the start, of every batch and of every epoch (the starting point,
 * evaluation, checkpointing and early stopping are listeners).
 */
public final class ModelTrainer {

    /** The trainer's metric holding the mean loss of the batch just trained. */
    public static final String LOSS_METRIC = "train_loss";

    /** The shapes of a forward pass's inputs (target items, histories, history lengths). */
    private static final Shape[] INPUT_SHAPES = {new Shape(1, 1), new Shape(1, 1), new Shape(1)};

    private final TrainingSettings settings;
    private final Device device;
    private final long maxPairElements;

    /** A trainer with the given settings on {@code device}, passes as large as the default. */
    public ModelTrainer(TrainingSettings settings, Device device) {
        this(settings, device, MemoryBudget.DEFAULT);
    }

    /**
     * A trainer whose passes keep to {@code budget}: a batch whose largest tensor would exceed
     * {@link MemoryBudget#trainingPassElements()} is trained in passes.
     */
    public ModelTrainer(TrainingSettings settings, Device device, MemoryBudget budget) {
        this(settings, device, budget.trainingPassElements());
    }

    /** As {@link #ModelTrainer(TrainingSettings, Device)} with another bound per pass (tests). */
    ModelTrainer(TrainingSettings settings, Device device, long maxPairElements) {
        if (maxPairElements < 1) {
            throw new IllegalArgumentException("maxPairElements must be >= 1, got "
                    + maxPairElements);
        }
        this.settings = settings;
        this.device = device;
        this.maxPairElements = maxPairElements;
    }

    /**
     * A fresh Adagrad for {@code block} with these settings' learning rate and the block's L2
     * weights: give it to {@link #train} and to the listeners that save or restore its state.
     */
    public DenseAdagrad newOptimizer(ItemSimilarityBlock block) {
        Map<String, Float> l2 = new HashMap<>();
        block.l2Weights().forEach((parameter, lambda) ->
                l2.put(block.getParameters().get(parameter).getId(), lambda));
        return DenseAdagrad.builder().optLearningRate(settings.learningRate()).optL2(l2).build();
    }

    /**
     * Forward, loss and backward of one batch (on one device: {@code EasyTrain.trainBatch}
     * without the device split), then the listeners' {@code onTrainingBatch}. A batch whose
     * largest tensor (rows × {@link ItemSimilarityBlock#rowElements(int)}) would exceed
     * {@code maxPairElements} goes through in chunks of rows (of whole groups of a positive and
     * its negatives for a grouped {@link TrainingLoss}), each chunk's loss weighted by its
     * share of the rows, so the gradients accumulate to the whole batch's (up to float rounding)
     * while memory per pass stays bounded: each chunk's intermediate arrays (its slices, hidden
     * layers, loss) are closed by an {@link NDScope} as soon as its backward is done, and only
     * its predictions are kept for the listeners, which find the loss as the trainer's latest
     * {@link #LOSS_METRIC}.
     *
     * @return the batch's loss, read once here so that nobody evaluates it again
     */
    private float trainBatch(Trainer trainer, Batch batch, ItemSimilarityBlock block) {
        NDList labels = batch.getLabels();
        NDList data = batch.getData();
        long rows = labels.head().getShape().get(0);
        long perRow = block.rowElements(Math.toIntExact(data.get(0).getShape().get(1)));
        long chunks = Math.max(1, Math.min(rows, (rows * perRow + maxPairElements - 1)
                / maxPairElements));
        long perChunk = (rows + chunks - 1) / chunks;
        if (settings.loss().grouped()) {
            long group = 1 + settings.negatives();
            perChunk = (perChunk + group - 1) / group * group;
        }
        float loss = 0f;
        List<NDList> predictions = new ArrayList<>();
        for (long from = 0; from < rows; from += perChunk) {
            long to = Math.min(rows, from + perChunk);
            try (NDScope chunkScope = new NDScope();
                    GradientCollector collector = trainer.newGradientCollector()) {
                chunkScope.suppressNotUsedWarning();
                NDList chunkData = TrainingSamples.blockInputs(data, from, to);
                NDList chunkLabels = chunks > 1
                        ? new NDList(labels.head().get("{}:{}", from, to)) : labels;
                NDList chunkPredictions = trainer.forward(chunkData, chunkLabels);
                NDScope.unregister(chunkPredictions);
                predictions.add(chunkPredictions);
                NDArray value = trainer.getLoss().evaluate(chunkLabels, chunkPredictions);
                if (chunks > 1) {
                    value = value.mul(Scalars.constant(value, (float) (to - from) / rows));
                }
                collector.backward(value);
                loss += value.getFloat();
            }
        }
        Device device = labels.head().getDevice();
        NDList batchPredictions = predictions.get(0);
        if (predictions.size() > 1) {
            batchPredictions = new NDList();
            for (int k = 0; k < predictions.get(0).size(); k++) {
                int output = k;
                batchPredictions.add(NDArrays.concat(new NDList(predictions.stream()
                        .map(p -> p.get(output)).toList())));
            }
        }
        trainer.getMetrics().addMetric(LOSS_METRIC, loss);
        TrainingListener.BatchData batchData = new TrainingListener.BatchData(batch,
                Map.of(device, labels), Map.of(device, batchPredictions));
        trainer.notifyListeners(listener -> listener.onTrainingBatch(trainer, batchData));
        return loss;
    }

    /**
     * Creates a model around {@code block}, initialises its parameters (seeded), then trains
     * epochs {@code firstEpoch + 1} to {@code settings.epochs()} with {@code optimizer} and the
     * listeners. The listeners are DJL's: {@code onTrainingBegin} comes after the seeded
     * initialisation, so a listener may set the parameters (in place) and the optimizer's state
     * there; each batch's loss is the trainer's latest {@link #LOSS_METRIC} metric when
     * {@code onTrainingBatch} is told of it; a listener ends training early by throwing DJL's
     * {@link EarlyStoppedException} from {@code onEpoch}. The batches of epoch e depend only on
     * the seed and e, so a run resumed at epoch e sees the same batches as one that never
     * stopped.
     *
     * @param firstEpoch the epochs already trained (more than 0 when resuming)
     * @return the model, owned by the caller (close it)
     * @throws TrainingDivergedException at the first batch with a non-finite loss
     */
    public Model train(String name, ItemSimilarityBlock block, DenseAdagrad optimizer,
            InteractionDataset train, int firstEpoch, List<TrainingListener> listeners) {
        Engine.getInstance().setRandomSeed((int) settings.seed());
        Model model = Model.newInstance(name, device);
        try {
            model.setBlock(block);
            int group = 1 + settings.negatives();
            DefaultTrainingConfig config = new DefaultTrainingConfig(
                    new NaisLoss(settings.loss(), group))
                    .optOptimizer(optimizer)
                    .optDevices(new Device[] {device})
                    .addTrainingListeners(listeners.toArray(TrainingListener[]::new));
            TrainingSamples samples = new TrainingSamples(train, settings.negatives(),
                    settings.batchSize(), block.config().maxHistory(), settings.seed(),
                    NegativeDistribution.popularity(train.itemCounts(),
                            settings.negativePopularity()), settings.loss().grouped());
            try (NoGradient off = NoGradient.enter();
                    Trainer trainer = initialisedTrainer(model, config)) {
                trainer.initialize(INPUT_SHAPES);
                Metrics metrics = new Metrics();
                metrics.setLimit(1);
                trainer.setMetrics(metrics);
                for (int epoch = firstEpoch; epoch < settings.epochs(); epoch++) {
                    trainEpoch(trainer, block, samples, epoch);
                    trainer.notifyListeners(listener -> listener.onEpoch(trainer));
                }
            } catch (EarlyStoppedException stopped) {
                // a listener ended the run after its epoch, as DJL's EasyTrain.fit allows
            }
            return model;
        } catch (IOException e) {
            model.close();
            throw new UncheckedIOException(e);
        } catch (TranslateException | RuntimeException e) {
            model.close();
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
    }

    /**
     * Initialises the model's block (seeded, and before the trainer exists, so that the
     * listeners' {@code onTrainingBegin} finds its parameters), then makes its trainer.
     */
    private static Trainer initialisedTrainer(Model model, TrainingConfig config) {
        model.getBlock().initialize(model.getNDManager(), model.getDataType(), INPUT_SHAPES);
        return model.newTrainer(config);
    }

    /** The batches of epoch {@code epoch} (0-based), each trained then stepped. */
    private void trainEpoch(Trainer trainer, ItemSimilarityBlock block, TrainingSamples samples,
            int epoch) throws IOException, TranslateException {
        for (Batch batch : trainer.iterateDataset(samples.epoch(epoch))) {
            float loss = trainBatch(trainer, batch, block);
            if (!Float.isFinite(loss)) {
                batch.close();
                throw new TrainingDivergedException(String.format(Locale.ROOT,
                        "training diverged in epoch %d, batch %d of %d (loss %s); lower the "
                        + "learning rate", epoch + 1, batch.getProgress(),
                        batch.getProgressTotal(), loss), epoch + 1, (int) batch.getProgress());
            }
            trainer.step();
            batch.close();
        }
    }
}
