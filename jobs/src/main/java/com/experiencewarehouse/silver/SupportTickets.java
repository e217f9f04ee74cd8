package com.experiencewarehouse.silver;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.unix_micros;

import com.experiencewarehouse.spark.LocalDays;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * silver.support_ticket: one row per ticket in its latest exported state, with first response
 * minutes and resolution hours (docs/metrics.md "Ticket metrics").
 */
public final class SupportTickets {

  public static final String TABLE = "silver.support_ticket";

  private SupportTickets() {}

  static Column minutesBetween(Column from, Column to) {
    return unix_micros(to).minus(unix_micros(from)).divide(60_000_000.0);
  }

  /** @param zone the reporting time zone (xw.sources.web.time-zone): opened_date is the local day */
  public static Dataset<Row> build(Dataset<Row> bronzeTickets, LocalDate exportDate,
      List<String> openStatuses, ZoneId zone) {
    Column isOpen = lower(col("status")).isin(openStatuses.toArray())
        .or(col("status").isNull().and(col("closed_at").isNull()));
    return bronzeTickets.select(
        LocalDays.of(col("opened_at"), zone).as("opened_date"),
        col("ticket_id"),
        col("customer_id"),
        col("opened_at"),
        col("first_response_at"),
        col("closed_at"),
        col("channel"),
        col("category"),
        col("status"),
        isOpen.as("is_open"),
        col("is_reopened"),
        minutesBetween(col("opened_at"), col("first_response_at")).as("first_response_min"),
        minutesBetween(col("opened_at"), col("closed_at")).divide(60.0).as("resolution_h"),
        lit(exportDate).as("export_date"));
  }
}
