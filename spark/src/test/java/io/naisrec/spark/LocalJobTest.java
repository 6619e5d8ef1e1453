package io.naisrec.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.naisrec.data.DataException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job in {@code local[2]}: its output is a Predictor's, users and rows accounted for. */
class LocalJobTest {

    @TempDir
    static Path dir;
    static JobFixture fixture;
    static SparkSession spark;

    @BeforeAll
    static void start() throws Exception {
        fixture = JobFixture.create(dir, 80, 60, "nais-prod");
        spark = SparkSessions.local(2);
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    @Test
    void theOutputIsThePredictorsForEveryUserAndNothingIsLost() throws Exception {
        Path output = dir.resolve("out-exact");
        JobReport report = BatchRecommendJob.run(spark, fixture.settings(output, 0, true, false));
        List<Row> rows = spark.read().parquet(output.toString()).collectAsList();
        JobFixture.assertSameAnswers(fixture.expected(0, true), JobFixture.grouped(rows, true));
        long good = fixture.histories.values().stream().mapToLong(List::size).sum();
        assertEquals(good + JobFixture.MALFORMED.size() + 1, report.inputRows(),
                "every line but the header and the blank one");
        assertEquals(JobFixture.MALFORMED.size(), report.malformedRows());
        assertTrue(report.malformedExamples().stream().anyMatch(e -> e.startsWith(
                "timestamp 'yesterday' is not an integer")), report.malformedExamples().toString());
        assertTrue(report.malformedExamples().stream().anyMatch(e -> e.startsWith(
                "expected 3 columns")), report.malformedExamples().toString());
        assertEquals(81, report.users());
        assertEquals(80, report.recommendedUsers());
        assertEquals(1, report.usersWithoutKnownItems());
        assertEquals(List.of(JobFixture.STRANGER), report.withoutKnownExamples());
        assertEquals(List.of(JobFixture.STRANGER), spark.read().parquet(output.resolve(
                BatchRecommendJob.UNRECOMMENDED).toString()).as(
                        org.apache.spark.sql.Encoders.STRING()).collectAsList());
        assertEquals(80 * 5, report.outputRows());
        assertEquals(1, report.modelLoads(), "one JVM, one load, shared by its tasks");
        assertTrue(Files.readString(output.resolve(BatchRecommendJob.REPORT))
                .contains("\"users_without_known_items\":1"));
    }

    @Test
    void twoStagesShortlistByTheModelFoldersEaseFirstStage() throws Exception {
        JobFixture staged = JobFixture.create(dir.resolve("staged"), 80, 60, "nais-prod",
                "--first-stage", "ease", "--lambda", "5");
        Path output = dir.resolve("out-ease");
        BatchRecommendJob.run(spark, staged.settings(output, 12, true, false));
        Map<String, List<JobFixture.Answer>> rows = JobFixture.grouped(spark.read()
                .parquet(output.toString()).collectAsList(), true);
        JobFixture.assertSameAnswers(staged.expected(12, true, "ease"), rows);
        assertNotEquals(items(staged.expected(12, true, "fism")), items(rows),
                "FISM's first stage shortlists other items");
    }

    private static Map<String, List<String>> items(Map<String, List<JobFixture.Answer>> answers) {
        Map<String, List<String>> items = new TreeMap<>();
        answers.forEach((user, list) -> items.put(user, list.stream()
                .map(JobFixture.Answer::item).toList()));
        return items;
    }

    @Test
    void twoStagesAndParquetInputGiveThePredictorsTwoStageAnswers() throws Exception {
        Path parquet = dir.resolve("interactions.parquet");
        spark.read().option("header", "true").csv(fixture.csv.toString()).write()
                .parquet(parquet.toString());
        Path output = dir.resolve("out-staged");
        JobSettings csv = fixture.settings(output, 12, false, false);
        JobSettings settings = new JobSettings(csv.model(), parquet.toString(), "parquet", true,
                "user", "item", "time", csv.output(), csv.k(), csv.candidates(), false,
                csv.batchUsers(), csv.partitions(), 1.0, false, false);
        JobReport report = BatchRecommendJob.run(spark, settings);
        JobFixture.assertSameAnswers(fixture.expected(12, false), JobFixture.grouped(
                spark.read().parquet(output.toString()).collectAsList(), false));
        assertEquals(JobFixture.MALFORMED.size(), report.malformedRows(), "in Parquet too: no "
                + "time, no item, a time that is not an integer, no user");
    }

    @Test
    void aParquetColumnIndexPastAnyIntegerIsBadInput() throws Exception {
        Path parquet = dir.resolve("tiny.parquet");
        spark.createDataFrame(List.of(RowFactory.create("1", "2", 3L)), new StructType()
                .add("user", DataTypes.StringType).add("item", DataTypes.StringType)
                .add("time", DataTypes.LongType)).write().parquet(parquet.toString());
        JobSettings csv = fixture.settings(dir.resolve("out-none"), 0, false, false);
        JobSettings settings = new JobSettings(csv.model(), parquet.toString(), "parquet", true,
                "99999999999", "item", "time", csv.output(), csv.k(), 0, false,
                csv.batchUsers(), csv.partitions(), 1.0, false, false);
        DataException refused = assertThrows(DataException.class, () -> BatchRecommendJob.run(
                spark, settings));
        assertTrue(refused.getMessage().contains("column 99999999999 is past the last of"),
                refused.getMessage());
    }

    @Test
    void anExistingOutputIsNotReplacedUnlessAsked() throws Exception {
        Path output = Files.createDirectories(dir.resolve("taken"));
        DataException refused = assertThrows(DataException.class, () -> BatchRecommendJob.run(
                spark, fixture.settings(output, 0, false, false)));
        assertTrue(refused.getMessage().contains("give --overwrite"), refused.getMessage());
    }
}
