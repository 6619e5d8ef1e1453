package io.naisrec.spark;

import io.naisrec.data.DataException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The job's command line: {@code spark-submit --class io.naisrec.spark.BatchRecommendMain
 * nais-spark.jar --model DIR --input DATA --output OUT}, or, with {@code --master local[N]},
 * in a plain JVM with Spark on the class path (spark/run-local.sh).
 */
@Command(name = "nais-spark", mixinStandardHelpOptions = true,
        description = "Write every user's top K of a nais model as Parquet (user, rank, item, "
                + "score[, top_history_item]), on Spark.")
public final class BatchRecommendMain implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "DIR",
            description = "The model folder (on the driver's file system).")
    private String model;

    @Mixin
    private InputOptions inputOptions;

    @Option(names = "--output", required = true, paramLabel = "DIR",
            description = "The Parquet folder to write.")
    private String output;

    @Option(names = "--overwrite", description = "Replace an existing output.")
    private boolean overwrite;

    @Option(names = "--k", defaultValue = "10", description = "Items per user. "
            + "Default: ${DEFAULT-VALUE}.")
    private int k;

    @Option(names = "--candidates", defaultValue = "0", paramLabel = "M",
            description = "0 ranks every item; M ranks in two stages over M candidates, "
                    + "shortlisted by the model folder's EASE first stage when it carries one "
                    + "(train --first-stage ease), else by FISM-style scores. "
                    + "Default: ${DEFAULT-VALUE}.")
    private int candidates;

    @Option(names = "--explain", description = "Add the history item that weighed most.")
    private boolean explain;

    @Option(names = "--batch-users", defaultValue = "64", description = "Users per "
            + "batchPredict. Default: ${DEFAULT-VALUE}.")
    private int batchUsers;

    @Option(names = "--partitions", defaultValue = "0", description = "Partitions of the "
            + "histories; 0: four per core. Default: ${DEFAULT-VALUE}.")
    private int partitions;

    @Option(names = "--sample", defaultValue = "1", description = "Share of users, chosen by "
            + "a hash of their id. Default: ${DEFAULT-VALUE}.")
    private double sample;

    @Option(names = "--ship-model", description = "Send the model folder to the executors "
            + "(spark.archives) instead of reading it from the same path on each.")
    private boolean shipModel;

    @Option(names = "--master", description = "Spark master when not run by spark-submit, "
            + "e.g. local[2].")
    private String master;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        JobSettings settings;
        try {
            settings = inputOptions.settings(model, output, k, candidates, explain, batchUsers,
                    partitions, sample, shipModel, overwrite);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        SparkSession.Builder builder = SparkSession.builder().appName("nais batch "
                + "recommendations");
        if (master != null) {
            builder.master(master);
        }
        Path scratch = shipModel ? Files.createTempDirectory("nais-spark-") : null;
        PrintWriter out = spec.commandLine().getOut();
        try {
            if (shipModel) {
                String archives = new SparkConf().get("spark.archives", "");
                String ours = BatchRecommendJob.archiveOption(Path.of(model), scratch);
                builder.config("spark.archives", archives.isEmpty() ? ours
                        : archives + "," + ours);
            }
            try (SparkSession spark = builder.getOrCreate()) {
                JobReport report = BatchRecommendJob.run(spark, settings);
                out.println(report.summary());
                out.println(report.toJson());
            }
        } finally {
            if (scratch != null) {
                Files.deleteIfExists(scratch.resolve(BatchRecommendJob.ARCHIVE_FILE));
                Files.deleteIfExists(scratch);
            }
        }
        out.flush();
        return 0;
    }

    /**
     * Runs the command line; exit code 2 for bad arguments or data, 1 for other failures (and
     * returns normally on success, as spark-submit's cluster modes expect).
     */
    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new BatchRecommendMain());
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            Throwable cause = e;
            while (cause.getCause() != null && !(cause instanceof DataException)) {
                cause = cause.getCause();
            }
            line.getErr().println("nais-spark: " + (cause instanceof DataException
                    ? cause.getMessage() : "internal error: " + e));
            return cause instanceof DataException ? 2 : 1;
        });
        int code = cli.execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }
}
