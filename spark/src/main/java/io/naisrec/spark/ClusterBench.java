package io.naisrec.spark;

import com.google.gson.Gson;
import java.io.File;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Users per second of the job on a standalone cluster on this machine ({@link
 * StandaloneCluster}) with 1, then 2 executors of one core each, ranking exactly (on a sample
 * of the users) and in two stages (on all of them): {@code spark/bench.sh}.
 */
@Command(name = "nais-spark-bench", mixinStandardHelpOptions = true,
        description = "Time the batch job with 1 and 2 one-core executors, exact and two-stage.")
public final class ClusterBench implements Callable<Integer> {

    private static final int EXECUTOR_MB = 2048;

    private static final long REGISTRATION_TIMEOUT_NANOS = 120_000_000_000L;

    @Option(names = "--model", required = true, description = "The model folder.")
    private String model;

    @Mixin
    private InputOptions inputOptions;

    @Option(names = "--exact-sample", defaultValue = "0.1", description = "Share of users "
            + "ranked exactly. Default: ${DEFAULT-VALUE}.")
    private double exactSample;

    @Option(names = "--candidates", defaultValue = "200", description = "Two-stage shortlist. "
            + "Default: ${DEFAULT-VALUE}.")
    private int candidates;

    @Option(names = "--executors", defaultValue = "1,2", split = ",", description = "Executor "
            + "counts to time. Default: ${DEFAULT-VALUE}.")
    private List<Integer> executors;

    @Option(names = "--work", description = "Scratch folder (default: a temporary one).")
    private Path work;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path scratch = work != null ? Files.createDirectories(work)
                : Files.createTempDirectory("nais-spark-bench-");
        List<String> classPath = List.of(System.getProperty("java.class.path")
                .split(File.pathSeparator));
        List<Map<String, Object>> runs = new ArrayList<>();
        PrintWriter out = spec.commandLine().getOut();
        int most = executors.stream().mapToInt(Integer::intValue).max().orElse(1);
        try (StandaloneCluster cluster = StandaloneCluster.start(scratch, most,
                most * EXECUTOR_MB + 512, classPath)) {
            for (int count : executors) {
                SparkSession spark = cluster.session(count, EXECUTOR_MB)
                        .appName("nais-spark-bench-" + count).getOrCreate();
                try {
                    awaitExecutors(spark, count);
                    runs.add(run(spark, count, 0, exactSample, scratch));
                    runs.add(run(spark, count, candidates, 1.0, scratch));
                } finally {
                    spark.stop();
                }
                out.println(runs.get(runs.size() - 2));
                out.println(runs.get(runs.size() - 1));
                out.flush();
            }
        }
        out.println(new Gson().toJson(Map.of("runs", runs)));
        out.flush();
        return 0;
    }

    /**
     * Waits until {@code count} executors have registered: the previous session's executors
     * give their cores back only as they exit, so the new ones may come one at a time.
     */
    private static void awaitExecutors(SparkSession spark, int count)
            throws InterruptedException {
        long deadline = System.nanoTime() + REGISTRATION_TIMEOUT_NANOS;
        int registered = spark.sparkContext().getExecutorMemoryStatus().size() - 1;
        while (registered < count && System.nanoTime() < deadline) {
            Thread.sleep(200);
            registered = spark.sparkContext().getExecutorMemoryStatus().size() - 1;
        }
        if (registered != count) {
            throw new IllegalStateException(count + " executors asked for, " + registered
                    + " registered within 120 s");
        }
    }

    private Map<String, Object> run(SparkSession spark, int count, int shortlist, double sample,
            Path scratch) {
        JobSettings settings = inputOptions.settings(model, scratch.resolve("out-" + count + "-"
                + shortlist).toString(), 10, shortlist, false, 64, 0, sample, false, true);
        JobReport report = BatchRecommendJob.run(spark, settings);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("executors", count);
        fields.put("ranking", shortlist == 0 ? "exact" : "two-stage " + shortlist);
        fields.put("users", report.recommendedUsers());
        fields.put("recommend_seconds", report.recommendSeconds());
        fields.put("users_per_second", report.usersPerSecond());
        fields.put("job_seconds", report.seconds());
        fields.put("model_loads", report.modelLoads());
        fields.put("summary", String.format(Locale.ROOT, "%d executor(s), %s: %.1f users/s",
                count, fields.get("ranking"), report.usersPerSecond()));
        return fields;
    }

    /** Runs the benchmark. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new ClusterBench()).execute(args));
    }
}
