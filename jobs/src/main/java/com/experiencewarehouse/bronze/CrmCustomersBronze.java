package com.experiencewarehouse.bronze;

import static com.experiencewarehouse.bronze.Checks.clean;
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
    Column reason = new Checks.Reasons()
        .check(col("_corrupt_record").isNotNull(), "malformed_record")
        .check(Checks.isBlank(col("customer_id")), "missing_key")
        .check(Checks.isBlank(col("segment")), "missing_segment")
        .check(Checks.badDate(col("signup_date")), "bad_date")
        .check(Checks.badDate(col("churn_date")), "bad_date")
        .check(Checks.badDecimal(col("lifetime_value"), 18, 2), "bad_number")
        .first();
    Dataset<Row> checked = raw
        .withColumn("raw_record", Checks.rawRecord(CrmExports.CUSTOMER_FIELDS.toArray(new String[0])))
        .withColumn(Checks.REASON, reason);
    return Duplicates.markLaterOccurrences(checked, clean(col("customer_id")));
  }

  public static Dataset<Row> accepted(Dataset<Row> validated) {
    return Checks.accepted(validated,
        clean(col("customer_id")).as("customer_id"),
        clean(col("email")).as("email"),
        clean(col("full_name")).as("full_name"),
        clean(col("phone")).as("phone"),
        clean(col("segment")).as("segment"),
        clean(col("plan")).as("plan"),
        clean(col("region")).as("region"),
        Checks.date(col("signup_date")).as("signup_date"),
        clean(col("status")).as("status"),
        Checks.date(col("churn_date")).as("churn_date"),
        Checks.decimal(col("lifetime_value"), 18, 2).as("lifetime_value"),
        col("_source_file"));
  }
}
