package io.naisrec.cli;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import io.naisrec.zoo.ModelDirectory;
import io.naisrec.zoo.NpzExport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nais export}: a model's parameters as named NumPy arrays. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write a model's parameters as named NumPy arrays (history_embedding, "
                + "target_embedding, item_bias, attention_W, attention_b, attention_h), rows in "
                + "the order of the model's items.tsv.")
final class ExportCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "DIR",
            description = "A model folder written by 'train'.")
    private Path model;

    @Option(names = "--format", defaultValue = "npz",
            description = "Output format; only npz. Default: ${DEFAULT-VALUE}.")
    private String format;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "File to write.")
    private Path out;

    @Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException, MalformedModelException {
        if (!format.equals("npz")) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--format must be npz, got '" + format + "'");
        }
        try (ModelDirectory.Loaded loaded = ModelDirectory.load(model, Device.cpu())) {
            NpzExport.write(loaded, out);
        }
        spec.commandLine().getOut().println("Wrote " + out);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
