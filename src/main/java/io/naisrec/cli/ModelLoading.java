package io.naisrec.cli;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import io.naisrec.data.DataException;
import io.naisrec.data.LeaveOneOutSplit;
import io.naisrec.zoo.FirstStageFile;
import io.naisrec.zoo.ModelDirectory;
import io.naisrec.zoo.NaisBlockFactory;
import io.naisrec.zoo.NaisTranslatorFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;

/**
 * Loads model folders: for evaluation on a split, or the way an application does (DJL
 * {@link Criteria} by path). A missing or damaged folder is DJL's
 * {@link MalformedModelException}, whichever way it is loaded.
 */
final class ModelLoading {

    private ModelLoading() {}

    /**
     * A model folder loaded for evaluation on {@code split}: its vocabulary must be the split's
     * items, in the same order (else one line naming the folder and {@code dataName}).
     */
    static ModelDirectory.Loaded loadFor(Path folder, LeaveOneOutSplit split, String dataName)
            throws MalformedModelException {
        ModelDirectory.Loaded loaded = ModelDirectory.load(folder, Device.cpu());
        requireTrainedOn(loaded, split, folder.toString(), dataName);
        return loaded;
    }

    /**
     * {@code split} with its items numbered as the model folder's vocabulary when the folder
     * knows every item of the split in another order (a model grown by {@code train
     * --init-from}, whose new items come after its parent's): the same users, histories, test
     * items and negatives by id. Otherwise {@code split} itself.
     */
    static LeaveOneOutSplit inModelOrder(Path folder, LeaveOneOutSplit split)
            throws MalformedModelException {
        List<String> ids = ModelDirectory.verify(folder).items().ids();
        List<String> data = split.train().items().ids();
        return !ids.equals(data) && new HashSet<>(ids).containsAll(data)
                ? split.withLeadingItems(ids) : split;
    }

    /**
     * Refuses (and closes) a loaded model whose items are not the split's, in the same order:
     * "{@code what} was trained on other items than --data {@code dataName}".
     */
    static void requireTrainedOn(ModelDirectory.Loaded loaded, LeaveOneOutSplit split,
            String what, String dataName) {
        if (!loaded.items().ids().equals(split.train().items().ids())) {
            loaded.close();
            throw new DataException(what + " was trained on other items than --data "
                    + dataName);
        }
    }

    /**
     * The seed the model folder was trained with (its evaluation negatives), or
     * {@code fallback} when its record has none.
     */
    static long trainingSeed(Path folder, long fallback) throws MalformedModelException {
        var seed = ModelDirectory.verify(folder).training().get("seed");
        return seed == null || seed.isJsonNull() ? fallback : seed.getAsLong();
    }

    /** A verified model folder loaded as a {@link ZooModel} with {@code topK} results. */
    static <I, O> ZooModel<I, O> load(Path folder, Class<I> input, Class<O> output, int topK)
            throws MalformedModelException, ModelNotFoundException {
        return load(folder, input, output, topK, 0, true);
    }

    /**
     * As {@link #load(Path, Class, Class, int)}, ranking in two stages over {@code candidates}
     * items when it is positive, and explaining the items only when {@code explain}. The folder
     * is verified once, here; parameters that DJL cannot read from a verified folder make it
     * damaged too.
     */
    static <I, O> ZooModel<I, O> load(Path folder, Class<I> input, Class<O> output, int topK,
            int candidates, boolean explain)
            throws MalformedModelException, ModelNotFoundException {
        return load(folder, input, output, topK, candidates, explain, null);
    }

    /**
     * As {@link #load(Path, Class, Class, int, int, boolean)}, two stages shortlisting by
     * {@code firstStage} ({@code fism} or {@code ease}; {@code null}: the folder's EASE first
     * stage when it has one). Without two stages no first stage is loaded.
     */
    static <I, O> ZooModel<I, O> load(Path folder, Class<I> input, Class<O> output, int topK,
            int candidates, boolean explain, String firstStage)
            throws MalformedModelException, ModelNotFoundException {
        ModelDirectory.Description description = ModelDirectory.verify(folder);
        String stage = candidates == 0 ? "fism" : firstStage;
        Criteria.Builder<I, O> builder = Criteria.builder().setTypes(input, output)
                .optModelPath(folder.toAbsolutePath())
                .optTranslatorFactory(new NaisTranslatorFactory())
                .optArgument("blockFactory", NaisBlockFactory.verified(description))
                .optArgument("topK", topK)
                .optArgument("candidates", candidates)
                .optArgument("explain", explain);
        Criteria<I, O> criteria = (stage == null ? builder
                : builder.optArgument(FirstStageFile.ARGUMENT, stage)).build();
        try {
            return criteria.loadModel();
        } catch (IOException e) {
            throw new MalformedModelException(folder + ": cannot load the model ("
                    + e.getMessage() + ")", e);
        }
    }
}
