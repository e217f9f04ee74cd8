package com.experiencewarehouse.gold;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import com.experiencewarehouse.silver.WebSessions;
import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * gold.customer_lifetime_value: one row per customer of the CRM (its current version), with the
 * lifetime value as docs/metrics.md defines it: the CRM's value when it gives one, else the sum of the
 * customer's purchase revenue to date (their identity-mapped web sessions' purchase_revenue).
 *
 * <p>Current state, rebuilt whole every night from silver.customer_dim and every stored session:
 * "to date" is through the latest session date the warehouse holds, so a rerun of an old date, a
 * backfill and nights run by hand give the same rows (a per-snapshot figure would depend on which
 * nights had been loaded when the snapshot was, e.g. a session crossing midnight whose purchase
 * arrives in the next day's export).
 */
public final class CustomerLifetimeValue {

  public static final String TABLE = "gold.customer_lifetime_value";

  /** lifetime_value_basis values. */
  public static final String CRM = "crm";
  public static final String WEB_PURCHASES = "web_purchases";

  private CustomerLifetimeValue() {}

  /**
   * @param customers silver.customer_dim (every version; the current one is used)
   * @param sessions silver.web_session, or null when no web session was ever loaded (the fallback is
   *     then unknown: NULL, not 0)
   */
  public static Dataset<Row> build(Dataset<Row> customers, Dataset<Row> sessions) {
    Dataset<Row> current = customers.filter(col("is_current"))
        .select(col("customer_id"), col("segment"), col("lifetime_value").cast(WebSessions.MONEY).as("crm_lifetime_value"));
    Dataset<Row> withWeb;
    if (sessions == null) {
      withWeb = current
          .withColumn("purchase_sessions", lit(null).cast("bigint"))
          .withColumn("web_purchase_revenue", lit(null).cast(WebSessions.MONEY))
          .withColumn("revenue_through_date", lit(null).cast("date"));
    } else {
      // Sessions of a table written before purchase_revenue existed: revenue unknown (NULL).
      Dataset<Row> s = Arrays.asList(sessions.columns()).contains("purchase_revenue") ? sessions
          : sessions.withColumn("purchase_revenue", lit(null).cast(WebSessions.MONEY));
      Dataset<Row> perCustomer = s.filter(col("customer_id").isNotNull()).groupBy(col("customer_id")).agg(
          count(when(col("has_purchase"), 1)).as("_purchase_sessions"),
          sum(col("purchase_revenue")).as("_revenue_sum"),
          count(when(col("purchase_revenue").isNull(), 1)).as("_revenue_unknown"));
      Dataset<Row> through = s.agg(max(col("session_date")).as("revenue_through_date"));
      // No session at all (no web source yet): the web revenue is unknown, not 0.
      Column known = coalesce(col("_revenue_unknown"), lit(0L)).equalTo(0).and(col("revenue_through_date").isNotNull());
      withWeb = current.join(perCustomer, "customer_id", "left").crossJoin(through)
          .withColumn("purchase_sessions",
              when(col("revenue_through_date").isNotNull(), coalesce(col("_purchase_sessions"), lit(0L))))
          // No linked session: no known order, 0. A session whose purchase has no value: unknown,
          // never a partial sum.
          .withColumn("web_purchase_revenue",
              when(known, coalesce(col("_revenue_sum"), lit(0))).cast(WebSessions.MONEY));
    }
    Column crm = col("crm_lifetime_value");
    Column web = col("web_purchase_revenue");
    return withWeb.select(
        col("customer_id"),
        col("segment"),
        coalesce(crm, web).cast(WebSessions.MONEY).as("lifetime_value"),
        when(crm.isNotNull(), lit(CRM)).when(web.isNotNull(), lit(WEB_PURCHASES)).as("lifetime_value_basis"),
        crm,
        web,
        col("purchase_sessions"),
        col("revenue_through_date"));
  }
}
