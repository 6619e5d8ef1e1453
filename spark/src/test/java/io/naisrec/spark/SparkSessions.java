package io.naisrec.spark;

import org.apache.spark.sql.SparkSession;

/** Spark sessions for the tests: on loopback, without a web UI, few shuffle partitions. */
final class SparkSessions {

    private SparkSessions() {}

    static SparkSession.Builder builder(String master) {
        return SparkSession.builder().master(master).appName("nais-spark-test")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "4");
    }

    static SparkSession local(int cores) {
        return builder("local[" + cores + "]").getOrCreate();
    }
}
