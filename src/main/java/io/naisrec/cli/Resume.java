package io.naisrec.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.naisrec.data.DataException;
import io.naisrec.train.Checkpoint;
import io.naisrec.train.TrainingSettings;
import io.naisrec.zoo.ModelDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * What {@code train --resume DIR} continues. DIR is the checkpoint folder, or the run's
 * {@code --out} folder (whose checkpoint is its sibling {@code DIR.checkpoint}). The run keeps
 * the kind, configuration and settings its checkpoint holds, and what {@code train} recorded
 * beside them ({@link #record}: the data, the pretraining, the device, the model folder, the
 * command); only the options of {@link #CHANGEABLE} may be given again, anything else is
 * refused with one line.
 *
 * @param checkpointDir the checkpoint folder
 * @param checkpoint what it holds
 * @param changed the options given again, by name, with their values ({@code null} for a flag)
 */
record Resume(Path checkpointDir, Checkpoint checkpoint, Map<String, String> changed) {

    /**
     * The options a resumed run may change, sorted: the settings the library lets a resumed run
     * change ({@link TrainingSettings#CHANGEABLE_ON_RESUME}), and the options of this process
     * alone (threads, output). The one list: the {@code --resume} help is written from it
     * ({@link Help}) and the README checked against it.
     */
    static final List<String> CHANGEABLE = Stream.concat(
            TrainingSettings.CHANGEABLE_ON_RESUME.stream(), Stream.of("threads", "json"))
            .map(name -> "--" + name).sorted().toList();

    /** The resume of {@code given} with the options of this command line. */
    static Resume of(CommandSpec spec, Path given) {
        Path dir = checkpointFolder(given);
        Checkpoint checkpoint = Checkpoint.read(dir);
        Map<String, String> changed = new LinkedHashMap<>();
        for (OptionSpec option : spec.commandLine().getParseResult().matchedOptions()) {
            String name = option.longestName();
            if (name.equals("--resume")) {
                continue;
            }
            if (!CHANGEABLE.contains(name)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--resume continues "
                        + "a run with its original settings: " + name + " cannot change (only "
                        + String.join(", ", CHANGEABLE) + " can)");
            }
            List<String> values = option.originalStringValues();
            changed.put(name, option.arity().max() == 0 ? null : values.get(values.size() - 1));
        }
        Resume resume = new Resume(dir, checkpoint, changed);
        resume.record();
        return resume;
    }

    /**
     * The checkpoint's settings with the changeable ones given again taken from
     * {@code options} (the settings this command line's options translate to).
     */
    TrainingSettings settings(TrainingSettings options) {
        List<String> names = changed.keySet().stream().map(name -> name.substring(2))
                .filter(TrainingSettings.CHANGEABLE_ON_RESUME::contains).toList();
        return checkpoint.settings().withChangesFrom(options, names);
    }

    /**
     * What {@code train} recorded in the checkpoint beside the settings, checked: {@code data}
     * (the data options), {@code dataset_sha256}, {@code pretrain}, {@code pretrain_epochs},
     * {@code device}, {@code out} and {@code command}; a checkpoint without them was not
     * written by {@code train} (one line).
     */
    JsonObject record() {
        JsonObject record = checkpoint.description();
        try {
            record.getAsJsonObject("data").get("data").getAsString();
            for (String field : new String[] {"dataset_sha256", "pretrain", "device", "out"}) {
                record.get(field).getAsString();
            }
            record.get("pretrain_epochs").getAsInt();
            record.getAsJsonArray("command").forEach(JsonElement::getAsString);
        } catch (RuntimeException e) {
            throw new DataException(checkpointDir.resolve(Checkpoint.STATE_FILE) + ": not a "
                    + "checkpoint of 'nais train' (no data, dataset_sha256, pretrain, device, "
                    + "out or command)", e);
        }
        return record;
    }

    /**
     * The recorded command line with the options given again in place of the original ones:
     * the record of the model's {@code metadata.json}.
     */
    List<String> command() {
        List<String> arguments = new ArrayList<>();
        record().getAsJsonArray("command").forEach(a -> arguments.add(a.getAsString()));
        changed.forEach((name, value) -> replace(arguments, name, value));
        return List.copyOf(arguments);
    }

    /** The checkpoint folder that {@code given} names, or a one-line error. */
    static Path checkpointFolder(Path given) {
        if (Files.isRegularFile(given.resolve(Checkpoint.STATE_FILE))) {
            return given;
        }
        Path sibling = given.resolveSibling(given.getFileName() + ".checkpoint");
        if (Files.isRegularFile(sibling.resolve(Checkpoint.STATE_FILE))) {
            return sibling;
        }
        if (ModelDirectory.isModelDirectory(given)) {
            throw new DataException(given + ": this run completed (its model is here); there is "
                    + "nothing to resume");
        }
        throw new DataException(given + ": no checkpoint here or in " + sibling + " (no "
                + Checkpoint.STATE_FILE + ")");
    }

    /** Replaces every occurrence of {@code name} (and its value) by one, at the end. */
    private static void replace(List<String> arguments, String name, String value) {
        for (int k = arguments.size() - 1; k >= 0; k--) {
            String argument = arguments.get(k);
            if (argument.startsWith(name + "=")) {
                arguments.remove(k);
            } else if (argument.equals(name)) {
                if (value != null && k + 1 < arguments.size()) {
                    arguments.remove(k + 1);
                }
                arguments.remove(k);
            }
        }
        arguments.add(name);
        if (value != null) {
            arguments.add(value);
        }
    }

    /** Ends the {@code --resume} option's help with {@link #CHANGEABLE}. */
    static final class Help implements IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            OptionSpec resume = spec.findOption("--resume");
            spec.remove(resume);
            spec.addOption(OptionSpec.builder(resume).description(resume.description()[0] + " "
                    + String.join(", ", CHANGEABLE) + ".").build());
            return spec;
        }
    }
}
