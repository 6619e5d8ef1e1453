package io.naisrec.cli;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.naisrec.data.LeaveOneOutSplit;
import io.naisrec.data.TextSource;
import io.naisrec.model.ItemSimilarityConfig;
import io.naisrec.model.ModelKind;
import io.naisrec.train.NewItemStart;
import io.naisrec.zoo.ModelDirectory;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * {@code train --init-from DIR}: continue a model folder (the parent) on new data. The new model
 * has the parent's kind and configuration and starts from its parameters; its items are the
 * parent's, in the parent's order, then the data's items the parent does not know, appended,
 * whose embeddings start as {@code --new-items} says ({@link NewItemStart}). The optimizer starts
 * afresh: a model folder keeps no Adagrad accumulators (the run's checkpoint, which has them, is
 * removed when the run completes). The new folder's {@code metadata.json} records the parent.
 */
final class InitFromOptions {

    /** Options that would change the parent's configuration or start: refused beside it. */
    private static final List<String> CONFIGURATION = List.of("--beta", "--alpha", "--reg",
            "--max-history", "--pretrain", "--pretrain-epochs");

    @Spec(Spec.Target.MIXEE)
    private CommandSpec mixee;

    @Option(names = "--init-from", paramLabel = "DIR",
            description = "Start from this model folder's parameters (its kind and configuration;"
                    + " --model, --embedding and --attention may only repeat them), the data's "
                    + "items it does not know appended to its vocabulary.")
    private Path folder;

    @Option(names = "--new-items", defaultValue = "cooccurrence",
            paramLabel = "cooccurrence|random",
            description = "With --init-from, where the embeddings of new items start: the mean "
                    + "of the known items' over the training histories holding the item, or "
                    + "random. Default: ${DEFAULT-VALUE}.")
    private String newItems;

    private ModelDirectory.Description parent;

    /** Whether {@code --init-from} was given (or restored). */
    boolean given() {
        return folder != null;
    }

    /**
     * The parent's kind, refusing a {@code --model} that names another and the options that
     * would change its configuration; without {@code --init-from}, {@code options}' kind (and
     * {@code --new-items} refused).
     */
    ModelKind kind(Supplier<ModelKind> options) throws MalformedModelException {
        ParseResult parsed = mixee.commandLine().getParseResult();
        if (!given()) {
            if (parsed.hasMatchedOption("--new-items")) {
                throw new CommandLine.ParameterException(mixee.commandLine(),
                        "--new-items needs --init-from");
            }
            return options.get();
        }
        ModelKind kind = parent().kind();
        if (parsed.hasMatchedOption("--model") && options.get() != kind) {
            throw refused("is a " + kind.id() + " model: --model cannot change its kind");
        }
        for (String name : CONFIGURATION) {
            if (parsed.hasMatchedOption(name)) {
                throw refused("keeps its configuration and parameters: " + name
                        + " cannot be given with it");
            }
        }
        return kind;
    }

    /**
     * The parent's configuration, refusing an {@code --embedding} or {@code --attention} that
     * differs from it; without {@code --init-from}, {@code options}' configuration.
     */
    ItemSimilarityConfig config(Supplier<ItemSimilarityConfig> options)
            throws MalformedModelException {
        if (!given()) {
            return options.get();
        }
        ItemSimilarityConfig config = parent().config();
        ParseResult parsed = mixee.commandLine().getParseResult();
        int embedding = parsed.matchedOptionValue("--embedding", config.embeddingSize());
        int attention = parsed.matchedOptionValue("--attention", config.attentionSize());
        if (embedding != config.embeddingSize() || attention != config.attentionSize()) {
            throw refused("has embedding size " + config.embeddingSize() + " and attention size "
                    + config.attentionSize() + ": --embedding " + embedding + " --attention "
                    + attention + " would change its sizes");
        }
        return config;
    }

    /** {@code split} with the parent's items first, in its order; {@code split} without one. */
    LeaveOneOutSplit split(LeaveOneOutSplit split) throws MalformedModelException {
        return given() ? split.withLeadingItems(parent().items().ids()) : split;
    }

    /** The parent loaded onto {@code device}, or {@code null} without {@code --init-from}. */
    ModelDirectory.Loaded load(Device device) throws MalformedModelException {
        return given() ? ModelDirectory.load(folder, device) : null;
    }

    /** Where new items start. */
    NewItemStart newItemStart() {
        return NewItemStart.parse(newItems);
    }

    /** What a checkpoint records to resume the run: the parent and the new items' start. */
    Map<String, Object> record() {
        return given() ? Map.of("init_from", folder.toString(), "new_items", newItems) : Map.of();
    }

    /** Sets these options to what {@link #record()} wrote (a resumed run). */
    void restore(JsonObject record) {
        if (record.has("init_from")) {
            folder = Path.of(record.get("init_from").getAsString());
            newItems = record.get("new_items").getAsString();
        }
    }

    /**
     * The record of the parent for the new folder's {@code metadata.json}, as its field
     * {@code parent} (none without {@code --init-from}): its path, the SHA-256 of its parameters and of its {@code metadata.json}, its kind,
     * data and training settings, its item count, and the items the new model added.
     */
    Map<String, Object> parentRecord(LeaveOneOutSplit split) throws MalformedModelException {
        if (!given()) {
            return Map.of();
        }
        ModelDirectory.Description description = parent();
        JsonObject training = description.training();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("path", folder.toAbsolutePath().normalize().toString());
        fields.put("parameters_sha256",
                TextSource.of(folder.resolve(ModelDirectory.PARAMS_FILE)).sha256());
        fields.put("metadata_sha256",
                TextSource.of(folder.resolve(ModelDirectory.METADATA_FILE)).sha256());
        fields.put("model", description.kind().id());
        fields.put("dataset", string(training.get("dataset")));
        fields.put("dataset_sha256", string(training.get("dataset_sha256")));
        fields.put("settings", training.has("settings") ? training.get("settings") : null);
        fields.put("items", description.items().size());
        fields.put("new_items", split.train().numItems() - description.items().size());
        fields.put("new_items_start", newItemStart().id());
        return Map.of("parent", fields);
    }

    private static String string(JsonElement value) {
        return value == null || value.isJsonNull() ? null : value.getAsString();
    }

    private ModelDirectory.Description parent() throws MalformedModelException {
        if (parent == null) {
            parent = ModelDirectory.verify(folder);
        }
        return parent;
    }

    private CommandLine.ParameterException refused(String why) {
        return new CommandLine.ParameterException(mixee.commandLine(),
                "--init-from " + folder + " " + why);
    }

}
