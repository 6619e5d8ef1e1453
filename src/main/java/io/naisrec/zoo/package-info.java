/**
 * Trained models as DJL model-zoo artifacts. {@link io.naisrec.zoo.ModelDirectory} writes a
 * model folder atomically (parameters, {@code serving.properties}, the item vocabulary,
 * {@code metadata.json} with checksums, a model card) and verifies it on load (a missing or
 * damaged folder is DJL's {@code MalformedModelException}), with the EASE^R first stage of
 * two-stage ranking that a folder may carry ({@link io.naisrec.zoo.FirstStageFile});
 * {@link io.naisrec.zoo.NaisBlockFactory} (the model's block, built once) and {@link io.naisrec.zoo.NaisTranslatorFactory} (its
 * translators, which read the vocabulary in {@code prepare}) let DJL's {@code Criteria} load it,
 * and {@link io.naisrec.zoo.NaisModelZoo} finds it by zoo coordinates;
 * {@link io.naisrec.zoo.DjlServingFolder} writes a copy that carries its code in {@code libs/}
 * for a DJL Serving model store, whose {@link io.naisrec.zoo.NaisServingTranslator} DJL Serving
 * loads from there ({@code serving.properties} is checked by its model keys,
 * {@link io.naisrec.zoo.ServingProperties}, so DJL Serving's settings can be added to it). Applications pass a
 * {@link io.naisrec.zoo.UserHistory} (or a {@link io.naisrec.zoo.SimilarItemsQuery}) and get
 * {@link io.naisrec.zoo.Recommendations} explained by each history item's contribution to the
 * score, its share and its attention weight; servers
 * pass DJL Serving's {@code Input} holding a {@link io.naisrec.zoo.ServingRequest} (typed, or
 * its JSON text) and get an {@code Output} holding a {@link io.naisrec.zoo.ServingAnswer} or an
 * error body ({@link io.naisrec.zoo.ServingOutputs}). Every query kind, mixed in one batch, is
 * computed by the {@link io.naisrec.zoo.ServingBlock} in one forward pass; the single-kind
 * blocks {@link io.naisrec.zoo.RecommendationBlock} and {@link io.naisrec.zoo.SimilarItemsBlock}
 * document the outputs and serve callers that hold a trained block. Uses data and model only.
 */
package io.naisrec.zoo;
