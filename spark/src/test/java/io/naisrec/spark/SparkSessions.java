package io.naisrec.spark;

import org.apache.spark.sql.SparkSession;

/** Spark sessions for the tests: on loopback, without a web UI, few shuffle partitions. */
final class SparkSessions {

    private SparkSessions() {}

    /** {@code builder} named for the tests, on loopback, with few shuffle partitions. */
    static SparkSession.Builder configured(SparkSession.Builder builder) {
        return StandaloneCluster.onLoopback(builder).appName("nais-spark-test")
                .config("spark.sql.shuffle.partitions", "4");
    }

    static SparkSession local(int cores) {
        return configured(SparkSession.builder().master("local[" + cores + "]")).getOrCreate();
    }
}
