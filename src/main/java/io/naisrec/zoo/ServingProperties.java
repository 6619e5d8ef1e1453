package io.naisrec.zoo;

import io.naisrec.data.DataException;
import io.naisrec.model.ItemSimilarityConfig;
import io.naisrec.model.ModelKind;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Properties;

/**
 * A model folder's {@code serving.properties}: what nais writes there, and how loading checks it.
 * The file is checked by its model keys ({@link #MODEL_KEYS}: engine, parameter file, block
 * factory, kind, hyperparameters, item count), which must hold what {@code metadata.json}
 * describes, not by its bytes: every other key is free, so that DJL Serving's own settings
 * ({@code batch_size}, {@code max_batch_delay}, {@code minWorkers}, {@code maxWorkers},
 * {@code job_queue_size}, …) and the translator's arguments ({@code topK}, {@code maxTopK},
 * {@code maxInstances}, {@code candidates}) can be set in it, as DJL Serving's users do.
 */
final class ServingProperties {

    /** The keys that describe the model, checked against {@code metadata.json} on load. */
    static final List<String> MODEL_KEYS = List.of("engine", "option.modelName",
            "option.epoch", "blockFactory", "model", "embedding_size", "attention_size", "beta",
            "alpha", "max_history", "num_items");

    private ServingProperties() {}

    /** The file as {@code train} writes it: the model keys, the translator factory, topK. */
    static String text(ModelKind kind, ItemSimilarityConfig config, int numItems) {
        return String.join("\n",
                "# DJL model-zoo description of a nais model (see metadata.json for the rest);",
                "# loading checks the lines down to num_items: add settings after them",
                "engine=PyTorch",
                "option.modelName=" + ModelDirectory.PARAMS_PREFIX,
                "option.epoch=0",
                "blockFactory=" + NaisBlockFactory.class.getName(),
                "model=" + kind.id(),
                "embedding_size=" + config.embeddingSize(),
                "attention_size=" + config.attentionSize(),
                "beta=" + (config.learnBeta() ? "learned" : config.beta()),
                "alpha=" + config.alpha(),
                "max_history=" + config.maxHistory(),
                "num_items=" + numItems,
                "translatorFactory=" + NaisTranslatorFactory.class.getName(),
                "topK=" + NaisTranslatorFactory.DEFAULT_TOP_K, "");
    }

    /**
     * Checks that {@code file} holds the model keys {@link #text} writes for this description,
     * whatever else it holds; a missing or different one is a {@link DataException} naming it.
     */
    static void check(Path file, ModelKind kind, ItemSimilarityConfig config, int numItems) {
        Properties actual = read(file);
        Properties expected = parse(text(kind, config, numItems));
        for (String key : MODEL_KEYS) {
            String want = expected.getProperty(key);
            String got = actual.getProperty(key);
            if (!Objects.equals(want, got)) {
                throw new DataException(file + ": " + key + (got == null ? " is missing"
                        : " is '" + got + "'") + ", the model was written with '" + want
                        + "' (only the settings after num_items may be changed)");
            }
        }
    }

    /** The file's keys; an unreadable file is a {@link DataException}. */
    static Properties read(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Properties properties = new Properties();
            properties.load(reader);
            return properties;
        } catch (IOException | IllegalArgumentException e) {
            throw new DataException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static Properties parse(String text) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(text));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return properties;
    }
}
