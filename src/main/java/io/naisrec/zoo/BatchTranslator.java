package io.naisrec.zoo;

import ai.djl.ndarray.NDList;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import java.util.List;

/**
 * A translator whose single-input path is its batch path with one input, so that
 * {@code predict} and {@code batchPredict} share one implementation.
 *
 * @param <I> the input type
 * @param <O> the output type
 */
abstract class BatchTranslator<I, O> implements Translator<I, O> {

    @Override
    public final NDList processInput(TranslatorContext ctx, I input) throws Exception {
        return batchProcessInput(ctx, List.of(input));
    }

    @Override
    public final O processOutput(TranslatorContext ctx, NDList list) throws Exception {
        return batchProcessOutput(ctx, list).get(0);
    }
}
