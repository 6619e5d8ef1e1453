/**
 * Batch recommendations on Apache Spark: {@link io.naisrec.spark.BatchRecommendJob} reads
 * interactions, builds every user's history in Spark in time order, and writes each user's top K
 * of a nais model folder as Parquet, one {@code ZooModel} per executor JVM and a
 * {@code Predictor} per task. Only Spark's Java API is used, so one jar runs on Spark 4.x and
 * 3.5.
 */
package io.naisrec.spark;
