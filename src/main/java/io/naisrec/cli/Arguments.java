package io.naisrec.cli;

import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine;

/**
 * Turns the validation errors of settings built from options (an {@link
 * IllegalArgumentException} of a config's builder) into usage errors, exit code 2; any other
 * {@code IllegalArgumentException} stays an internal error, exit code 1.
 */
final class Arguments {

    private Arguments() {}

    /** {@code build}'s result, or a usage error carrying its message. */
    static <T> T valid(CommandSpec spec, Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }
}
