package io.naisrec.cli;

import ai.djl.MalformedModelException;
import ai.djl.repository.zoo.ModelNotFoundException;
import io.naisrec.data.DataException;
import io.naisrec.data.Messages;
import io.naisrec.runtime.FloatingPointMode;
import io.naisrec.runtime.HeapSizing;
import io.naisrec.runtime.NativeAllocator;
import io.naisrec.runtime.PreloadedAllocator;
import io.naisrec.train.TrainingDivergedException;
import io.naisrec.zoo.BuildInfo;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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

    /**
     * The commands run again under tcmalloc: those that train or score at length, where glibc's
     * malloc fragments (docs/BENCHMARKS.md, round 9); {@code bench serve} is not one of them
     * (its server starts as the README's {@code serve}).
     */
    static final Set<String> RELAUNCHED = Set.of("train", "evaluate", "bench");

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
     * running a command that trains or scores at length again under tcmalloc where it is
     * installed ({@link PreloadedAllocator}, {@link #RELAUNCHED}), tuning the allocator
     * ({@link NativeAllocator}), keeping the heap small
     * ({@link HeapSizing}) and flushing denormal floats to zero on this
     * thread ({@link FloatingPointMode}).
     */
    public static void main(String[] args) {
        CliLogging.configure();
        Logger log = LoggerFactory.getLogger(NaisCli.class);
        Optional<Path> tcmalloc = relaunched(args) ? PreloadedAllocator.toPreload()
                : Optional.empty();
        if (tcmalloc.isPresent()) {
            try {
                System.exit(PreloadedAllocator.relaunch(tcmalloc.get(), NaisCli.class, args));
            } catch (IOException e) {
                log.warn("Could not run again under tcmalloc ({}); glibc's malloc instead",
                        Messages.oneLine(e));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                System.exit(EXIT_FAILURE);
            }
        }
        PreloadedAllocator.followParent();
        if (PreloadedAllocator.loaded()) {
            log.info("Allocator: tcmalloc ({}=glibc for glibc's malloc)",
                    PreloadedAllocator.VARIABLE);
        }
        NativeAllocator.configure();
        HeapSizing.keepSmall();
        FloatingPointMode.flushDenormals();
        System.exit(run(args, System.out, System.err));
    }

    /** Whether {@code args} run one of the {@link #RELAUNCHED} commands (not its help). */
    static boolean relaunched(String[] args) {
        List<String> given = List.of(args);
        return !given.isEmpty() && RELAUNCHED.contains(given.get(0))
                && !(given.get(0).equals("bench") && given.size() > 1
                        && given.get(1).equals("serve"))
                && !given.contains("--help") && !given.contains("-h");
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
