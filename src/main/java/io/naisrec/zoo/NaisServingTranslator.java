package io.naisrec.zoo;

import ai.djl.Model;
import ai.djl.modality.Input;
import ai.djl.modality.Output;
import ai.djl.ndarray.NDList;
import ai.djl.translate.Batchifier;
import ai.djl.translate.ServingTranslator;
import ai.djl.translate.TranslateException;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import ai.djl.translate.TranslatorFactory;
import java.util.List;
import java.util.Map;

/**
 * DJL Serving's translator of a nais model folder ({@code translator} in the
 * {@code serving.properties} of a folder exported for DJL Serving): DJL 0.33 loads it from the
 * folder's {@code libs/} with a class loader of its own, and the block from the folder's top
 * level with another, so this translator makes the {@link NaisTranslatorFactory} of the
 * {@code Input} → {@code Output} translator through the class loader of the model's block (the
 * classes that made the {@link ServingBlock}, which the translator must recognise) and hands
 * every call to it. Only DJL's types cross between the two.
 */
public final class NaisServingTranslator implements ServingTranslator {

    private volatile Map<String, ?> arguments = Map.of();
    private volatile Translator<Input, Output> delegate;

    @Override
    public void setArguments(Map<String, ?> arguments) {
        this.arguments = Map.copyOf(arguments);
    }

    @Override
    public void prepare(TranslatorContext ctx) throws Exception {
        if (delegate == null) {
            synchronized (this) {
                if (delegate == null) {
                    delegate = translatorOf(ctx.getModel(), arguments);
                }
            }
        }
        delegate.prepare(ctx);
    }

    @Override
    public Batchifier getBatchifier() {
        return prepared().getBatchifier();
    }

    @Override
    public NDList processInput(TranslatorContext ctx, Input input) throws Exception {
        return prepared().processInput(ctx, input);
    }

    @Override
    public Output processOutput(TranslatorContext ctx, NDList list) throws Exception {
        return prepared().processOutput(ctx, list);
    }

    @Override
    public NDList batchProcessInput(TranslatorContext ctx, List<Input> inputs) throws Exception {
        return prepared().batchProcessInput(ctx, inputs);
    }

    @Override
    public List<Output> batchProcessOutput(TranslatorContext ctx, NDList list)
            throws Exception {
        return prepared().batchProcessOutput(ctx, list);
    }

    private Translator<Input, Output> prepared() {
        Translator<Input, Output> translator = delegate;
        if (translator == null) {
            throw new IllegalStateException("prepare was not called");
        }
        return translator;
    }

    /** The factory's translator, from the classes that loaded the model's block. */
    private static Translator<Input, Output> translatorOf(Model model, Map<String, ?> arguments)
            throws TranslateException {
        if (model.getBlock() == null) {
            throw new TranslateException("the model has no block (blockFactory "
                    + NaisBlockFactory.class.getName() + " expected)");
        }
        ClassLoader loader = model.getBlock().getClass().getClassLoader();
        TranslatorFactory factory;
        try {
            factory = Class.forName(NaisTranslatorFactory.class.getName(), true, loader)
                    .asSubclass(TranslatorFactory.class).getConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
            throw new TranslateException("cannot load " + NaisTranslatorFactory.class.getName()
                    + " beside the model's block: " + e, e);
        }
        return factory.newInstance(Input.class, Output.class, model, arguments);
    }
}
