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

  /** {@code ltv_basis}: the CRM's lifetime value. */
  public static final String LTV_CRM = "crm";
  /** {@code ltv_basis}: the CRM gives none; the customer's web purchase revenue to date. */
  public static final String LTV_WEB = "web_purchases";

  /**
   * Adds {@code ltv} and {@code ltv_basis} (METRICS.md "Lifetime value": the CRM's value when given,
   * otherwise the sum of order revenue to date): the CRM's lifetime_value ("crm"); without one, the
   * purchase_revenue of the customer's web sessions (silver.web_session, whose customer_id comes
   * through the identity map) dated on or before the snapshot date ("web_purchases"; 0 without
   * any); NULL, basis NULL, when one of those sessions' revenue is unknown.
   *
   * @param sessions silver.web_session rows (customer_id, session_date, purchase_revenue)
   */
  public static Dataset<Row> withLifetimeValueFallback(Dataset<Row> snapshots, Dataset<Row> sessions) {
    Dataset<Row> withRevenue = java.util.Arrays.asList(sessions.columns()).contains("purchase_revenue") ? sessions
        : sessions.withColumn("purchase_revenue", lit(null).cast(WebSessions.MONEY));
    // Per customer and day first (few rows), then summed up to each snapshot date.
    Dataset<Row> perDay = withRevenue.filter(col("customer_id").isNotNull())
        .groupBy(col("customer_id").as("_w_customer"), col("session_date").as("_w_date"))
        .agg(org.apache.spark.sql.functions.sum(col("purchase_revenue")).as("_w_revenue"),
            org.apache.spark.sql.functions.count(org.apache.spark.sql.functions.when(
                col("purchase_revenue").isNull(), 1)).as("_w_unknown"));
    Dataset<Row> keys = snapshots.select(col("customer_id").as("_k_customer"), col("snapshot_date").as("_k_date"))
        .distinct();
    Dataset<Row> toDate = keys.join(perDay, col("_k_customer").equalTo(col("_w_customer"))
            .and(col("_w_date").leq(col("_k_date"))), "inner")
        .groupBy(col("_k_customer"), col("_k_date"))
        .agg(org.apache.spark.sql.functions.sum(col("_w_revenue")).as("_web_revenue"),
            org.apache.spark.sql.functions.sum(col("_w_unknown")).as("_web_unknown"));
    Column crm = col("lifetime_value").isNotNull();
    Column webKnown = coalesce(col("_web_unknown"), lit(0L)).equalTo(0);
    Column web = coalesce(col("_web_revenue"), lit(0)).cast(WebSessions.MONEY);
    return snapshots
        .join(toDate, col("customer_id").equalTo(col("_k_customer")).and(col("snapshot_date").equalTo(col("_k_date"))),
            "left_outer")
        .withColumn("ltv", org.apache.spark.sql.functions.when(crm, col("lifetime_value")).when(webKnown, web)
            .cast(WebSessions.MONEY))
        .withColumn("ltv_basis", org.apache.spark.sql.functions.when(crm, lit(LTV_CRM))
            .when(webKnown, lit(LTV_WEB)))
        .drop("_k_customer", "_k_date", "_web_revenue", "_web_unknown");
  }
}
