package io.naisrec.cli;

import io.naisrec.data.DataException;
import io.naisrec.train.Checkpoint;
import io.naisrec.zoo.ModelDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * What {@code train --resume DIR} continues. DIR is the checkpoint folder, or the run's
 * {@code --out} folder (whose checkpoint is its sibling {@code DIR.checkpoint}). The run keeps
 * its original arguments; {@code --epochs} (to train longer), {@code --evaluate-every},
 * {@code --patience}, {@code --threads} and {@code --json} may be given again, anything else is refused with one
 * line.
 *
 * @param checkpointDir the checkpoint folder
 * @param checkpoint what it holds
 * @param arguments the original arguments with the changed options in place
 */
record Resume(Path checkpointDir, Checkpoint checkpoint, List<String> arguments) {

    /** The options a resumed run may change; the rest come from the checkpoint. */
    static final Set<String> CHANGEABLE = Set.of("--epochs", "--evaluate-every", "--patience",
            "--threads", "--json");

    /** The resume of {@code given} with the options of this command line. */
    static Resume of(CommandSpec spec, Path given) {
        Path dir = checkpointFolder(given);
        Checkpoint checkpoint = Checkpoint.read(dir);
        List<String> original = new ArrayList<>();
        try {
            checkpoint.description().getAsJsonArray("args")
                    .forEach(a -> original.add(a.getAsString()));
            checkpoint.description().get("dataset_sha256").getAsString();
        } catch (RuntimeException e) {
            throw new DataException(dir.resolve(Checkpoint.STATE_FILE) + ": not a checkpoint of "
                    + "'nais train' (no args or dataset_sha256)", e);
        }
        List<String> arguments = new ArrayList<>(original);
        for (OptionSpec option : spec.commandLine().getParseResult().matchedOptions()) {
            String name = option.longestName();
            if (name.equals("--resume")) {
                continue;
            }
            if (!CHANGEABLE.contains(name)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--resume continues "
                        + "a run with its original settings: " + name + " cannot change (only "
                        + String.join(", ", CHANGEABLE.stream().sorted().toList()) + " can)");
            }
            replace(arguments, name, option.arity().max() == 0 ? null
                    : option.originalStringValues().get(option.originalStringValues().size() - 1));
        }
        return new Resume(dir, checkpoint, List.copyOf(arguments));
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
}
