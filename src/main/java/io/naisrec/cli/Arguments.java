package io.naisrec.cli;

import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

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

    /** {@code --batch-size user|N}: 0 for one batch per user, else N (at least 1). */
    static int batchSize(CommandSpec spec, String value) {
        if (value.equalsIgnoreCase("user")) {
            return 0;
        }
        try {
            int n = Integer.parseInt(value);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // not a number: the usage error below says what is accepted
        }
        throw new CommandLine.ParameterException(spec.commandLine(),
                "--batch-size must be 'user' or a positive number, got '" + value + "'");
    }
}
