package com.experiencewarehouse.bronze;

import static org.apache.spark.sql.functions.col;

import com.experiencewarehouse.sources.crm.CrmExports;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** bronze.crm_customers: the CRM's customer snapshot of one date, typed; raw PII stays in bronze. */
public final class CrmCustomersBronze {

  public static final String TABLE = "bronze.crm_customers";
  public static final String SOURCE = "crm_customers";

  private CrmCustomersBronze() {}

  public static Dataset<Row> validate(Dataset<Row> raw) {
    Dataset<Row> typed = Checks.withIds(Checks.prepare(raw, CrmExports.CUSTOMER_FIELDS, CrmExports.CUSTOMER_FIELDS),
            "customer_id")
        .withColumn("_signup_date", Checks.date(col("signup_date")))
        .withColumn("_churn_date", Checks.date(col("churn_date")))
        .withColumn("_is_deleted", Checks.bool(col("is_deleted")))
        .withColumn("_lifetime_value", Checks.decimal(col("lifetime_value"), 18, 2));
    Column reason = new Checks.Reasons()
        .check(col("_corrupt_record").isNotNull(), "malformed_record")
        .check(col("customer_id").isNull(), "missing_key")
        .check(Checks.hasControlCharacter(col("customer_id")), "bad_id")
        .check(Checks.unparsable(col("is_deleted"), col("_is_deleted")), "bad_boolean")
        .check(col("_is_deleted"), "deleted_in_source")
        .check(col("segment").isNull(), "missing_segment")
        .check(Checks.unparsable(col("signup_date"), col("_signup_date")), "bad_date")
        .check(Checks.unparsable(col("churn_date"), col("_churn_date")), "bad_date")
        .check(Checks.unparsable(col("lifetime_value"), col("_lifetime_value")), "bad_number")
        .first();
    return Duplicates.markLaterOccurrences(typed.withColumn(Checks.REASON, reason), col("customer_id"));
  }

  public static Dataset<Row> accepted(Dataset<Row> validated) {
    return Checks.accepted(validated,
        col("customer_id"),
        col("email"),
        col("full_name"),
        col("phone"),
        col("segment"),
        col("plan"),
        col("region"),
        col("_signup_date").as("signup_date"),
        col("status"),
        col("_churn_date").as("churn_date"),
        col("_lifetime_value").as("lifetime_value"),
        col("owner"),
        col("_source_file"));
  }
}
