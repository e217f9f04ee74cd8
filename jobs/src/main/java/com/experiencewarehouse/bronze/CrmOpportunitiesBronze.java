package com.experiencewarehouse.bronze;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import com.experiencewarehouse.sources.crm.SalesforceExport;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * bronze.crm_opportunities: the CRM's opportunities of one date (Salesforce Opportunity), typed; won
 * amounts add up to the account's customers' lifetime value.
 */
public final class CrmOpportunitiesBronze {

  public static final String TABLE = "bronze.crm_opportunities";
  public static final String SOURCE = "crm_opportunities";

  private CrmOpportunitiesBronze() {}

  public static Dataset<Row> validate(Dataset<Row> raw) {
    Dataset<Row> typed = Checks.prepare(raw, SalesforceExport.OPPORTUNITY_FIELDS, SalesforceExport.OPPORTUNITY_FIELDS)
        .withColumn("_amount", Checks.decimal(col("amount"), 18, 2))
        .withColumn("_is_won", Checks.bool(col("is_won")))
        .withColumn("_close_date", Checks.date(col("close_date")))
        .withColumn("_is_deleted", Checks.bool(col("is_deleted")));
    Column reason = new Checks.Reasons()
        .check(col("_corrupt_record").isNotNull(), "malformed_record")
        .check(col("opportunity_id").isNull(), "missing_key")
        .check(Checks.unparsable(col("is_deleted"), col("_is_deleted")), "bad_boolean")
        .check(col("_is_deleted"), "deleted_in_source")
        .check(Checks.unparsable(col("amount"), col("_amount")), "bad_number")
        .check(Checks.unparsable(col("is_won"), col("_is_won")), "bad_boolean")
        .check(Checks.unparsable(col("close_date"), col("_close_date")), "bad_date")
        .first();
    return Duplicates.markLaterOccurrences(typed.withColumn(Checks.REASON, reason), col("opportunity_id"));
  }

  public static Dataset<Row> accepted(Dataset<Row> validated) {
    return Checks.accepted(validated,
        col("opportunity_id"),
        col("account_id"),
        col("_amount").as("amount"),
        coalesce(col("_is_won"), lit(false)).as("is_won"),
        col("stage_name"),
        col("_close_date").as("close_date"),
        col("_source_file"));
  }
}
