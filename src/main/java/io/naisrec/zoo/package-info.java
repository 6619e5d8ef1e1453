/**
 * Trained models as DJL model-zoo artifacts. {@link io.naisrec.zoo.ModelDirectory} writes a
 * model folder atomically (parameters, {@code serving.properties}, the item vocabulary,
 * {@code metadata.json} with checksums, a model card) and verifies it on load;
 * {@link io.naisrec.zoo.NaisBlockFactory} and {@link io.naisrec.zoo.NaisTranslatorFactory} let
 * DJL's {@code Criteria} load it, and {@link io.naisrec.zoo.NaisModelZoo} finds it by zoo
 * coordinates. Applications pass a {@link io.naisrec.zoo.UserHistory} (or an
 * {@link io.naisrec.zoo.ItemSimilarity} query) and get {@link io.naisrec.zoo.Recommendations}
 * with the attention weights that explain them, computed by the query blocks
 * {@link io.naisrec.zoo.RecommendationBlock} and {@link io.naisrec.zoo.SimilarItemsBlock} in one
 * forward pass per batch. Uses data and model only.
 */
package io.naisrec.zoo;
