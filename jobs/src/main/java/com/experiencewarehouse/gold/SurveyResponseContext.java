package com.experiencewarehouse.gold;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.percentile;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * gold.survey_response_context (docs/metrics.md "Attribution window"): each survey response with what
 * its respondent went through in the {@code link.window-days} before answering — sessions, task
 * attempts and failures, errors, time on task, support tickets — and the respondent's segment at the
 * time. The row set the drivers and the follow-up list are computed from.
 */
public final class SurveyResponseContext {

  public static final String TABLE = "gold.survey_response_context";

  static final Set<String> COUNTS = Set.of("sessions_in_window", "engaged_sessions_in_window",
      "converted_sessions_in_window", "error_events_in_window", "sessions_with_error_in_window",
      "task_attempts_in_window", "task_successes_in_window", "failed_task_attempts_in_window",
      "failed_checkouts_in_window", "tickets_in_window", "open_tickets_at_response",
      "composite_task_attempts_in_window", "composite_task_successes_in_window");

  private SurveyResponseContext() {}

  /**
   * @param responses silver.survey_response rows to describe
   * @param sessions silver.web_session rows covering the responses' windows
   * @param attempts silver.task_attempt rows covering the windows
   * @param tickets silver.support_ticket rows (all opened before the latest response)
   * @param customerDim silver.customer_dim
   * @param compositeTask metrics.composite-task: the task of the composite_task_*_in_window columns
   */
  public static Dataset<Row> build(Dataset<Row> responses, Dataset<Row> sessions,
      Dataset<Row> attempts, Dataset<Row> tickets, Dataset<Row> customerDim, int windowDays,
      String compositeTask) {
    Dataset<Row> r = responses.filter(col("customer_id").isNotNull()).select(
        col("response_id").as("_r_id"), col("customer_id").as("_r_customer"),
        col("responded_at").as("_r_at"),
        col("responded_at").minus(expr("make_dt_interval(" + windowDays + ")")).as("_r_from"));
    Column inWindow = windowOn("session_start_at");

    Dataset<Row> web = r.join(sessions, col("customer_id").equalTo(col("_r_customer")).and(inWindow), "inner")
        .groupBy(col("_r_id")).agg(
            count(lit(1)).as("sessions_in_window"),
            count(when(col("is_engaged"), 1)).as("engaged_sessions_in_window"),
            count(when(col("is_converted"), 1)).as("converted_sessions_in_window"),
            sum(col("error_events")).as("error_events_in_window"),
            count(when(col("error_events").gt(0), 1)).as("sessions_with_error_in_window"));
    Dataset<Row> tasks = r.join(attempts,
            col("customer_id").equalTo(col("_r_customer")).and(windowOn("started_at")), "inner")
        .groupBy(col("_r_id")).agg(
            count(lit(1)).as("task_attempts_in_window"),
            count(when(col("is_success"), 1)).as("task_successes_in_window"),
            count(when(col("is_success").unary_$bang(), 1)).as("failed_task_attempts_in_window"),
            count(when(col("task_name").equalTo("checkout").and(col("is_success").unary_$bang()), 1))
                .as("failed_checkouts_in_window"),
            percentile(col("time_on_task_s"), lit(0.5)).as("time_on_task_median_s_in_window"),
            count(when(col("task_name").equalTo(compositeTask), 1)).as("composite_task_attempts_in_window"),
            count(when(col("task_name").equalTo(compositeTask).and(col("is_success")), 1))
                .as("composite_task_successes_in_window"));
    Dataset<Row> support = r.join(tickets,
            col("customer_id").equalTo(col("_r_customer")).and(col("opened_at").lt(col("_r_at"))), "inner")
        .groupBy(col("_r_id")).agg(
            count(when(col("opened_at").geq(col("_r_from")), 1)).as("tickets_in_window"),
            // Open when the customer answered: opened before, not closed before.
            count(when(col("closed_at").isNull().or(col("closed_at").gt(col("_r_at"))), 1))
                .as("open_tickets_at_response"),
            percentile(when(col("opened_at").geq(col("_r_from")), col("resolution_h")), lit(0.5))
                .as("resolution_h_median_in_window"));
    Dataset<Row> keys = r.select(col("_r_id"));
    Dataset<Row> merged = KeyedMerge.byKey(List.of(keys, web, tasks, support), List.of("_r_id"), COUNTS);

    Dataset<Row> withSegment = Segments.attach(responses, "responded_at", customerDim);
    return withSegment.join(merged, col("response_id").equalTo(col("_r_id")), "left_outer").select(
        col("response_date"),
        col("response_id"),
        col("customer_id"),
        col("segment"),
        col("plan"),
        col("owner"),
        col("survey_type"),
        col("score"),
        col("is_promoter"),
        col("is_detractor"),
        col("is_satisfied"),
        col("is_easy"),
        col("responded_at"),
        col("export_date"),
        lit(windowDays).as("window_days"),
        col("sessions_in_window"),
        col("engaged_sessions_in_window"),
        col("converted_sessions_in_window"),
        col("error_events_in_window"),
        col("sessions_with_error_in_window"),
        col("task_attempts_in_window"),
        col("task_successes_in_window"),
        col("failed_task_attempts_in_window"),
        col("failed_checkouts_in_window"),
        com.experiencewarehouse.metrics.Metrics.ratio(col("task_successes_in_window"),
            col("task_attempts_in_window")).as("task_success_rate_in_window"),
        col("time_on_task_median_s_in_window"),
        col("tickets_in_window"),
        col("open_tickets_at_response"),
        col("resolution_h_median_in_window"),
        lit(compositeTask).as("composite_task"),
        col("composite_task_attempts_in_window"),
        col("composite_task_successes_in_window"),
        com.experiencewarehouse.metrics.Metrics.ratio(col("composite_task_successes_in_window"),
            col("composite_task_attempts_in_window")).as("composite_task_success_rate_in_window"));
  }

  /** A fact at {@code timeColumn} lies in [responded_at − window, responded_at). */
  private static Column windowOn(String timeColumn) {
    return col(timeColumn).geq(col("_r_from")).and(col(timeColumn).lt(col("_r_at")));
  }
}
