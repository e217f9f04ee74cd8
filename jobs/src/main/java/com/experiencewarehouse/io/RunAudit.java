package com.experiencewarehouse.io;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * gold.run_audit (one row per run: status, timing, error) and gold.run_source_audit (one row per run
 * and source: rows read = rows written + rows quarantined, with the quarantine reasons).
 */
public final class RunAudit {

  public static final String RUN_TABLE = "gold.run_audit";
  public static final String SOURCE_TABLE = "gold.run_source_audit";

  static final StructType RUN_SCHEMA = new StructType()
      .add("run_id", DataTypes.StringType, false)
      .add("run_date", DataTypes.DateType, false)
      .add("command", DataTypes.StringType, false)
      .add("environment", DataTypes.StringType, false)
      .add("status", DataTypes.StringType, false)
      .add("started_at", DataTypes.TimestampType, false)
      .add("finished_at", DataTypes.TimestampType, true)
      .add("duration_s", DataTypes.DoubleType, true)
      .add("error_message", DataTypes.StringType, true);

  static final StructType SOURCE_SCHEMA = new StructType()
      .add("run_id", DataTypes.StringType, false)
      .add("run_date", DataTypes.DateType, false)
      .add("source", DataTypes.StringType, false)
      .add("rows_read", DataTypes.LongType, false)
      .add("rows_written", DataTypes.LongType, false)
      .add("rows_quarantined", DataTypes.LongType, false)
      .add("is_balanced", DataTypes.BooleanType, false)
      .add("quarantined_by_reason",
          DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType), true)
      // Added with xw forget: NULL in rows of runs before it.
      .add("rows_forgotten", DataTypes.LongType, true);

  /** Counts of one source in one run. */
  /**
   * Quarantine reasons that are by design, not a defect of the export: a survey's previews, tests
   * and spam (not_a_response), records the source itself marks deleted (deleted_in_source).
   */
  public static final java.util.Set<String> BY_DESIGN = java.util.Set.of("not_a_response", "deleted_in_source");

  /**
   * @param forgotten rows of people erased by {@code xw forget} that bronze dropped (neither written
   *     nor quarantined: the forgotten list, privacy.forgotten_key)
   */
  public record SourceCounts(String source, long read, long written, Map<String, Long> quarantinedByReason,
      long forgotten) {
    public SourceCounts(String source, long read, long written, Map<String, Long> quarantinedByReason) {
      this(source, read, written, quarantinedByReason, 0);
    }

    public long quarantined() {
      return quarantinedByReason.values().stream().mapToLong(Long::longValue).sum();
    }

    public boolean balanced() {
      return read == written + quarantined() + forgotten;
    }

    /** Rows quarantined by design ({@link #BY_DESIGN}): no sign of a broken export. */
    public long quarantinedByDesign() {
      return quarantinedByReason.entrySet().stream().filter(e -> BY_DESIGN.contains(e.getKey()))
          .mapToLong(Map.Entry::getValue).sum();
    }
  }

  private final SparkSession spark;
  private final Warehouse warehouse;

  public RunAudit(SparkSession spark, Warehouse warehouse) {
    this.spark = spark;
    this.warehouse = warehouse;
  }

  /** Records that a run started (status "running" until {@link #finish}). */
  public void start(String runId, LocalDate date, String command, String environment, Instant startedAt) {
    Row row = RowFactory.create(runId, java.sql.Date.valueOf(date), command, environment, "running",
        Timestamp.from(startedAt), null, null, null);
    warehouse.append(RUN_TABLE, spark.createDataFrame(List.of(row), RUN_SCHEMA));
  }

  /** Sets the run's final status (one MERGE commit). */
  public void finish(String runId, LocalDate date, String command, String environment,
      Instant startedAt, Instant finishedAt, String status, String errorMessage) {
    double seconds = (finishedAt.toEpochMilli() - startedAt.toEpochMilli()) / 1000.0;
    Row row = RowFactory.create(runId, java.sql.Date.valueOf(date), command, environment, status,
        Timestamp.from(startedAt), Timestamp.from(finishedAt), seconds, errorMessage);
    warehouse.merge(RUN_TABLE, spark.createDataFrame(List.of(row), RUN_SCHEMA),
        col("t.run_id").equalTo(col("s.run_id")), "true");
  }

  public void recordSources(String runId, LocalDate date, List<SourceCounts> counts) {
    List<Row> rows = new ArrayList<>();
    for (SourceCounts c : counts) {
      rows.add(RowFactory.create(runId, java.sql.Date.valueOf(date), c.source(), c.read(),
          c.written(), c.quarantined(), c.balanced(),
          scala.jdk.javaapi.CollectionConverters.asScala(c.quarantinedByReason()), c.forgotten()));
    }
    warehouse.append(SOURCE_TABLE, spark.createDataFrame(rows, SOURCE_SCHEMA));
  }

  /**
   * Marks runs still "running" as failed. Called by the holder of the warehouse lock, so no such run
   * is alive: it was killed or lost its driver. Returns how many there were.
   */
  public long markAbandoned() {
    if (!warehouse.exists(RUN_TABLE)) {
      return 0;
    }
    Column running = col("status").equalTo("running");
    long n = runs().filter(running).count();
    if (n > 0) {
      warehouse.update(RUN_TABLE, running, Map.of(
          "status", lit("failed"),
          "error_message", lit("abandoned: the process ended without finishing (killed, or its driver was lost);"
              + " found by a later command")));
    }
    return n;
  }

  /** One run of the audit: when it started and ended, and how. */
  public record Run(LocalDate date, String status, Instant startedAt, Instant finishedAt) {}

  /** The runs of the dates from..to, oldest first (a handful per night: a small result). */
  public List<Run> runsBetween(LocalDate from, LocalDate to) {
    List<Run> out = new ArrayList<>();
    if (!warehouse.exists(RUN_TABLE)) {
      return out;
    }
    for (Row r : runs().filter(col("run_date").between(java.sql.Date.valueOf(from), java.sql.Date.valueOf(to)))
        .select("run_date", "status", "started_at", "finished_at").orderBy("started_at").collectAsList()) {
      out.add(new Run(r.getDate(0).toLocalDate(), r.getString(1), r.getTimestamp(2).toInstant(),
          r.isNullAt(3) ? null : r.getTimestamp(3).toInstant()));
    }
    return out;
  }

  public Dataset<Row> runs() {
    return warehouse.read(RUN_TABLE);
  }
}
