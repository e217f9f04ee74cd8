package com.experiencewarehouse.gold;

import static com.experiencewarehouse.metrics.Metrics.ratio;
import static com.experiencewarehouse.metrics.Metrics.unlessSmall;
import static com.experiencewarehouse.metrics.Metrics.wilsonHigh;
import static com.experiencewarehouse.metrics.Metrics.wilsonLow;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.percentile;
import static org.apache.spark.sql.functions.quarter;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;

import com.experiencewarehouse.config.Settings.MetricSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * gold.task_scorecard_day and gold.task_scorecard_quarter (docs/metrics.md "Per task": every task metric per
 * task): per segment, period and task, the attempts by outcome, the task success rate with its 95 %
 * Wilson interval (NULL and flagged suppressed below metrics.min-sample attempts), and the median and
 * p90 time on task of the successful attempts. Each period's values come from the period's own
 * attempts (a quarter is never an average of its days), with an "(all)" segment row.
 *
 * <p>Every configured task has a row in every segment and period that has an attempt of any task
 * (0 attempts, NULL rate and times: a task nobody tried is visible, not missing); the "(all)" rows
 * exist for every period with an attempt. A task no longer configured keeps the rows of its stored
 * attempts.
 */
public final class TaskScorecard {

  public static final String DAY_TABLE = "gold.task_scorecard_day";
  public static final String QUARTER_TABLE = "gold.task_scorecard_quarter";

  private static final List<String> COUNTS = List.of("attempts", "successes", "failures", "timeouts", "abandons");

  private TaskScorecard() {}

  /**
   * @param attempts silver.task_attempt rows with {@code segment} (the customer_dim version valid at
   *     {@code started_at}): session_date, task_name, outcome, is_success, time_on_task_s
   * @param tasks the configured task names (xw.tasks), in their order
   */
  public static Dataset<Row> build(SegmentScorecard.Grain grain, Dataset<Row> attempts, List<String> tasks,
      MetricSettings m) {
    if (tasks.isEmpty()) {
      throw new IllegalArgumentException("no tasks configured (xw.tasks)");
    }
    Dataset<Row> facts = Segments.withAll(attempts.withColumn("period_start", grain.periodStart(col("session_date"))));
    Column outcome = col("outcome");
    Column success = col("is_success");
    Dataset<Row> counted = facts.groupBy(col("period_start"), col("segment"), col("task_name")).agg(
        count(lit(1)).as("attempts"),
        count(when(success, 1)).as("successes"),
        count(when(outcome.equalTo("failure"), 1)).as("failures"),
        count(when(outcome.equalTo("timeout"), 1)).as("timeouts"),
        count(when(outcome.equalTo("abandoned"), 1)).as("abandons"),
        percentile(when(success, col("time_on_task_s")), lit(0.5)).as("time_on_task_median_s"),
        percentile(when(success, col("time_on_task_s")), lit(0.9)).as("time_on_task_p90_s"));
    // Every configured task in every (period, segment) that has attempts at all.
    Dataset<Row> grid = facts.select(col("period_start"), col("segment")).distinct()
        .withColumn("task_name", explode(array(tasks.stream().map(t -> lit(t)).toArray(Column[]::new))));
    Dataset<Row> g = KeyedMerge.byKey(List.of(grid, counted), List.of("period_start", "segment", "task_name"),
        Set.copyOf(COUNTS));
    List<Column> out = new ArrayList<>();
    if (grain == SegmentScorecard.Grain.DAY) {
      out.add(col("period_start").as("scorecard_date"));
    } else {
      out.add(concat(year(col("period_start")).cast("string"), lit("-Q"), quarter(col("period_start")).cast("string"))
          .as("quarter"));
      out.add(col("period_start").as("quarter_start"));
    }
    out.add(col("segment"));
    out.add(col("task_name"));
    COUNTS.forEach(c -> out.add(col(c)));
    out.addAll(successScores(col("successes"), col("attempts"), "task", m.minSample()));
    out.add(col("time_on_task_median_s"));
    out.add(col("time_on_task_p90_s"));
    return g.select(out.toArray(new Column[0]));
  }

  /**
   * A task success rate's columns from its counts: {@code <prefix>_success_rate} = successes /
   * attempts, its 95 % Wilson interval {@code <prefix>_success_rate_ci_low}, {@code _ci_high}, and
   * {@code <prefix>_success_suppressed}; rate and interval NULL below min-sample attempts (0 included).
   */
  public static List<Column> successScores(Column successes, Column attempts, String prefix, int minSample) {
    return List.of(
        unlessSmall(ratio(successes, attempts), attempts, minSample).as(prefix + "_success_rate"),
        unlessSmall(wilsonLow(successes, attempts), attempts, minSample).as(prefix + "_success_rate_ci_low"),
        unlessSmall(wilsonHigh(successes, attempts), attempts, minSample).as(prefix + "_success_rate_ci_high"),
        attempts.lt(minSample).as(prefix + "_success_suppressed"));
  }
}
