package io.naisrec.cli;

import ai.djl.MalformedModelException;
import ai.djl.repository.zoo.ModelNotFoundException;
import io.naisrec.data.DataException;
import io.naisrec.data.Messages;
import io.naisrec.runtime.FloatingPointMode;
import io.naisrec.runtime.HeapSizing;
import io.naisrec.runtime.NativeAllocator;
import io.naisrec.train.TrainingDivergedException;
import io.naisrec.zoo.BuildInfo;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code java -jar target/nais.jar}. */
@Command(name = "nais", mixinStandardHelpOptions = true, versionProvider = NaisCli.Version.class,
        description = "NAIS: neural attentive item similarity recommenders on DJL.",
        subcommands = {DataCommand.class, TrainCommand.class, EvaluateCommand.class,
            RecommendCommand.class, SimilarCommand.class, ExportCommand.class,
            AnalyzeCommand.class, ServeCommand.class, NotebookCommand.class, KernelCommand.class,
            BenchCommand.class,
            CommandLine.HelpCommand.class})
public final class NaisCli implements Runnable {

    /** {@code nais VERSION (commit COMMIT)}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String commit = BuildInfo.commit();
            return new String[] {"nais " + BuildInfo.version()
                + (commit == null ? "" : " (commit " + commit + ")")};
        }
    }

    /** Exit code for bad arguments, bad data or a missing or damaged model folder. */
    public static final int EXIT_USAGE = 2;
    /** Exit code for any other failure. */
    public static final int EXIT_FAILURE = 1;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * Runs the CLI and exits with its code, after configuring logging ({@link CliLogging}),
     * tuning glibc's malloc ({@link NativeAllocator}), keeping the heap small
     * ({@link HeapSizing}) and flushing denormal floats to zero on this
     * thread ({@link FloatingPointMode}).
     */
    public static void main(String[] args) {
        CliLogging.configure();
        NativeAllocator.configure();
        HeapSizing.keepSmall();
        FloatingPointMode.flushDenormals();
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the CLI with the given streams and returns the exit code (for tests and embedding). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        System.setProperty("ai.djl.offline", "true");
        PrintWriter errWriter = new PrintWriter(err, true, Charset.defaultCharset());
        CommandLine cli = new CommandLine(new NaisCli())
                .setOut(new PrintWriter(out, true, Charset.defaultCharset()))
                .setErr(errWriter)
                .setParameterExceptionHandler((ex, argv) -> {
                    errWriter.println("nais: " + ex.getMessage() + " (see '"
                            + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
                    return EXIT_USAGE;
                })
                .setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
                    boolean known = isUsage(ex) || ex instanceof TrainingDivergedException;
                    errWriter.println("nais: " + (known ? "" : "internal error: ")
                            + Messages.oneLine(ex) + (known || System.getenv("NAIS_DEBUG")
                                    != null ? "" : " (NAIS_DEBUG=1 prints the stack trace)"));
                    if (System.getenv("NAIS_DEBUG") != null) {
                        ex.printStackTrace(errWriter);
                    }
                    return exitCode(ex);
                });
        return cli.execute(args);
    }

    /**
     * The exit code of a command that failed with {@code ex}, the one place the CLI maps
     * exception types to exit codes: {@link #EXIT_USAGE} for bad input (bad data, a missing or
     * damaged model folder, no model matching), {@link #EXIT_FAILURE} for anything else
     * (training that diverged, internal errors).
     */
    static int exitCode(Throwable ex) {
        return isUsage(ex) ? EXIT_USAGE : EXIT_FAILURE;
    }

    private static boolean isUsage(Throwable ex) {
        return ex instanceof DataException || ex instanceof MalformedModelException
                || ex instanceof ModelNotFoundException;
    }
}
