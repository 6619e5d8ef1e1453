package io.naisrec.spark;

import ai.djl.MalformedModelException;
import io.naisrec.data.DataException;
import io.naisrec.zoo.ModelDirectory;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FilterFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.util.LongAccumulator;

/**
 * Every user's top K of a nais model, as a Spark job: interactions in, histories built in Spark
 * in time order, recommendations out as Parquet ({@link PartitionRecommender#schema}); users
 * none of whose items the model knows go to {@code OUTPUT/_unrecommended} (Parquet: user) and
 * malformed rows are counted, with examples, in {@code OUTPUT/_nais_report.json}. Run it with
 * spark-submit or locally ({@link BatchRecommendMain}).
 */
public final class BatchRecommendJob {

    /** The name of the shipped model among the application's archives. */
    static final String ARCHIVE = "nais-model";

    /** The file name of the model's zip in the scratch folder given to {@link #archiveOption}. */
    static final String ARCHIVE_FILE = ARCHIVE + ".zip";

    /** The report written beside the output's Parquet files. */
    public static final String REPORT = "_nais_report.json";
    /** The folder of users that got no recommendation. */
    public static final String UNRECOMMENDED = "_unrecommended";

    private static final int EXAMPLES = 5;
    private static final int SAMPLE_BUCKETS = 1_000_000;

    private BatchRecommendJob() {}

    /**
     * Runs the job in {@code spark}. With {@code shipModel}, the session must have been started
     * with {@link #archiveOption} among its settings.
     */
    public static JobReport run(SparkSession spark, JobSettings settings) {
        long start = System.nanoTime();
        Path folder = Path.of(settings.model());
        Set<String> vocabulary = new HashSet<>(verified(folder).items().ids());
        org.apache.hadoop.fs.Path output = new org.apache.hadoop.fs.Path(settings.output());
        FileSystem fs = fileSystem(spark, output);
        if (exists(fs, output) && !settings.overwrite()) {
            throw new DataException("--output " + settings.output() + " exists; give "
                    + "--overwrite to replace it");
        }
        Dataset<Row> rows = InteractionInput.read(spark, settings);
        rows.cache();
        Dataset<Row> histories = null;
        Broadcast<Set<String>> known = null;
        try {
            Row counts = rows.agg(functions.count(functions.lit(1)),
                    functions.count(functions.col("error"))).first();
            long inputRows = counts.getLong(0);
            long malformedRows = counts.getLong(1);
            List<String> malformedExamples = rows.filter(functions.col("error").isNotNull())
                    .select("error").limit(EXAMPLES)
                    .as(Encoders.STRING()).collectAsList();
            if (inputRows == malformedRows) {
                throw new DataException("--input " + settings.input() + ": none of its "
                        + inputRows + " rows is well-formed; check --format, --header and the "
                        + "columns" + (malformedExamples.isEmpty() ? ""
                                : " (first: " + malformedExamples.get(0) + ")"));
            }
            int partitions = settings.partitions() > 0 ? settings.partitions()
                    : 4 * spark.sparkContext().defaultParallelism();
            histories = histories(rows.filter(functions.col("error").isNull()), settings)
                    .repartition(partitions, functions.col("user"))
                    .sortWithinPartitions("user");
            histories.cache();
            long users = histories.count();
            rows.unpersist();
            known = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(vocabulary);
            Dataset<Row> recommendable = histories.filter(new HasKnownItem(known, true));
            Dataset<Row> unrecommendable = histories.filter(new HasKnownItem(known, false))
                    .select("user");
            LongAccumulator loads = spark.sparkContext().longAccumulator("nais model loads");
            long recommendStart = System.nanoTime();
            recommendable.mapPartitions(new PartitionRecommender(settings, loads),
                            Encoders.row(PartitionRecommender.schema(settings.explain())))
                    .write().mode(settings.overwrite() ? SaveMode.Overwrite
                            : SaveMode.ErrorIfExists)
                    .parquet(settings.output());
            double recommendSeconds = (System.nanoTime() - recommendStart) / 1e9;
            String unrecommended = settings.output() + "/" + UNRECOMMENDED;
            unrecommendable.write().mode(SaveMode.Overwrite).parquet(unrecommended);
            Dataset<Row> left = spark.read().parquet(unrecommended);
            long withoutKnown = left.count();
            List<String> withoutKnownExamples = left.limit(EXAMPLES).as(Encoders.STRING())
                    .collectAsList();
            Row written = spark.read().parquet(settings.output()).agg(
                    functions.count(functions.lit(1)),
                    functions.countDistinct(functions.col("user"))).first();
            long outputRows = written.getLong(0);
            long recommended = written.getLong(1);
            JobReport report = new JobReport(inputRows, malformedRows, malformedExamples, users,
                    recommended, withoutKnown, withoutKnownExamples, outputRows, loads.value(),
                    (System.nanoTime() - start) / 1e9, recommendSeconds);
            write(fs, new org.apache.hadoop.fs.Path(output, REPORT), report.toJson());
            return report;
        } finally {
            rows.unpersist();
            if (histories != null) {
                histories.unpersist();
            }
            if (known != null) {
                known.destroy();
            }
        }
    }

    /**
     * Each user's item ids, oldest first (ties by input file name, then line), of the sampled
     * users.
     */
    private static Dataset<Row> histories(Dataset<Row> valid, JobSettings settings) {
        Dataset<Row> sampled = settings.sample() >= 1 ? valid : valid.filter(functions.pmod(
                functions.hash(functions.col("user")), functions.lit(SAMPLE_BUCKETS))
                .lt((long) (settings.sample() * SAMPLE_BUCKETS)));
        return sampled.groupBy("user").agg(functions.expr("transform(array_sort(collect_list("
                + "struct(`time`, `file`, `seq`, `item`))), e -> e.`item`)").as("history"));
    }

    /**
     * The setting that ships {@code modelFolder} to every executor, zipped into
     * {@code scratch}: {@code spark.archives} to set when the session starts.
     */
    public static String archiveOption(Path modelFolder, Path scratch) {
        Path zip = scratch.resolve(ARCHIVE_FILE);
        ModelArchive.zip(modelFolder, zip);
        return zip.toUri() + "#" + ARCHIVE;
    }

    /**
     * The model folder, verified on the driver before any work: a damaged one stops the job
     * with its one-line reason, as this module's other bad input does.
     */
    private static ModelDirectory.Description verified(Path folder) {
        try {
            return ModelDirectory.verify(folder);
        } catch (MalformedModelException e) {
            throw new DataException(e.getMessage(), e);
        }
    }

    private static FileSystem fileSystem(SparkSession spark, org.apache.hadoop.fs.Path path) {
        try {
            return path.getFileSystem(spark.sparkContext().hadoopConfiguration());
        } catch (IOException e) {
            throw new DataException("--output " + path + ": " + e.getMessage(), e);
        }
    }

    private static boolean exists(FileSystem fs, org.apache.hadoop.fs.Path path) {
        try {
            return fs.exists(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(FileSystem fs, org.apache.hadoop.fs.Path file, String text) {
        try (OutputStream out = fs.create(file, true)) {
            out.write((text + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Keeps users with (or, with {@code wanted} false, without) an item the model knows. */
    private static final class HasKnownItem implements FilterFunction<Row> {
        private static final long serialVersionUID = 1L;
        private final Broadcast<Set<String>> known;
        private final boolean wanted;

        HasKnownItem(Broadcast<Set<String>> known, boolean wanted) {
            this.known = known;
            this.wanted = wanted;
        }

        @Override
        public boolean call(Row user) {
            Set<String> vocabulary = known.value();
            boolean any = user.<String>getList(1).stream().anyMatch(vocabulary::contains);
            return any == wanted;
        }
    }
}
