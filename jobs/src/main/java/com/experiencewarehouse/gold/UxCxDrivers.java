package com.experiencewarehouse.gold;

import static com.experiencewarehouse.metrics.Metrics.Z95;
import static org.apache.spark.sql.functions.atanh;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.covar_pop;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.quarter;
import static org.apache.spark.sql.functions.rank;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.sqrt;
import static org.apache.spark.sql.functions.stddev_pop;
import static org.apache.spark.sql.functions.trunc;
import static org.apache.spark.sql.functions.tanh;
import static org.apache.spark.sql.functions.var_pop;
import static org.apache.spark.sql.functions.var_samp;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * gold.ux_cx_drivers (docs/metrics.md "Drivers"): per segment, quarter and (UX measure, CX measure)
 * over the survey respondents: n, Pearson and Spearman correlation of the respondent-level values,
 * and the lift — the CX score of respondents with the UX condition minus that of those without —
 * with its 95 % CI. Groups below metrics.min-sample keep their n but their statistics are NULL.
 *
 * <p>Each respondent's CX value is chosen so that a group's mean is the group's CX score: for NPS
 * +100 (promoter), 0 (passive), −100 (detractor), whose population variance is exactly
 * 100²(p + d − (p − d)²), the NPS CI's; for CSAT 1 (4–5) or 0, the share satisfied; for CES the
 * score. The lift's CI is ±1.96 √(var₁/n₁ + var₂/n₂).
 *
 * <p>The correlations' 95 % CIs are Fisher z intervals: z = atanh(r), z ± 1.96 × se, back with tanh;
 * se = 1/√(n − 3) for Pearson, and for Spearman the Fieller–Hartley–Pearson se = √(1.06/(n − 3)).
 * NULL when n < 4 (no se), when the correlation is NULL, or when suppressed.
 */
public final class UxCxDrivers {

  public static final String TABLE = "gold.ux_cx_drivers";

  /** One driver: a UX measure (and its yes/no condition for the lift) against a CX measure. */
  public record Driver(String uxMeasure, Column uxValue, String condition, Column hasCondition,
      String cxMeasure) {}

  /**
   * The drivers computed each night (UX columns of gold.survey_response_context); {@code compositeTask}
   * (metrics.composite-task) is the task of the per-task driver {@code task_success_rate:<task>}.
   */
  public static List<Driver> defaults(String compositeTask) {
    Column failedCheckouts = col("failed_checkouts_in_window");
    Column errors = col("error_events_in_window");
    Column failedTasks = col("failed_task_attempts_in_window");
    Column resolution = col("resolution_h_median_in_window");
    Column compositeRate = col("composite_task_success_rate_in_window");
    return List.of(
        new Driver("failed_checkouts", failedCheckouts, ">= 1 failed checkout", failedCheckouts.geq(1), "NPS"),
        new Driver("failed_task_attempts", failedTasks, ">= 1 failed task", failedTasks.geq(1), "NPS"),
        new Driver("error_events", errors, ">= 1 error", errors.geq(1), "NPS"),
        new Driver("error_events", errors, ">= 1 error", errors.geq(1), "CES"),
        new Driver("failed_task_attempts", failedTasks, ">= 1 failed task", failedTasks.geq(1), "CSAT"),
        new Driver("task_success_rate", col("task_success_rate_in_window"), "success rate < 1",
            col("task_success_rate_in_window").lt(1.0), "NPS"),
        new Driver("time_on_task_median_s", col("time_on_task_median_s_in_window"), "median > 120 s",
            col("time_on_task_median_s_in_window").gt(120.0), "CES"),
        new Driver("ticket_resolution_h", resolution, "resolution > 24 h", resolution.gt(24.0), "CSAT"),
        // The one task's rate (docs/metrics.md: drivers able to use one task), beside the pooled one above.
        new Driver("task_success_rate:" + compositeTask, compositeRate, "success rate < 1", compositeRate.lt(1.0),
            "NPS"));
  }

  private UxCxDrivers() {}

  /** The respondent's CX value for the lift (see the class comment), by survey type. */
  static Column cxValue() {
    Column type = col("survey_type");
    return when(type.equalTo("NPS"),
            when(col("is_promoter"), lit(100.0)).when(col("is_detractor"), lit(-100.0)).otherwise(lit(0.0)))
        .when(type.equalTo("CSAT"), when(col("score").geq(4), lit(1.0)).otherwise(lit(0.0)))
        .when(type.equalTo("CES"), col("score"));
  }

  /**
   * cov / (sd_x × sd_y); NULL when either side does not vary (Spark's corr() would divide by zero,
   * an error under ANSI mode).
   */
  static Column correlation(Column covariance, Column sdX, Column sdY) {
    return when(sdX.gt(0).and(sdY.gt(0)), covariance.divide(sdX.multiply(sdY)));
  }

  /**
   * An end of the 95 % Fisher z interval of a correlation {@code r} over n pairs: tanh(atanh(r) ±
   * 1.96 × √(varianceFactor / (n − 3))); NULL when n < 4 or r is NULL.
   */
  static Column fisherEnd(Column r, Column n, double varianceFactor, int sign) {
    Column se = sqrt(lit(varianceFactor).divide(n.minus(3).cast("double")));
    return when(n.geq(4).and(r.isNotNull()), tanh(atanh(r).plus(lit(sign * Z95).multiply(se))));
  }

  /** Decimals of the published statistics. */
  static final int DECIMALS = 9;

  /**
   * A statistic as published: rounded to {@link #DECIMALS} decimals. Spark merges per-partition
   * partial covariances and variances, so the last bits of a raw value depend on how the rows were
   * partitioned (a cluster's layout, the shuffle partitions); rounded, a night gives the same
   * values on any layout, far finer than any reading of a correlation or a lift needs.
   */
  static Column published(Column statistic) {
    return round(statistic, DECIMALS);
  }

  private static final Column[] GROUP = {
      col("quarter_start"), col("segment"), col("ux_measure"), col("cx_measure")};

  /**
   * Rank of a value within its group, 1-based; tied values share the mean of their ranks. NULL
   * values are not ranked (and do not shift the others' ranks).
   */
  static Column averageRank(String value) {
    Column[] present = java.util.Arrays.copyOf(GROUP, GROUP.length + 1);
    present[GROUP.length] = col(value).isNull();
    Column[] withValue = java.util.Arrays.copyOf(GROUP, GROUP.length + 1);
    withValue[GROUP.length] = col(value);
    return when(col(value).isNotNull(), rank().over(Window.partitionBy(present).orderBy(col(value)))
        .plus(count(lit(1)).over(Window.partitionBy(withValue)).minus(1).divide(2.0)));
  }

  /** @param context gold.survey_response_context rows of the quarters to compute */
  public static Dataset<Row> build(Dataset<Row> context, List<Driver> drivers, int minSample) {
    Dataset<Row> pairs = null;
    for (Driver d : drivers) {
      Dataset<Row> one = context
          .filter(col("survey_type").equalTo(d.cxMeasure()).and(d.uxValue().isNotNull()))
          .select(
              trunc(col("response_date"), "quarter").as("quarter_start"),
              col("segment"),
              lit(d.uxMeasure()).as("ux_measure"),
              lit(d.cxMeasure()).as("cx_measure"),
              lit(d.condition()).as("ux_condition"),
              d.uxValue().cast("double").as("x"),
              col("score").as("y"),
              coalesce(d.hasCondition(), lit(false)).as("has_condition"),
              cxValue().as("v"));
      pairs = pairs == null ? one : pairs.unionByName(one);
    }
    // The (all) segment: every respondent once more.
    Dataset<Row> all = pairs.unionByName(pairs.withColumn("segment", lit(Segments.ALL)));
    // Correlations pair x with a 0–10 score: an NPS answer given only as its group has none and
    // counts in the lift only. Spearman = Pearson of ranks, ties sharing their average rank.
    Dataset<Row> ranked = all.withColumn("x", when(col("y").isNotNull(), col("x")))
        .withColumn("rx", averageRank("x")).withColumn("ry", averageRank("y"));
    Column with = col("has_condition");
    Column isMean = col("cx_measure").equalTo("CES");
    Dataset<Row> g = ranked.groupBy(col("quarter_start"), col("segment"), col("ux_measure"),
            col("cx_measure"), col("ux_condition"))
        .agg(
            count(col("y")).as("n"),
            covar_pop(col("x"), col("y")).as("_cov_xy"),
            stddev_pop(col("x")).as("_sd_x"),
            stddev_pop(col("y")).as("_sd_y"),
            covar_pop(col("rx"), col("ry")).as("_cov_r"),
            stddev_pop(col("rx")).as("_sd_rx"),
            stddev_pop(col("ry")).as("_sd_ry"),
            count(when(with, 1)).as("n_with"),
            count(when(with.unary_$bang(), 1)).as("n_without"),
            avg(when(with, col("v"))).as("_cx_with"),
            avg(when(with.unary_$bang(), col("v"))).as("_cx_without"),
            // Proportions (NPS, CSAT): population variance, as in their CI formulas; means: sample.
            when(isMean, var_samp(when(with, col("v")))).otherwise(var_pop(when(with, col("v")))).as("_var_with"),
            when(isMean, var_samp(when(with.unary_$bang(), col("v"))))
                .otherwise(var_pop(when(with.unary_$bang(), col("v")))).as("_var_without"));
    Column enough = col("n").geq(minSample);
    Column liftShown = col("n_with").geq(minSample).and(col("n_without").geq(minSample));
    Column lift = col("_cx_with").minus(col("_cx_without"));
    Column pearson = published(when(enough, correlation(col("_cov_xy"), col("_sd_x"), col("_sd_y"))));
    Column spearman = published(when(enough, correlation(col("_cov_r"), col("_sd_rx"), col("_sd_ry"))));
    Column half = lit(Z95).multiply(sqrt(col("_var_with").divide(col("n_with"))
        .plus(col("_var_without").divide(col("n_without")))));
    return g.select(
        concat(year(col("quarter_start")).cast("string"), lit("-Q"), quarter(col("quarter_start")).cast("string"))
            .as("quarter"),
        col("quarter_start"),
        col("segment"),
        col("ux_measure"),
        col("cx_measure"),
        col("ux_condition"),
        col("n"),
        pearson.as("pearson_r"),
        spearman.as("spearman_rho"),
        col("n_with"),
        col("n_without"),
        published(when(liftShown, col("_cx_with"))).as("cx_with"),
        published(when(liftShown, col("_cx_without"))).as("cx_without"),
        published(when(liftShown, lift)).as("lift"),
        published(when(liftShown, lift.minus(half))).as("lift_ci_low"),
        published(when(liftShown, lift.plus(half))).as("lift_ci_high"),
        enough.unary_$bang().as("correlation_suppressed"),
        liftShown.unary_$bang().as("lift_suppressed"),
        published(fisherEnd(pearson, col("n"), 1.0, -1)).as("pearson_ci_low"),
        published(fisherEnd(pearson, col("n"), 1.0, +1)).as("pearson_ci_high"),
        published(fisherEnd(spearman, col("n"), 1.06, -1)).as("spearman_ci_low"),
        published(fisherEnd(spearman, col("n"), 1.06, +1)).as("spearman_ci_high"));
  }
}
