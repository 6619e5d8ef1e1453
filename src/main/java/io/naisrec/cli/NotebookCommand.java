package io.naisrec.cli;

import io.naisrec.notebook.Notebook;
import io.naisrec.notebook.NotebookRunner;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code nais notebook run}: executes IJava notebooks headlessly, optionally saving outputs. */
@Command(name = "notebook", mixinStandardHelpOptions = true,
        description = "Run IJava notebooks headlessly (JShell), cell by cell; fail on the first "
                + "cell that does not compile or throws.")
final class NotebookCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "run", description = "The action: run.")
    private String action;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "NOTEBOOK",
            description = "Notebook files (.ipynb).")
    private List<Path> notebooks;

    @Option(names = "--quick", description = "Small epoch counts (sets nais.notebook.quick, "
            + "which the notebooks read).")
    private boolean quick;

    @Option(names = "--write", description = "Write the outputs, images included, back into "
            + "each notebook.")
    private boolean write;

    @Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (!action.equals("run")) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "the only action is 'run', got '" + action + "'");
        }
        System.setProperty("nais.notebook.quick", Boolean.toString(quick));
        List<Path> classPath = Arrays.stream(System.getProperty("java.class.path")
                .split(File.pathSeparator)).map(Path::of).toList();
        NotebookRunner runner = new NotebookRunner(classPath);
        PrintWriter out = spec.commandLine().getOut();
        for (Path file : notebooks) {
            Notebook notebook = Notebook.read(file);
            long start = System.nanoTime();
            int cells = runner.run(notebook).size();
            if (write) {
                notebook.write();
            }
            out.printf(Locale.ROOT, "%s: %d code cells ran (%.0f s)%s%n", file, cells,
                    (System.nanoTime() - start) / 1e9, write ? ", outputs written" : "");
            out.flush();
        }
        return 0;
    }
}
