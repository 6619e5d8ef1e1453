package io.naisrec.cli;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import io.naisrec.data.DataException;
import io.naisrec.data.LeaveOneOutSplit;
import io.naisrec.model.EaseBlock;
import io.naisrec.model.EaseFactors;
import io.naisrec.model.ItemSimilarityBlock;
import io.naisrec.model.ItemSimilarityConfig;
import io.naisrec.model.MemoryBudget;
import io.naisrec.model.ModelKind;
import io.naisrec.train.TrainingResult;
import io.naisrec.train.TrainingRun;
import io.naisrec.train.TrainingSettings;
import io.naisrec.zoo.ModelDirectory;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where {@code train} starts NAIS ({@code --pretrain}): a FISM trained first, the rank-D factors
 * of EASE^R ({@link EaseFactors}), a FISM model folder, or nothing.
 */
final class Pretraining {

    private static final Logger LOG = LoggerFactory.getLogger(Pretraining.class);

    private final String pretrain;
    private final int epochs;
    private final MemoryBudget budget;
    private final ItemItemOptions itemItem;
    private final int k;

    Pretraining(String pretrain, int epochs, MemoryBudget budget, ItemItemOptions itemItem,
            int k) {
        this.pretrain = pretrain;
        this.epochs = epochs;
        this.budget = budget;
        this.itemItem = itemItem;
        this.k = k;
    }

    /**
     * The FISM block NAIS starts from, if any, what owns it, and what metadata.json records of
     * it beside {@code pretrain} (EASE's λ and how it was chosen; empty otherwise).
     */
    record Start(AutoCloseable owner, ItemSimilarityBlock block, Map<String, Object> record)
            implements AutoCloseable {
        static final Start NONE = new Start(null, null, Map.of());

        Start(AutoCloseable owner, ItemSimilarityBlock block) {
            this(owner, block, Map.of());
        }

        @Override
        public void close() {
            if (owner != null) {
                try {
                    owner.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    /** The starting point of a {@code kind} model of {@code config} on {@code split}. */
    Start start(ModelKind kind, ItemSimilarityConfig config, TrainingSettings settings,
            LeaveOneOutSplit split, Device target, String dataName)
            throws MalformedModelException {
        if (kind == ModelKind.FISM || pretrain.equals("none")) {
            return Start.NONE;
        }
        ItemSimilarityConfig fism = ItemSimilarityConfig.builder()
                .optEmbeddingSize(config.embeddingSize())
                .optAlpha(config.alpha()).optMaxHistory(config.maxHistory())
                .optRegularization(config.regTarget(), config.regHistory(),
                        config.regAttention()).build();
        if (pretrain.equals("fism")) {
            TrainingResult result = TrainingRun.builder().setKind(ModelKind.FISM)
                    .optConfig(fism).optDevice(target)
                    .optSettings(settings.toBuilder().optEpochs(epochs).build())
                    .optMemoryBudget(budget).build().train(split);
            return new Start(result, result.block());
        }
        if (pretrain.equals("ease")) {
            // the interactions NAIS trains on: with selection on validation, never its items
            return ease(fism, settings.seed(), settings.selectionSplit(split),
                    target);
        }
        ModelDirectory.Loaded loaded = ModelDirectory.load(Path.of(pretrain), target);
        if (loaded.kind() != ModelKind.FISM) {
            loaded.close();
            throw new DataException("--pretrain " + pretrain + " is a " + loaded.kind()
                    + " model, not fism");
        }
        ModelLoading.requireTrainedOn(loaded, split, "--pretrain " + pretrain, dataName);
        return new Start(loaded, loaded.block());
    }

    /** EASE^R fitted on {@code split}'s training interactions, factorised to a FISM of {@code fism}'s size. */
    private Start ease(ItemSimilarityConfig fism, long seed, LeaveOneOutSplit split,
            Device target) {
        try {
            EaseFactors.requireFits(fism.embeddingSize(), split.train().numItems());
        } catch (IllegalArgumentException e) {
            throw new DataException("--pretrain ease: " + e.getMessage());
        }
        NDManager manager = NDManager.newBaseManager(target);
        try (NDManager fit = manager.newSubManager()) {
            long start = System.nanoTime();
            Map<String, Object> record = new LinkedHashMap<>();
            EaseBlock ease = itemItem.fitEase(split, seed, k, true, 0, fit, record);
            ItemSimilarityBlock block = EaseFactors.fism(ease, fism, seed, manager);
            LOG.info("NAIS starts from EASE's rank-{} factors ({} s)", fism.embeddingSize(),
                    Math.round((System.nanoTime() - start) / 1e9));
            record.put("rank", fism.embeddingSize());
            record.put("attention", "neutral (h = 0)");
            return new Start(manager, block, Map.of("pretrain_ease", record));
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }
}
