package com.experiencewarehouse.testing;

import com.experiencewarehouse.spark.SparkSessions;
import org.apache.spark.sql.SparkSession;

/**
 * The one SparkSession of the test JVM: local[2], two shuffle partitions, UI off, UTC, Delta on
 * (the job's own base settings), Spark's interpreted evaluation for tiny inputs (JobRunner.TEST_SPARK_CONF). Surefire runs every test class in one reused fork.
 */
public final class SharedSpark {

  private static SparkSession session;

  private SharedSpark() {}

  public static synchronized SparkSession get() {
    if (session == null) {
      session = SparkSession.builder()
          .config(SparkSessions.baseConf())
          .master("local[2]")
          .appName("xw-tests")
          .config("spark.sql.shuffle.partitions", "2")
          .config("spark.default.parallelism", "2")
          .config("spark.ui.enabled", "false")
          .config("spark.driver.bindAddress", "127.0.0.1")
          .config("spark.driver.host", "127.0.0.1")
          // JobRunner.TEST_SPARK_CONF's settings, so every test sees the same session whether or not
          // a night ran in it before.
          .config("spark.databricks.delta.snapshotPartitions", "1")
          .config("spark.sql.codegen.wholeStage", "false")
          .config("spark.sql.codegen.factoryMode", "NO_CODEGEN")
          .config("spark.sql.adaptive.enabled", "false")
          .getOrCreate();
      session.sparkContext().setLogLevel("WARN");
    }
    return session;
  }
}
