package com.experiencewarehouse.silver;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;

import com.experiencewarehouse.privacy.KeyedHash;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * silver.customer_snapshot: the CRM customer as of each snapshot date, without raw PII: the email
 * becomes a keyed hash (HMAC-SHA256, {@link KeyedHash}), name and phone are dropped.
 */
public final class CustomerSnapshots {

  public static final String TABLE = "silver.customer_snapshot";

  private CustomerSnapshots() {}

  /** @param keys the keyed hash (xw.pii.hash-key) that turns the email into {@code email_key} */
  public static Dataset<Row> build(Dataset<Row> bronzeCustomers, LocalDate snapshotDate, KeyedHash keys,
      List<String> churnedStatuses) {
    // A customer without status or churn date is not churned (never NULL: NULL would drop them
    // from the churn base).
    Column churned = coalesce(lower(col("status")).isin(churnedStatuses.toArray()), lit(false))
        .or(coalesce(col("churn_date").leq(lit(snapshotDate)), lit(false)));
    return bronzeCustomers.select(
        lit(snapshotDate).as("snapshot_date"),
        col("customer_id"),
        keys.identifierKey(col("email")).as("email_key"),
        col("segment"),
        col("plan"),
        col("region"),
        col("signup_date"),
        col("status"),
        churned.as("is_churned"),
        col("churn_date"),
        col("lifetime_value"),
        col("owner"));
  }
}
