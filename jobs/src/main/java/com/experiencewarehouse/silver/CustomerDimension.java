package com.experiencewarehouse.silver;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sha2;

import com.experiencewarehouse.spark.LocalDays;
import java.time.ZoneId;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * silver.customer_dim: the CRM customer as a type 2 slowly changing dimension (docs/metrics.md "Customer
 * dimension"). A new version starts on the first snapshot date where any tracked attribute differs
 * from the previous snapshot; {@code valid_to} is exclusive and NULL for the current version. The
 * first version reaches back to the signup date, so facts from before the first snapshot still find
 * their customer. Derived from the snapshot history and merged into the table by
 * (customer_id, valid_from), so reruns and late snapshots converge on the same versions.
 */
public final class CustomerDimension {

  public static final String TABLE = "silver.customer_dim";

  /** Attributes whose change opens a new version. */
  static final String[] TRACKED = {
      "email_key", "segment", "plan", "region", "signup_date", "status", "is_churned", "churn_date",
      "lifetime_value", "owner"};

  private CustomerDimension() {}

  /** {@link #versions(Dataset, ZoneId)} in UTC. */
  public static Dataset<Row> versions(Dataset<Row> snapshots) {
    return versions(snapshots, java.time.ZoneOffset.UTC);
  }

  /**
   * All versions of every customer in {@code snapshots} (silver.customer_snapshot rows). A version
   * starts and ends at local midnight of its dates in {@code zone} (xw.sources.web.time-zone), so
   * a fact belongs to the version of its own local day.
   */
  public static Dataset<Row> versions(Dataset<Row> snapshots, ZoneId zone) {
    Column[] tracked = new Column[TRACKED.length];
    for (int i = 0; i < TRACKED.length; i++) {
      tracked[i] = coalesce(col(TRACKED[i]).cast("string"), lit("\u0000"));
    }
    WindowSpec byDate = Window.partitionBy(col("customer_id")).orderBy(col("snapshot_date"));
    Dataset<Row> changes = snapshots
        .withColumn("_row_hash", sha2(concat_ws("|", tracked), 256))
        .withColumn("_prev_hash", lag(col("_row_hash"), 1).over(byDate))
        .filter(col("_prev_hash").isNull().or(col("_prev_hash").notEqual(col("_row_hash"))));
    WindowSpec byStart = Window.partitionBy(col("customer_id")).orderBy(col("snapshot_date"));
    Column first = row_number().over(byStart).equalTo(1);
    Column start = LocalDays.startOf(col("snapshot_date"), zone);
    return changes
        .withColumn("valid_from", org.apache.spark.sql.functions.when(first.and(col("signup_date").isNotNull()),
            least(start, LocalDays.startOf(col("signup_date"), zone))).otherwise(start))
        .withColumn("valid_to", LocalDays.startOf(lead(col("snapshot_date"), 1).over(byStart), zone))
        .select(
            col("customer_id"),
            col("valid_from"),
            col("valid_to"),
            col("valid_to").isNull().as("is_current"),
            col("email_key"),
            col("segment"),
            col("plan"),
            col("region"),
            col("signup_date"),
            col("status"),
            col("is_churned"),
            col("churn_date"),
            col("lifetime_value"),
            col("owner"),
            col("snapshot_date").as("first_snapshot_date"),
            col("_row_hash"));
  }

  /**
   * Per customer: the first snapshot date, and every date a version turned churned after one that
   * was not (status_churn_dates: a status change between two snapshots is a churn on the later
   * snapshot's date, docs/metrics.md "Churn rate"). A customer churned in its first snapshot has none:
   * when it churned is not known.
   *
   * @param dim silver.customer_dim rows ({@link #versions})
   */
  public static Dataset<Row> churnHistory(Dataset<Row> dim) {
    return churnHistory(dim, java.time.ZoneOffset.UTC);
  }

  /** {@link #churnHistory(Dataset)} with the turn dates local days in {@code zone}, as valid_from starts them. */
  public static Dataset<Row> churnHistory(Dataset<Row> dim, ZoneId zone) {
    WindowSpec byStart = Window.partitionBy(col("customer_id")).orderBy(col("valid_from"));
    Column churned = coalesce(col("is_churned"), lit(false));
    Column turned = churned.and(lag(churned, 1).over(byStart).equalTo(false));
    return dim
        .withColumn("_churned_on", org.apache.spark.sql.functions.when(turned, LocalDays.of(col("valid_from"), zone)))
        .groupBy(col("customer_id"))
        .agg(org.apache.spark.sql.functions.min(col("first_snapshot_date")).as("first_snapshot_date"),
            // collect_list leaves NULLs out: only the turns.
            org.apache.spark.sql.functions.array_sort(
                org.apache.spark.sql.functions.collect_list(col("_churned_on"))).as("status_churn_dates"));
  }
}
