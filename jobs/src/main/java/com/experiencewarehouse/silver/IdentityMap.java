package com.experiencewarehouse.silver;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * silver.identity_map: which device (GA4 user_pseudo_id) was seen logged in as which CRM customer
 * (user_id), and when. A device may map to several customers (shared device) and a customer to
 * several devices; consumers attribute by time.
 */
public final class IdentityMap {

  public static final String TABLE = "silver.identity_map";

  private IdentityMap() {}

  /** Links seen in bronze GA4 events; merged into the table with first/last seen widened. */
  public static Dataset<Row> build(Dataset<Row> events) {
    return events
        .filter(col("user_id").isNotNull().and(col("user_pseudo_id").isNotNull()))
        .groupBy(col("user_pseudo_id"), col("user_id").as("customer_id"))
        .agg(min(col("event_at")).as("first_seen_at"), max(col("event_at")).as("last_seen_at"))
        .select(col("user_pseudo_id"), col("customer_id"), col("first_seen_at"), col("last_seen_at"));
  }
}
