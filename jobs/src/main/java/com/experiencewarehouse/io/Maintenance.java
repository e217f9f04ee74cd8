package com.experiencewarehouse.io;

import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code maintain} command: every table of the warehouse purged of rows marked deleted (Delta
 * REORG PURGE, after {@code xw forget}), compacted (Delta OPTIMIZE: a night's
 * many small files into few) and vacuumed (Delta VACUUM: data files that no version within the
 * retention reads are deleted). Both are commits readers never notice; time travel reaches back as
 * far as the retention.
 */
public final class Maintenance {

  /** One table's files before and after. */
  public record TableResult(String table, long filesBefore, long filesAfter, long dataFilesInLatestVersion) {}

  /** Delta's own retention check: below 7 days a running reader or writer may lose files. */
  private static final String RETENTION_CHECK = "spark.databricks.delta.retentionDurationCheck.enabled";
  /**
   * The tasks VACUUM lists a table's folders with: Spark's default is 10 000, i.e. 10 000 tasks per
   * table (about 25 s each on 2 cores for a small table); the cluster's cores are plenty.
   */
  private static final String LISTING_PARALLELISM = "spark.sql.sources.parallelPartitionDiscovery.parallelism";

  private final SparkSession spark;
  private final Warehouse warehouse;

  public Maintenance(SparkSession spark, Warehouse warehouse) {
    this.spark = spark;
    this.warehouse = warehouse;
  }

  /**
   * Optimizes and vacuums each existing table of {@code tables}; a retention below Delta's safe
   * minimum runs only when {@code allowShortRetention} (config validates that before).
   */
  public List<TableResult> run(List<String> tables, long retentionHours, boolean allowShortRetention) {
    List<TableResult> results = new ArrayList<>();
    String check = spark.conf().get(RETENTION_CHECK, "true");
    String listing = spark.conf().get(LISTING_PARALLELISM, "10000");
    if (allowShortRetention) {
      spark.conf().set(RETENTION_CHECK, "false");
    }
    spark.conf().set(LISTING_PARALLELISM, String.valueOf(Math.max(1, spark.sparkContext().defaultParallelism())));
    try {
      for (String table : tables) {
        if (!warehouse.exists(table)) {
          continue;
        }
        long before = dataFiles(table);
        DeltaTable delta = DeltaTable.forPath(spark, warehouse.path(table));
        if (hasDeletionVectors(table)) {
          // Rows deleted by xw forget are only marked deleted: their files are rewritten without them,
          // so that the VACUUM below can remove the files that still hold them.
          spark.sql("REORG TABLE delta.`" + warehouse.path(table).replace("`", "``") + "` APPLY (PURGE)");
        }
        delta.optimize().executeCompaction();
        delta.vacuum(retentionHours);
        long latest = warehouse.read(table).inputFiles().length;
        results.add(new TableResult(table, before, dataFiles(table), latest));
      }
    } finally {
      spark.conf().set(RETENTION_CHECK, check);
      spark.conf().set(LISTING_PARALLELISM, listing);
    }
    return results;
  }

  /** Whether a file of the table's latest version carries a deletion vector (rows marked deleted). */
  private boolean hasDeletionVectors(String table) {
    return org.apache.spark.sql.delta.DeltaLog.forTable(spark, warehouse.path(table))
        .update(false, scala.Option.empty(), scala.Option.empty())
        .numDeletionVectorsOpt().exists(n -> ((Long) n) > 0);
  }

  /** Parquet data files under a table's folder (of every version still on disk). */
  private long dataFiles(String table) {
    try {
      Path root = new Path(warehouse.path(table));
      FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
      long n = 0;
      RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true);
      while (it.hasNext()) {
        LocatedFileStatus f = it.next();
        if (f.getPath().getName().endsWith(".parquet") && !f.getPath().toString().contains("/_delta_log/")) {
          n++;
        }
      }
      return n;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
