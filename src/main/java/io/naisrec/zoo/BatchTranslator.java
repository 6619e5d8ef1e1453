package io.naisrec.zoo;

import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.translate.TranslateException;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import io.naisrec.data.DataException;
import java.nio.file.Path;
import java.util.List;

/**
 * A translator of a nais model: its single-input path is its batch path with one input, so that
 * {@code predict} and {@code batchPredict} share one implementation, and its {@link #prepare}
 * reads the model's {@code items.tsv} (once, whichever predictor asks first) into the
 * {@link RecommendationCodec} that maps ids to the {@link ServingBlock}'s tensors and back.
 *
 * @param <I> the input type
 * @param <O> the output type
 */
abstract class BatchTranslator<I, O> implements Translator<I, O> {

    private volatile RecommendationCodec codec;

    @Override
    public final void prepare(TranslatorContext ctx) throws TranslateException {
        if (codec == null) {
            synchronized (this) {
                if (codec == null) {
                    codec = read(ctx.getModel());
                }
            }
        }
    }

    /** The model's codec; {@link #prepare} has run. */
    final RecommendationCodec codec() {
        return codec;
    }

    @Override
    public final NDList processInput(TranslatorContext ctx, I input) throws Exception {
        return batchProcessInput(ctx, List.of(input));
    }

    @Override
    public final O processOutput(TranslatorContext ctx, NDList list) throws Exception {
        return batchProcessOutput(ctx, list).get(0);
    }

    private static RecommendationCodec read(Model model) throws TranslateException {
        if (!(model.getBlock() instanceof ServingBlock block)) {
            throw new TranslateException("the model's block is not a nais serving block "
                    + "(blockFactory " + NaisBlockFactory.class.getName() + " expected)");
        }
        Path file = model.getModelPath().resolve(ItemVocabulary.FILE);
        ItemVocabulary items;
        try {
            items = ItemVocabulary.read(file);
        } catch (DataException e) {
            throw new TranslateException(e.getMessage(), e);
        }
        if (items.size() != block.trainedBlock().numItems()) {
            throw new TranslateException(file + ": " + items.size() + " items, the model has "
                    + block.trainedBlock().numItems());
        }
        return new RecommendationCodec(block.trainedBlock(), items);
    }
}
