package io.naisrec.train;

import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;
import io.naisrec.data.InteractionDataset;
import io.naisrec.model.ItemSimilarityBlock;
import io.naisrec.model.NaisBlock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A DJL training listener that sets where training starts from once the block's parameters are
 * initialised (DJL's {@code onTrainingBegin}, which {@link ModelTrainer} calls after its seeded
 * initialisation): a checkpoint's parameters, optimizer state and evaluation records, or a
 * pre-trained block's embeddings and item biases, or a parent model grown by new items. Listed
 * first.
 */
final class StartingPointListener extends TrainingListenerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(StartingPointListener.class);

    private final Runnable start;

    private StartingPointListener(Runnable start) {
        this.start = start;
    }

    /**
     * Continues from {@code checkpoint}: its parameters are read into a {@code scratch} block of
     * the same kind and copied into {@code block} in place (the trainer's arrays, gradients
     * attached, stay the ones it updates), its optimizer state into {@code optimizer}, its
     * records into {@code evaluation}.
     */
    static StartingPointListener resume(String label, Checkpoint checkpoint,
            ItemSimilarityBlock block, Supplier<ItemSimilarityBlock> scratch,
            DenseAdagrad optimizer, EpochEvaluationListener evaluation) {
        return new StartingPointListener(() -> {
            checkpoint.restore(block, scratch.get(), optimizer);
            evaluation.restore(checkpoint.evaluation());
            LOG.info("{}: resumed after epoch {}", label, checkpoint.epoch());
        });
    }

    /**
     * Starts {@code block} from the embeddings and item biases of {@code pretrained}; with
     * {@code neutralAttention}, a NAIS block's attention starts at h = 0 (every history item
     * weighs n^−β, {@link NaisBlock#neutraliseAttention}).
     */
    static StartingPointListener pretrained(ItemSimilarityBlock block,
            ItemSimilarityBlock pretrained, boolean neutralAttention) {
        return new StartingPointListener(() -> {
            block.copyEmbeddingsFrom(pretrained);
            if (neutralAttention && block instanceof NaisBlock nais) {
                nais.neutraliseAttention();
                LOG.info("The attention starts neutral (h = 0): every history item weighs "
                        + "n^-β");
            }
        });
    }

    /**
     * Starts {@code block} from {@code parent}'s parameters, the items new to it starting by
     * {@code newItems} from the histories of {@code data} ({@link GrownStart}).
     */
    static StartingPointListener grown(ItemSimilarityBlock block, ItemSimilarityBlock parent,
            InteractionDataset data, NewItemStart newItems) {
        return new StartingPointListener(() -> GrownStart.apply(block, parent, data, newItems));
    }

    @Override
    public void onTrainingBegin(Trainer trainer) {
        start.run();
    }
}
