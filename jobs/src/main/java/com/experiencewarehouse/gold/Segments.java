package com.experiencewarehouse.gold;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Puts each fact in the segment its customer was in when it happened (the SCD2 customer version
 * valid at the fact's timestamp). Facts without a customer go to "(anonymous)", customers missing from the CRM to
 * "(unknown)"; scorecards also carry an "(all)" row per period.
 */
public final class Segments {

  public static final String ANONYMOUS = "(anonymous)";
  public static final String UNKNOWN = "(unknown)";
  public static final String ALL = "(all)";

  private Segments() {}

  /**
   * Adds {@code segment}, {@code plan} and {@code owner} to facts with {@code customer_id}: the customer's
   * silver.customer_dim version valid at the fact's timestamp ({@code timeColumn}).
   */
  public static Dataset<Row> attach(Dataset<Row> facts, String timeColumn, Dataset<Row> customerDim) {
    Dataset<Row> c = customerDim.select(
        col("customer_id").as("_c_id"), col("valid_from").as("_c_from"), col("valid_to").as("_c_to"),
        col("segment").as("_c_segment"), col("plan").as("_c_plan"), col("owner").as("_c_owner"));
    Column at = col(timeColumn).cast("timestamp");
    return facts.join(c,
            col("customer_id").equalTo(col("_c_id"))
                .and(at.geq(col("_c_from")))
                .and(col("_c_to").isNull().or(at.lt(col("_c_to")))),
            "left_outer")
        .withColumn("segment", when(col("customer_id").isNull(), lit(ANONYMOUS))
            .otherwise(coalesce(col("_c_segment"), lit(UNKNOWN))))
        .withColumn("plan", col("_c_plan"))
        .withColumn("owner", col("_c_owner"))
        .drop("_c_id", "_c_from", "_c_to", "_c_segment", "_c_plan", "_c_owner");
  }

  /**
   * Each fact twice: in its own segment and in "(all)", so one GROUP BY segment gives both levels
   * (ROLLUP would aggregate three grouping sets, CUBE eight).
   */
  public static Dataset<Row> withAll(Dataset<Row> facts) {
    return facts.withColumn("segment", explode(array(col("segment"), lit(ALL))));
  }
}
