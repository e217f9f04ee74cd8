package com.experiencewarehouse.spark;

import com.experiencewarehouse.config.Settings;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/** The one place that knows how a SparkSession for this job is configured (Delta, UTC, quiet). */
public final class SparkSessions {

  private SparkSessions() {}

  /** Settings every session of the job needs, whoever starts it (job, tests, spark-submit). */
  public static SparkConf baseConf() {
    return new SparkConf()
        .set("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .set("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .set("spark.sql.session.timeZone", "UTC")
        .set("spark.sql.adaptive.enabled", "true")
        // Overwrites of partitions go through Delta's replaceWhere, never dynamic overwrite.
        .set("spark.sql.sources.partitionOverwriteMode", "static")
        // CSV readers parse every column of a line, not only the mapped ones: with pruning on, a
        // line with more or fewer fields than its header (a stray comma, a cut line) is no longer
        // seen as malformed when the file has columns the mapping does not use, and its values land
        // in the wrong fields.
        .set("spark.sql.csv.parser.columnPruning.enabled", "false")
        .set("spark.ui.showConsoleProgress", "false");
  }

  /** The catalog settings of {@code catalog} on {@code conf}; a spark-submit --conf of a key wins. */
  public static SparkConf withCatalog(SparkConf conf, Settings.CatalogSettings catalog) {
    if (catalog.type() == Settings.CatalogType.OFF) {
      return conf;
    }
    if (!hiveOnClasspath()) {
      throw new CatalogUnavailableException("xw.catalog.type = " + catalog.type().name().toLowerCase(java.util.Locale.ROOT)
          + " needs Spark's Hive support (spark-hive_2.13 and its Hive jars), which this Spark lacks; set"
          + " xw.catalog.type = off to address the tables by path only");
    }
    setUnlessSubmitted(conf, "spark.sql.catalogImplementation", "hive");
    if (catalog.type() == Settings.CatalogType.EMBEDDED) {
      java.io.File dir = new java.io.File(catalog.embeddedPath()).getAbsoluteFile();
      setUnlessSubmitted(conf, "spark.hadoop.javax.jdo.option.ConnectionURL",
          "jdbc:derby:;databaseName=" + new java.io.File(dir, "metastore_db").getPath() + ";create=true");
      // Tables someone creates without a location (the job never does) go here, not into the
      // working directory's spark-warehouse.
      setUnlessSubmitted(conf, "spark.sql.warehouse.dir", new java.io.File(dir, "managed").toURI().toString());
      DerbyLog.useFolder(dir);
      // A metastore open in another process stays so for longer than Hive's ten retries 2 s apart.
      setUnlessSubmitted(conf, "spark.hadoop.hive.hmshandler.retry.attempts", "1");
    } else {
      setUnlessSubmitted(conf, "spark.hadoop.hive.metastore.uris", catalog.hiveMetastoreUris());
    }
    return conf;
  }

  private static void setUnlessSubmitted(SparkConf conf, String key, String value) {
    if (!submitted(key)) {
      conf.set(key, value);
    }
  }

  private static boolean hiveOnClasspath() {
    try {
      Class.forName("org.apache.spark.sql.hive.HiveSessionStateBuilder", false, SparkSessions.class.getClassLoader());
      Class.forName("org.apache.hadoop.hive.conf.HiveConf", false, SparkSessions.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /**
   * Whether spark-submit was given this setting (--conf, --properties-file, spark-defaults.conf): it
   * sets every one as a system property before the job's main starts, in every deploy mode.
   */
  static boolean submitted(String key) {
    return System.getProperty(key) != null;
  }

  /** Shuffle partitions sized per night: "auto", and neither xw.spark.conf nor spark-submit sets them. */
  public static boolean autoShufflePartitions(Settings.SparkSettings s) {
    return s.autoShufflePartitions() && !submitted("spark.sql.shuffle.partitions");
  }

  /** Session for a job run; under spark-submit the master from the submit command wins. */
  public static SparkSession forJob(Settings.SparkSettings s) {
    return forJob(s, new Settings.CatalogSettings(Settings.CatalogType.OFF, "", "", ""));
  }

  /** Raised when xw.catalog asks for a metastore this Spark cannot open; the message is one line. */
  public static final class CatalogUnavailableException extends RuntimeException {
    CatalogUnavailableException(String message) {
      super(message);
    }
  }

  /**
   * Session for a job run with its catalog (xw.catalog): Spark's Hive catalog over the embedded Derby
   * metastore or an external Hive metastore. A session that exists already (tests) keeps its catalog.
   */
  public static SparkSession forJob(Settings.SparkSettings s, Settings.CatalogSettings catalog) {
    SparkConf conf = baseConf().setAppName("experience-warehouse");
    withCatalog(conf, catalog);
    if (s.shufflePartitions() > 0 && !submitted("spark.sql.shuffle.partitions")) {
      conf.set("spark.sql.shuffle.partitions", Integer.toString(s.shufflePartitions()));
    }
    // The job's defaults and the config file's values; a spark-submit --conf of the same key wins.
    s.conf().forEach((k, v) -> {
      if (!submitted(k)) {
        conf.set(k, v);
      }
    });
    if (!conf.contains("spark.master") && System.getProperty("spark.master") == null) {
      conf.setMaster(s.master());
      if (s.master().startsWith("local")) {
        // Local mode: no web UI, and the driver listens on loopback only.
        conf.set("spark.ui.enabled", "false");
        conf.set("spark.driver.bindAddress", "127.0.0.1");
        conf.set("spark.driver.host", "127.0.0.1");
      }
    }
    SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
    spark.sparkContext().setLogLevel(s.logLevel());
    if (autoShufflePartitions(s)) {
      // Until a night sizes them from its input (maintain, backfill planning): two per core.
      spark.conf().set("spark.sql.shuffle.partitions",
          Integer.toString(ShufflePartitions.forInput(0, spark.sparkContext().defaultParallelism(), 1, Integer.MAX_VALUE)));
    }
    return spark;
  }
}
