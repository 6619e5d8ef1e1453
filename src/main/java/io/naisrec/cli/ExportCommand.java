package io.naisrec.cli;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import io.naisrec.zoo.DjlServingFolder;
import io.naisrec.zoo.ModelDirectory;
import io.naisrec.zoo.NpzExport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nais export}: a model's parameters as named NumPy arrays, or the model folder as DJL
 * Serving deploys it ({@link DjlServingFolder}).
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Write a model's parameters as named NumPy arrays (history_embedding, "
                + "target_embedding, item_bias, attention_W, attention_b, attention_h), rows in "
                + "the order of the model's items.tsv (--format npz), or a copy of the model "
                + "folder that carries its code in libs/, for a DJL Serving model store "
                + "(--format djl-serving)."})
final class ExportCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "DIR",
            description = "A model folder written by 'train'.")
    private Path model;

    @Option(names = "--format", defaultValue = "npz",
            description = "npz or djl-serving. Default: ${DEFAULT-VALUE}.")
    private String format;

    @Option(names = "--out", required = true, paramLabel = "PATH",
            description = "File (npz) or folder (djl-serving) to write.")
    private Path out;

    @Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException, MalformedModelException {
        if (format.equals("djl-serving")) {
            DjlServingFolder.write(model, out);
        } else if (format.equals("npz")) {
            try (ModelDirectory.Loaded loaded = ModelDirectory.load(model, Device.cpu())) {
                NpzExport.write(loaded, out);
            }
        } else {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--format must be npz or djl-serving, got '" + format + "'");
        }
        spec.commandLine().getOut().println("Wrote " + out);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
