package io.naisrec.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job on a real standalone cluster (Master and Worker child processes on 127.0.0.1, two
 * one-core executor JVMs, the model shipped with {@code spark.archives}): the same output as in
 * {@code local[2]}, and the same again when one executor is killed in the middle of writing it.
 */
class StandaloneClusterTest {

    @TempDir
    Path dir;

    @Test
    void theClusterWritesLocalTwosOutputAndStillDoesWhenAnExecutorDies() throws Exception {
        JobFixture fixture = JobFixture.create(dir, 600, 300, "nais-prod");
        SparkSession local = SparkSessions.local(2);
        Map<String, List<JobFixture.Answer>> expected;
        try {
            BatchRecommendJob.run(local, fixture.settings(dir.resolve("local"), 0, true, false));
            expected = JobFixture.grouped(local.read().parquet(dir.resolve("local").toString())
                    .collectAsList(), true);
        } finally {
            local.stop();
        }
        JobFixture.assertSameAnswers(fixture.expected(0, true), expected);
        List<String> classPath = List.of(System.getProperty("surefire.test.class.path",
                System.getProperty("java.class.path")).split(java.io.File.pathSeparator));
        try (StandaloneCluster cluster = StandaloneCluster.start(dir, 2, 2 * 1024 + 512,
                classPath.stream()
                .filter(e -> !e.contains("junit") && !e.contains("opentest4j")
                        && !e.contains("apiguardian")).toList())) {
            SparkSession spark = SparkSessions.configured(cluster.session(2, 1024))
                    .config("spark.archives", BatchRecommendJob.archiveOption(fixture.model,
                            dir))
                    .getOrCreate();
            try {
                String app = spark.sparkContext().applicationId();
                JobSettings shipped = fixture.settings(dir.resolve("cluster"), 0, true, true);
                JobReport report = BatchRecommendJob.run(spark, shipped);
                JobFixture.assertSameAnswers(expected, JobFixture.grouped(spark.read()
                        .parquet(dir.resolve("cluster").toString()).collectAsList(), true));
                assertEquals(2, report.modelLoads(), "one load per executor JVM");
                assertEquals(2, cluster.executors(app).size());

                ExecutorKiller killer = new ExecutorKiller(cluster, app);
                spark.sparkContext().addSparkListener(killer);
                JobSettings again = fixture.settings(dir.resolve("fault"), 0, true, true);
                JobReport faulted = BatchRecommendJob.run(spark, new JobSettings(again.model(),
                        again.input(), again.format(), true, "user", "item", "time",
                        again.output(), again.k(), 0, true, 1, again.partitions(), 1.0, true,
                        false));
                killer.awaitEvents();
                assertTrue(killer.killed.get() != null, "an executor was killed mid-job");
                assertTrue(killer.failedWrites.get() >= 1, "its running task of the write "
                        + "failed, and was retried");
                assertTrue(killer.removed.get() >= 1, "Spark saw the executor go");
                JobFixture.assertSameAnswers(expected, JobFixture.grouped(spark.read()
                        .parquet(dir.resolve("fault").toString()).collectAsList(), true));
                assertEquals(report.outputRows(), faulted.outputRows());
            } finally {
                spark.stop();
            }
        }
    }

    /** Kills the executor that runs the first task of the job's first Parquet write. */
    static final class ExecutorKiller extends SparkListener {
        final AtomicReference<String> killed = new AtomicReference<>();
        final AtomicInteger failedWrites = new AtomicInteger();
        final AtomicInteger removed = new AtomicInteger();
        private final AtomicInteger writeStage = new AtomicInteger(-1);
        private final AtomicBoolean armed = new AtomicBoolean(true);
        private final StandaloneCluster cluster;
        private final String app;

        ExecutorKiller(StandaloneCluster cluster, String app) {
            this.cluster = cluster;
            this.app = app;
        }

        @Override
        public void onStageSubmitted(SparkListenerStageSubmitted event) {
            if (event.stageInfo().name().startsWith("parquet at BatchRecommendJob")) {
                writeStage.compareAndSet(-1, event.stageInfo().stageId());
            }
        }

        @Override
        public void onTaskStart(SparkListenerTaskStart event) {
            if (event.stageId() == writeStage.get() && armed.compareAndSet(true, false)) {
                String executor = event.taskInfo().executorId();
                cluster.executor(app, executor).destroyForcibly();
                killed.set(executor);
            }
        }

        @Override
        public void onTaskEnd(SparkListenerTaskEnd event) {
            if (event.stageId() == writeStage.get()
                    && !event.reason().toString().equals("Success")) {
                failedWrites.incrementAndGet();
            }
        }

        /** Waits (up to a minute) for the listener bus to deliver the kill's consequences. */
        void awaitEvents() throws InterruptedException {
            long until = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(1);
            while ((failedWrites.get() == 0 || removed.get() == 0)
                    && System.nanoTime() < until) {
                Thread.sleep(50);
            }
        }

        @Override
        public void onExecutorRemoved(SparkListenerExecutorRemoved event) {
            removed.incrementAndGet();
        }
    }
}
