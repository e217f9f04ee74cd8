package com.experiencewarehouse.bronze;

import static com.experiencewarehouse.bronze.Checks.clean;
import static org.apache.spark.sql.functions.col;

import com.experiencewarehouse.sources.crm.CrmExports;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** bronze.crm_tickets: support tickets as exported on one date, typed. */
public final class CrmTicketsBronze {

  public static final String TABLE = "bronze.crm_tickets";
  public static final String SOURCE = "crm_tickets";

  private CrmTicketsBronze() {}

  public static Dataset<Row> validate(Dataset<Row> raw) {
    Column opened = Checks.timestamp(col("opened_at"));
    Column firstResponse = Checks.timestamp(col("first_response_at"));
    Column closed = Checks.timestamp(col("closed_at"));
    Column reason = new Checks.Reasons()
        .check(col("_corrupt_record").isNotNull(), "malformed_record")
        .check(Checks.isBlank(col("ticket_id")), "missing_key")
        .check(Checks.isBlank(col("customer_id")), "missing_key")
        .check(Checks.isBlank(col("opened_at")), "missing_timestamp")
        .check(Checks.timestampWithoutZone(col("opened_at"))
            .or(Checks.timestampWithoutZone(col("first_response_at")))
            .or(Checks.timestampWithoutZone(col("closed_at"))), "timestamp_without_zone")
        .check(Checks.badTimestamp(col("opened_at"))
            .or(Checks.badTimestamp(col("first_response_at")))
            .or(Checks.badTimestamp(col("closed_at"))), "bad_timestamp")
        .check(closed.lt(opened), "closed_before_opened")
        .check(firstResponse.lt(opened), "negative_duration")
        .check(Checks.badBool(col("reopened")), "bad_boolean")
        .first();
    Dataset<Row> checked = raw
        .withColumn("raw_record", Checks.rawRecord(CrmExports.TICKET_FIELDS.toArray(new String[0])))
        .withColumn(Checks.REASON, reason);
    return Duplicates.markLaterOccurrences(checked, clean(col("ticket_id")));
  }

  public static Dataset<Row> accepted(Dataset<Row> validated) {
    return Checks.accepted(validated,
        clean(col("ticket_id")).as("ticket_id"),
        clean(col("customer_id")).as("customer_id"),
        Checks.timestamp(col("opened_at")).as("opened_at"),
        Checks.timestamp(col("first_response_at")).as("first_response_at"),
        Checks.timestamp(col("closed_at")).as("closed_at"),
        clean(col("channel")).as("channel"),
        clean(col("category")).as("category"),
        clean(col("status")).as("status"),
        org.apache.spark.sql.functions.coalesce(Checks.bool(col("reopened")),
            org.apache.spark.sql.functions.lit(false)).as("is_reopened"),
        col("_source_file"));
  }
}
