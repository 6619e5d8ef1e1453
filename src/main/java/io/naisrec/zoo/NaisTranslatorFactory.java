package io.naisrec.zoo;

import ai.djl.Model;
import ai.djl.modality.Input;
import ai.djl.modality.Output;
import ai.djl.translate.ArgumentsUtil;
import ai.djl.translate.TranslateException;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorFactory;
import ai.djl.util.Pair;
import java.lang.reflect.Type;
import java.util.Map;
import java.util.Set;

/**
 * Makes the translators of a nais model ({@code translatorFactory} in {@code serving.properties}):
 * {@link UserHistory} → {@link Recommendations}, {@link SimilarItemsQuery} →
 * {@link Recommendations}, and DJL Serving's {@link Input} → {@link Output} (JSON requests of
 * either kind, see {@link ServingRequest}), so that {@code Criteria<Input, Output>} by path, as a
 * model server loads models, needs no nais-specific call. Arguments: {@code topK} (default 10;
 * for {@link Input}, the default of a request that gives none), {@code candidates}: 0 (default)
 * ranks every item exactly; M &gt; 0 ranks in two stages, the model re-ranking the M best items
 * by its first stage: the folder's EASE when it carries one, else FISM-style scores (faster on
 * large catalogues; for {@link Input}, the default; {@link NaisBlockFactory} reads the
 * {@code firstStage} argument that chooses);
 * {@code explain} (default true) for {@link UserHistory}, whether each recommended item carries
 * its explanation (false leaves them empty and skips building them); and for
 * {@link Input} {@code maxTopK} (default 1000), the most items a request may ask for (a larger
 * {@code topK} default is lowered to it), and {@code maxInstances} (default 64), the most
 * queries of one {@code {"instances": [...]}} request.
 *
 * <p>The factory only builds translators from these arguments; it neither reads the model
 * folder nor touches the model. The block is the {@link ServingBlock} that
 * {@link NaisBlockFactory} makes, and each translator reads the model's vocabulary in its
 * {@code prepare}, as DJL's own translators read their synsets.
 */
public final class NaisTranslatorFactory implements TranslatorFactory {

    /** Items returned when no {@code topK} argument is given. */
    public static final int DEFAULT_TOP_K = 10;

    /** The most items a serving request may ask for when no {@code maxTopK} is given. */
    public static final int DEFAULT_MAX_TOP_K = 1000;

    /** The most queries of one serving batch request when no {@code maxInstances} is given. */
    public static final int DEFAULT_MAX_INSTANCES = 64;

    @Override
    public Set<Pair<Type, Type>> getSupportedTypes() {
        return Set.of(new Pair<>(UserHistory.class, Recommendations.class),
                new Pair<>(SimilarItemsQuery.class, Recommendations.class),
                new Pair<>(Input.class, Output.class));
    }

    @Override
    @SuppressWarnings("unchecked")
    public <I, O> Translator<I, O> newInstance(Class<I> input, Class<O> output, Model model,
            Map<String, ?> arguments) throws TranslateException {
        if (!isSupported(input, output)) {
            throw new TranslateException("nais models translate UserHistory or SimilarItemsQuery "
                    + "to Recommendations, or Input to Output, not " + input.getSimpleName()
                    + " to " + output.getSimpleName());
        }
        int topK = ArgumentsUtil.intValue(arguments, "topK", DEFAULT_TOP_K);
        if (topK <= 0) {
            throw new TranslateException("topK must be positive, got " + topK);
        }
        int candidates = ArgumentsUtil.intValue(arguments, "candidates", 0);
        if (candidates < 0) {
            throw new TranslateException("candidates must be >= 0, got " + candidates);
        }
        if (input == UserHistory.class) {
            return (Translator<I, O>) new RecommendationTranslator(topK, candidates,
                    ArgumentsUtil.booleanValue(arguments, "explain", true));
        }
        if (input == SimilarItemsQuery.class) {
            return (Translator<I, O>) new SimilarItemsTranslator(topK);
        }
        int maxTopK = maxTopK(arguments);
        int maxInstances = ArgumentsUtil.intValue(arguments, "maxInstances",
                DEFAULT_MAX_INSTANCES);
        if (maxTopK < 1 || maxInstances < 1) {
            throw new TranslateException("maxTopK and maxInstances must be positive, got "
                    + maxTopK + " and " + maxInstances);
        }
        return (Translator<I, O>) new ServingRequestTranslator(new ServingRequest.Limits(
                Math.min(topK, maxTopK), maxTopK, candidates, maxInstances));
    }

    /** The {@code maxTopK} argument, or its default. */
    static int maxTopK(Map<String, ?> arguments) {
        return ArgumentsUtil.intValue(arguments, "maxTopK", DEFAULT_MAX_TOP_K);
    }
}
