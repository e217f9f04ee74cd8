package com.experiencewarehouse.bronze;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import com.experiencewarehouse.sources.crm.CrmExports;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** bronze.crm_tickets: support tickets as exported on one date, typed. */
public final class CrmTicketsBronze {

  public static final String TABLE = "bronze.crm_tickets";
  public static final String SOURCE = "crm_tickets";

  private CrmTicketsBronze() {}

  /**
   * @param zone zone of date-times written without one; "" = those are quarantined
   * @param times when a ticket's times can lie (outside: bad_timestamp)
   */
  public static Dataset<Row> validate(Dataset<Row> raw, String zone, Checks.PlausibleTimes times) {
    Dataset<Row> ids = Checks.withIds(Checks.prepare(raw, CrmExports.TICKET_FIELDS, CrmExports.TICKET_FIELDS),
        "ticket_id", "customer_id");
    Dataset<Row> typed = ids
        // A requester's email as the customer is their customer id, or none (unknown_email).
        .withColumn("_ref_is_email", ContactReferences.isEmail(col("customer_id")))
        .withColumn("customer_id", ContactReferences.resolved(ids, col("customer_id")))
        .withColumn("_opened_at", Checks.timestamp(col("opened_at"), zone))
        .withColumn("_first_response_at", Checks.timestamp(col("first_response_at"), zone))
        .withColumn("_closed_at", Checks.timestamp(col("closed_at"), zone))
        .withColumn("_reopened", Checks.bool(col("reopened")))
        .withColumn("_is_deleted", Checks.bool(col("is_deleted")));
    Column withoutZone = zone.isEmpty()
        ? Checks.withoutZone(col("opened_at"))
            .or(Checks.withoutZone(col("first_response_at")))
            .or(Checks.withoutZone(col("closed_at")))
        : lit(false);
    Column reason = new Checks.Reasons()
        .check(col("_corrupt_record").isNotNull(), "malformed_record")
        .check(col("ticket_id").isNull(), "missing_key")
        .check(Checks.unparsable(col("is_deleted"), col("_is_deleted")), "bad_boolean")
        .check(col("_is_deleted"), "deleted_in_source")
        .check(col("customer_id").isNull().and(col("_ref_is_email")), "unknown_email")
        .check(col("customer_id").isNull(), "missing_key")
        .check(ContactReferences.isPhone(col("customer_id")), "phone_as_id")
        .check(Checks.hasControlCharacter(col("ticket_id")).or(Checks.hasControlCharacter(col("customer_id"))),
            "bad_id")
        .check(col("opened_at").isNull(), "missing_timestamp")
        .check(withoutZone, "timestamp_without_zone")
        .check(Checks.unparsable(col("opened_at"), col("_opened_at"))
            .or(Checks.unparsable(col("first_response_at"), col("_first_response_at")))
            .or(Checks.unparsable(col("closed_at"), col("_closed_at"))), "bad_timestamp")
        .check(times.outside(col("_opened_at")).or(times.outside(col("_first_response_at")))
            .or(times.outside(col("_closed_at"))), "bad_timestamp")
        .check(col("_closed_at").lt(col("_opened_at")), "closed_before_opened")
        .check(col("_first_response_at").lt(col("_opened_at")), "negative_duration")
        .check(Checks.unparsable(col("reopened"), col("_reopened")), "bad_boolean")
        .first();
    return Duplicates.markLaterOccurrences(typed.withColumn(Checks.REASON, reason), col("ticket_id"));
  }

  public static Dataset<Row> accepted(Dataset<Row> validated) {
    return Checks.accepted(validated,
        col("ticket_id"),
        col("customer_id"),
        col("_opened_at").as("opened_at"),
        col("_first_response_at").as("first_response_at"),
        col("_closed_at").as("closed_at"),
        col("channel"),
        col("category"),
        col("status"),
        coalesce(col("_reopened"), lit(false)).as("is_reopened"),
        col("_source_file"));
  }
}
