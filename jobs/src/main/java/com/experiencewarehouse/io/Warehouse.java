package com.experiencewarehouse.io;

import io.delta.tables.DeltaTable;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;

/**
 * The Delta warehouse: where a table lives and the few ways the job writes one. Every write is one
 * Delta commit, so a table is always at a complete version whatever happens to the run.
 *
 * <p>Every table carries its documentation ({@link TableDocs}): the columns' comments ride on the
 * rows of every write, so the write that creates a table stores them with its schema at no extra
 * commit; gold tables are created with Change Data Feed on, so BI extracts can read what changed.
 * The table's comment (and, for a table created before this, the missing column comments and CDF)
 * cannot ride on a write: after a run's first write of a table, an ALTER TABLE sets what differs
 * from the documentation, so a fresh table pays one commit once (a table created before the
 * documentation two: properties, then all its column comments) and a normal night none.
 */
public final class Warehouse {

  /** The layer of the quarantine's tables, which live under a root of their own. */
  public static final String QUARANTINE_LAYER = "quarantine";

  private final SparkSession spark;
  private final String root;
  private final String quarantineRoot;
  /** Tables whose documentation this run has checked: once per table and run is enough. */
  private final java.util.Set<String> documented = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /** The Delta table property that turns Change Data Feed on. */
  static final String CHANGE_DATA_FEED = "delta.enableChangeDataFeed";

  /**
   * @param root the warehouse (xw.warehouse.path)
   * @param quarantineRoot where the quarantine layer lives (xw.quarantine.path, resolved): raw input
   *     records, kept apart so they can be access-restricted apart from the BI tables
   */
  /** The warehouse the settings name (tables under xw.warehouse.path, the quarantine under its own path). */
  public static Warehouse of(SparkSession spark, com.experiencewarehouse.config.Settings settings) {
    return new Warehouse(spark, settings.warehousePath(), settings.quarantine().path());
  }

  public Warehouse(SparkSession spark, String root, String quarantineRoot) {
    this.spark = spark;
    this.root = absolute(withoutTrailingSlash(root));
    this.quarantineRoot = absolute(withoutTrailingSlash(quarantineRoot));
  }

  private static String withoutTrailingSlash(String path) {
    return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  /**
   * A relative local path ("warehouse") from the working directory: SQL names a table by path only
   * when the path is absolute (delta.`/abs/path`), which the Hive catalog insists on. URIs stay as given.
   */
  private static String absolute(String path) {
    if (path.matches("^[A-Za-z][A-Za-z0-9+.-]+:.*") || path.startsWith("/")) {
      return path;
    }
    return new java.io.File(path).getAbsolutePath();
  }

  /** The warehouse's folder (absolute): ROOT/&lt;layer&gt;/&lt;table&gt;. */
  public String root() {
    return root;
  }

  /** The quarantine layer's folder (absolute). */
  public String quarantineRoot() {
    return quarantineRoot;
  }

  /** The folder a layer's tables live in: ROOT/layer, or the quarantine's own folder. */
  public String layerRoot(String layer) {
    return layer.equals(QUARANTINE_LAYER) ? quarantineRoot : root + "/" + layer;
  }

  /**
   * Path of a table named "layer.table": "silver.web_session" -> ROOT/silver/web_session,
   * "quarantine.rejected_record" -> QUARANTINE_ROOT/rejected_record. Every reader and writer asks here.
   */
  public String path(String table) {
    int dot = table.indexOf('.');
    String layer = table.substring(0, dot);
    String name = table.substring(dot + 1);
    return layerRoot(layer) + "/" + name;
  }

  public boolean exists(String table) {
    return DeltaTable.isDeltaTable(spark, path(table));
  }

  /** Reads a table, or an empty frame of the given schema when the table does not exist yet. */
  public Dataset<Row> read(String table) {
    return spark.read().format("delta").load(path(table));
  }

  /**
   * Replaces the rows matching {@code predicate} with {@code rows} in one commit (Delta replaceWhere);
   * every new row must match the predicate. Creates the table, partitioned, on first write.
   */
  public void replace(String table, Dataset<Row> rows, String predicate, String... partitionBy) {
    creating(table, withComments(table, rows).write())
        .format("delta")
        .mode("overwrite")
        .option("replaceWhere", predicate)
        // A release may add columns to a table: existing tables take them (older rows read NULL).
        .option("mergeSchema", "true")
        .partitionBy(partitionBy)
        .save(path(table));
    document(table);
  }

  /**
   * Replaces every row of the table with {@code rows} in one commit: a table of current state, rebuilt
   * whole each night. Creates the table, unpartitioned, on first write.
   */
  public void overwrite(String table, Dataset<Row> rows) {
    creating(table, withComments(table, rows).write())
        .format("delta")
        .mode("overwrite")
        .option("mergeSchema", "true")
        .save(path(table));
    document(table);
  }

  /**
   * A replaceWhere predicate for an inclusive date range. (Not BETWEEN: Delta 4.4 cannot resolve
   * Spark 4's rewritten BETWEEN when it removes files.) Dates come from the job, never from input.
   */
  public static String between(String column, java.time.LocalDate from, java.time.LocalDate to) {
    return column + " >= '" + from + "' AND " + column + " <= '" + to + "'";
  }

  /** A replaceWhere predicate for a set of dates (from the job, never from input). */
  public static String in(String column, java.util.Collection<java.time.LocalDate> dates) {
    StringBuilder b = new StringBuilder(column).append(" IN (");
    String sep = "";
    for (java.time.LocalDate d : dates) {
      b.append(sep).append("DATE'").append(d).append('\'');
      sep = ", ";
    }
    return b.append(')').toString();
  }

  /** A replaceWhere predicate for a set of strings made by the job (e.g. quarter names). */
  public static String inNames(String column, java.util.Collection<String> names) {
    for (String n : names) {
      if (!n.matches("[A-Za-z0-9_-]+")) {
        throw new IllegalArgumentException("not a partition name: " + n);
      }
    }
    return column + " IN ('" + String.join("', '", names) + "')";
  }

  /** Appends rows in one commit; creates the table on first write. */
  public void append(String table, Dataset<Row> rows, String... partitionBy) {
    creating(table, withComments(table, rows).write()).format("delta").mode("append").option("mergeSchema", "true")
        .partitionBy(partitionBy)
        .save(path(table));
    document(table);
  }

  /**
   * Upserts {@code rows} by key in one commit (Delta MERGE): matched rows are updated only when
   * {@code updateWhen} holds, unmatched rows are inserted. Creates the table on first write.
   */
  public void merge(String table, Dataset<Row> rows, Column joinCondition, String updateWhen,
      String... partitionBy) {
    if (!exists(table)) {
      append(table, rows, partitionBy);
      return;
    }
    DeltaTable.forPath(spark, path(table)).as("t")
        .merge(rows.as("s"), joinCondition)
        .whenMatched(updateWhen).updateAll()
        .whenNotMatched().insertAll()
        .execute();
    document(table);
  }

  /**
   * Makes the table hold exactly {@code rows} (matched by key) in one MERGE commit: changed rows are
   * updated, new rows inserted, rows no longer derived deleted; unchanged rows are not rewritten.
   */
  public void sync(String table, Dataset<Row> rows, Column key, String changedWhen) {
    if (!exists(table)) {
      append(table, rows);
      return;
    }
    DeltaTable.forPath(spark, path(table)).as("t")
        .merge(rows.as("s"), key)
        .whenMatched(changedWhen).updateAll()
        .whenNotMatched().insertAll()
        .whenNotMatchedBySource().delete()
        .execute();
    document(table);
  }

  /** Sets columns of the rows matching {@code condition} in one commit (Delta UPDATE). */
  public void update(String table, Column condition, java.util.Map<String, Column> set) {
    DeltaTable.forPath(spark, path(table)).update(condition, set);
    document(table);
  }

  /** As {@link #merge(String, Dataset, Column, String, String...)}, updating only the given columns. */
  public void merge(String table, Dataset<Row> rows, Column joinCondition, String updateWhen,
      java.util.Map<String, String> updateSet) {
    if (!exists(table)) {
      append(table, rows);
      return;
    }
    DeltaTable.forPath(spark, path(table)).as("t")
        .merge(rows.as("s"), joinCondition)
        .whenMatched(updateWhen).updateExpr(updateSet)
        .whenNotMatched().insertAll()
        .execute();
    document(table);
  }

  /**
   * The rows with each documented column's comment in its metadata: the write that creates the table
   * stores them in its schema (later writes leave the table's comments as they are).
   */
  private static Dataset<Row> withComments(String table, Dataset<Row> rows) {
    java.util.Optional<TableDocs.Table> docs = TableDocs.of(table);
    if (docs.isEmpty()) {
      return rows;
    }
    StructField[] fields = rows.schema().fields();
    Column[] columns = new Column[fields.length];
    for (int i = 0; i < fields.length; i++) {
      StructField f = fields[i];
      Column c = rows.col(quoted(f.name()));
      java.util.Optional<String> comment = docs.get().column(f.name());
      columns[i] = comment.isEmpty() ? c
          : c.as(f.name(), new MetadataBuilder().withMetadata(f.metadata()).putString("comment", comment.get()).build());
    }
    return rows.select(columns);
  }

  /** A gold table is created with Change Data Feed on (a writer option sets it only on creation). */
  private org.apache.spark.sql.DataFrameWriter<Row> creating(String table, org.apache.spark.sql.DataFrameWriter<Row> w) {
    return isGold(table) && !exists(table) ? w.option(CHANGE_DATA_FEED, "true") : w;
  }

  private static boolean isGold(String table) {
    return table.startsWith("gold.");
  }

  /**
   * Makes the table's comment, its columns' comments and (gold) Change Data Feed those of
   * {@link TableDocs}, each ALTER TABLE only when the table differs: a fresh table needs its
   * comment (one commit); a table created before the documentation also its column comments (one
   * more commit for all of them) and CDF; a documented table none. Checked once per table and run.
   */
  private void document(String table) {
    java.util.Optional<TableDocs.Table> docs = TableDocs.of(table);
    if (documented.contains(table) || docs.isEmpty()) {
      return;
    }
    String target = "delta.`" + path(table).replace("`", "``") + "`";
    // The table's metadata from its Delta log: listing the log finds the write just committed, whose
    // snapshot is in memory. (DeltaTable.detail() would also count the table's files: about 3 s.)
    org.apache.spark.sql.delta.actions.Metadata metadata = org.apache.spark.sql.delta.DeltaLog
        .forTable(spark, path(table))
        .update(false, scala.Option.empty(), scala.Option.empty())
        .metadata();
    java.util.List<String> set = new java.util.ArrayList<>();
    if (!docs.get().comment().equals(metadata.description())) {
      set.add("'comment' = " + literal(docs.get().comment()));
    }
    if (isGold(table) && !"true".equals(metadata.configuration().getOrElse(CHANGE_DATA_FEED, () -> null))) {
      set.add("'" + CHANGE_DATA_FEED + "' = 'true'");
    }
    if (!set.isEmpty()) {
      spark.sql("ALTER TABLE " + target + " SET TBLPROPERTIES (" + String.join(", ", set) + ")");
    }
    java.util.List<String> columns = new java.util.ArrayList<>();
    for (StructField f : metadata.schema().fields()) {
      java.util.Optional<String> comment = docs.get().column(f.name());
      if (comment.isPresent() && !comment.get().equals(comment(f.metadata()))) {
        columns.add(quoted(f.name()) + " COMMENT " + literal(comment.get()));
      }
    }
    if (!columns.isEmpty()) {
      // Every differing column in one statement: one commit (Delta's CHANGE COLUMNS).
      spark.sql("ALTER TABLE " + target + " ALTER COLUMN " + String.join(", ", columns));
    }
    if (isGold(table)) {
      constrain(table, target, docs.get().keys(), metadata);
    }
    documented.add(table);
  }

  /**
   * Gives a gold table its CHECK constraint ({@link TableChecks}) when it has none or another one (a
   * schema that gained columns): one commit, which checks the rows already stored; nothing when the
   * stored constraint is the one the schema calls for.
   */
  private void constrain(String table, String target, java.util.List<String> keys,
      org.apache.spark.sql.delta.actions.Metadata metadata) {
    java.util.Optional<String> condition = TableChecks.condition(keys, metadata.schema());
    String name = TableChecks.name(table);
    String stored = metadata.configuration().getOrElse(TableChecks.PROPERTY_PREFIX + name, () -> null);
    if (condition.isEmpty() || TableChecks.same(condition.get(), stored)) {
      return;
    }
    if (stored != null) {
      spark.sql("ALTER TABLE " + target + " DROP CONSTRAINT " + name);
    }
    spark.sql("ALTER TABLE " + target + " ADD CONSTRAINT " + name + " CHECK (" + condition.get() + ")");
  }

  private static String comment(Metadata m) {
    return m.contains("comment") ? m.getString("comment") : null;
  }

  /** A column name as an identifier (back-quoted). */
  private static String quoted(String name) {
    return "`" + name.replace("`", "``") + "`";
  }

  /** A SQL string literal of a text of TableDocs (the job's own text, never input). */
  private static String literal(String text) {
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
