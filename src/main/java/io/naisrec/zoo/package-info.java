/**
 * Trained models on disk: {@link io.naisrec.zoo.ModelDirectory} writes a model folder atomically
 * (DJL parameters {@code nais-0000.params}, {@code model.json} with the configuration and
 * metrics, the item vocabulary {@code items.txt}, the per-epoch log and chart) and loads it back.
 */
package io.naisrec.zoo;
