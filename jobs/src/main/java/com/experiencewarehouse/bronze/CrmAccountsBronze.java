package com.experiencewarehouse.bronze;

import static org.apache.spark.sql.functions.col;

import com.experiencewarehouse.sources.crm.SalesforceExport;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * bronze.crm_accounts: the CRM's accounts of one date (Salesforce Account), every field kept by API
 * name; the customers take their account's fields from here.
 */
public final class CrmAccountsBronze {

  public static final String TABLE = "bronze.crm_accounts";
  public static final String SOURCE = "crm_accounts";

  private CrmAccountsBronze() {}

  public static Dataset<Row> validate(Dataset<Row> raw) {
    Dataset<Row> typed = Checks.prepare(raw, SalesforceExport.ACCOUNT_FIELDS, List.of("fields"))
        .withColumn("_is_deleted", Checks.bool(col("is_deleted")));
    Column reason = new Checks.Reasons()
        .check(col("_corrupt_record").isNotNull(), "malformed_record")
        .check(col("account_id").isNull(), "missing_key")
        .check(Checks.unparsable(col("is_deleted"), col("_is_deleted")), "bad_boolean")
        .check(col("_is_deleted"), "deleted_in_source")
        .first();
    return Duplicates.markLaterOccurrences(typed.withColumn(Checks.REASON, reason), col("account_id"));
  }

  public static Dataset<Row> accepted(Dataset<Row> validated) {
    return Checks.accepted(validated, col("account_id"), col("fields"), col("_source_file"));
  }
}
