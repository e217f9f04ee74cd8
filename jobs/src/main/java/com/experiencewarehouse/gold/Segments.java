package com.experiencewarehouse.gold;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Puts each fact in the segment its customer was in on the fact's date (the CRM snapshot of that
 * date). Facts without a customer go to "(anonymous)", customers missing from the CRM to
 * "(unknown)"; scorecards also carry an "(all)" row per period.
 */
public final class Segments {

  public static final String ANONYMOUS = "(anonymous)";
  public static final String UNKNOWN = "(unknown)";
  public static final String ALL = "(all)";

  private Segments() {}

  /** Adds {@code segment} and {@code plan} to facts with {@code customer_id} and the date column. */
  public static Dataset<Row> attach(Dataset<Row> facts, String dateColumn, Dataset<Row> customers) {
    Dataset<Row> c = customers.select(
        col("snapshot_date").as("_c_date"), col("customer_id").as("_c_id"),
        col("segment").as("_c_segment"), col("plan").as("_c_plan"));
    return facts.join(c,
            col("customer_id").equalTo(col("_c_id")).and(col(dateColumn).equalTo(col("_c_date"))),
            "left_outer")
        .withColumn("segment", when(col("customer_id").isNull(), lit(ANONYMOUS))
            .otherwise(coalesce(col("_c_segment"), lit(UNKNOWN))))
        .withColumn("plan", col("_c_plan"))
        .drop("_c_date", "_c_id", "_c_segment", "_c_plan");
  }
}
