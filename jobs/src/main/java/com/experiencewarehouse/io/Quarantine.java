package com.experiencewarehouse.io;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.lit;

import com.experiencewarehouse.bronze.Checks;
import com.experiencewarehouse.privacy.ContactDetails;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * quarantine.rejected_record: every input record that did not make it into bronze, with the source,
 * file, reason code and the raw record, so bad data stays queryable. One table for all sources,
 * partitioned by load date and replaced with each run of that date; it lives under
 * xw.quarantine.path, apart from the BI tables ({@link Warehouse#path}).
 */
public final class Quarantine {

  public static final String TABLE = "quarantine.rejected_record";

  private Quarantine() {}

  /**
   * A source's rejected rows in the table's shape; with {@code maskPii} (xw.quarantine.mask-pii) the
   * emails and phone numbers in their raw records masked.
   */
  public static Dataset<Row> rows(Dataset<Row> validated, String source, LocalDate loadDate, boolean maskPii) {
    Dataset<Row> rows = Checks.quarantined(validated, source, loadDate);
    return maskPii ? withContactDetailsMasked(rows) : rows;
  }

  /**
   * Raw records keep what came in, which may be a customer's email or phone (a CRM row, a
   * malformed line): replaced by [email] / [phone], the rest left for whoever fixes the export.
   */
  public static Dataset<Row> withContactDetailsMasked(Dataset<Row> rows) {
    return rows.withColumn(Checks.RAW_RECORD, ContactDetails.masked(col(Checks.RAW_RECORD)));
  }

  public static Dataset<Row> withRunMetadata(Dataset<Row> rows, String runId) {
    return rows.withColumn("_run_id", lit(runId)).withColumn("_ingested_at", current_timestamp());
  }

  /** source -> reason -> rows for a load date (a small result: sources × reasons). */
  public static Map<String, Map<String, Long>> countsByReason(Dataset<Row> table, LocalDate loadDate) {
    List<Row> rows = table.filter(col("load_date").equalTo(lit(loadDate)))
        .groupBy(col("source"), col("reason_code")).agg(count(lit(1)).as("n"))
        .collectAsList();
    Map<String, Map<String, Long>> out = new TreeMap<>();
    for (Row r : rows) {
      out.computeIfAbsent(r.getString(0), k -> new TreeMap<>()).put(r.getString(1), r.getLong(2));
    }
    return out;
  }
}
