package io.naisrec.zoo;

import ai.djl.Model;
import ai.djl.modality.Input;
import ai.djl.modality.Output;
import ai.djl.nn.Block;
import ai.djl.translate.ArgumentsUtil;
import ai.djl.translate.TranslateException;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorFactory;
import ai.djl.util.Pair;
import io.naisrec.data.DataException;
import io.naisrec.model.ItemSimilarityBlock;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * Makes the translators of a nais model ({@code translatorFactory} in {@code serving.properties}):
 * {@link UserHistory} → {@link Recommendations}, {@link ItemSimilarity} →
 * {@link Recommendations}, and DJL Serving's {@link Input} → {@link Output} (JSON requests of
 * either kind, see {@link ServingRequest}), so that {@code Criteria<Input, Output>} by path, as a
 * model server loads models, needs no nais-specific call. Arguments: {@code topK} (default 10;
 * for {@link Input}, the default of a request that gives none), {@code candidates}: 0 (default)
 * ranks every item exactly; M &gt; 0 ranks in two stages, the model re-ranking the M best items
 * by FISM-style scores (faster on large catalogues; for {@link Input}, the default), and for
 * {@link Input} {@code maxTopK} (default 1000), the most items a request may ask for (a larger
 * {@code topK} default is lowered to it), and {@code maxInstances} (default 64), the most
 * queries of one {@code {"instances": [...]}} request.
 *
 * <p>The model's block, as {@link NaisBlockFactory} builds it, is the trained FISM or NAIS
 * block; this factory wraps it in the block of the query, {@link RecommendationBlock},
 * {@link SimilarItemsBlock} or {@link ServingBlock}, with these arguments, and makes that the
 * model's block. All use the loaded parameters; a {@code ZooModel} answers the kind of query it
 * was loaded for.
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
                new Pair<>(ItemSimilarity.class, Recommendations.class),
                new Pair<>(Input.class, Output.class));
    }

    @Override
    @SuppressWarnings("unchecked")
    public <I, O> Translator<I, O> newInstance(Class<I> input, Class<O> output, Model model,
            Map<String, ?> arguments) throws TranslateException {
        if (!isSupported(input, output)) {
            throw new TranslateException("nais models translate UserHistory or ItemSimilarity "
                    + "to Recommendations, or Input to Output, not " + input.getSimpleName()
                    + " to "
                    + output.getSimpleName());
        }
        ItemSimilarityBlock scorer = scorer(model.getBlock());
        int topK = ArgumentsUtil.intValue(arguments, "topK", DEFAULT_TOP_K);
        if (topK <= 0) {
            throw new TranslateException("topK must be positive, got " + topK);
        }
        int candidates = ArgumentsUtil.intValue(arguments, "candidates", 0);
        if (candidates < 0) {
            throw new TranslateException("candidates must be >= 0, got " + candidates);
        }
        Path folder = model.getModelPath();
        ItemVocabulary items;
        try {
            items = ItemVocabulary.read(folder.resolve(ItemVocabulary.FILE));
        } catch (DataException e) {
            throw new TranslateException(e.getMessage(), e);
        }
        if (items.size() != scorer.numItems()) {
            throw new TranslateException(folder.resolve(ItemVocabulary.FILE) + ": "
                    + items.size() + " items, the model has " + scorer.numItems());
        }
        RecommendationCodec codec = new RecommendationCodec(scorer, items);
        if (input == UserHistory.class) {
            model.setBlock(new RecommendationBlock(scorer, topK, candidates));
            return (Translator<I, O>) new RecommendationTranslator(codec);
        }
        if (input == Input.class) {
            int maxTopK = ArgumentsUtil.intValue(arguments, "maxTopK", DEFAULT_MAX_TOP_K);
            int maxInstances = ArgumentsUtil.intValue(arguments, "maxInstances",
                    DEFAULT_MAX_INSTANCES);
            if (maxTopK < 1 || maxInstances < 1) {
                throw new TranslateException("maxTopK and maxInstances must be positive, got "
                        + maxTopK + " and " + maxInstances);
            }
            model.setBlock(new ServingBlock(scorer, maxTopK));
            return (Translator<I, O>) new ServingTranslator(codec, new ServingRequest.Limits(
                    Math.min(topK, maxTopK), maxTopK, candidates, maxInstances),
                    scorer.numItems());
        }
        model.setBlock(new SimilarItemsBlock(scorer, topK));
        return (Translator<I, O>) new SimilarityTranslator(codec);
    }

    /** The trained block: the model's block, or the one a query block wraps. */
    private static ItemSimilarityBlock scorer(Block block) throws TranslateException {
        if (block instanceof ItemSimilarityBlock scorer) {
            return scorer;
        }
        if (block instanceof QueryBlock query) {
            return query.scorer();
        }
        throw new TranslateException("the model's block is not a nais block (blockFactory "
                + NaisBlockFactory.class.getName() + " expected)");
    }
}
