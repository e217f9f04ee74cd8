package com.experiencewarehouse.report;

import com.experiencewarehouse.testing.SharedSpark;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Gold tables written by hand into a warehouse, with the job's real schemas (as its Delta logs
 * record them; {@code ReportTest} checks them against xw/tables.conf): each table one Delta commit,
 * columns not given NULL.
 */
final class ReportFixture {

  static final Map<String, String> SCHEMAS = Map.of(
      "gold.segment_scorecard_quarter", "quarter string, quarter_start date, segment string, " + scorecardColumns(),
      "gold.segment_scorecard_day", "scorecard_date date, segment string, " + scorecardColumns(),
      "gold.survey_response_context", "response_date date, response_id string, customer_id string, segment string, "
          + "plan string, owner string, survey_type string, score double, is_promoter boolean, is_detractor boolean, "
          + "is_satisfied boolean, is_easy boolean, responded_at timestamp, export_date date, window_days int, "
          + "sessions_in_window long, engaged_sessions_in_window long, converted_sessions_in_window long, "
          + "error_events_in_window long, sessions_with_error_in_window long, task_attempts_in_window long, "
          + "task_successes_in_window long, failed_task_attempts_in_window long, failed_checkouts_in_window long, "
          + "task_success_rate_in_window double, time_on_task_median_s_in_window double, tickets_in_window long, "
          + "open_tickets_at_response long, resolution_h_median_in_window double, composite_task string, "
          + "composite_task_attempts_in_window long, composite_task_successes_in_window long, "
          + "composite_task_success_rate_in_window double, _run_id string",
      "gold.ux_cx_drivers", "quarter string, quarter_start date, segment string, ux_measure string, cx_measure string, "
          + "ux_condition string, n long, pearson_r double, spearman_rho double, n_with long, n_without long, "
          + "cx_with double, cx_without double, lift double, lift_ci_low double, lift_ci_high double, "
          + "correlation_suppressed boolean, lift_suppressed boolean, pearson_ci_low double, pearson_ci_high double, "
          + "spearman_ci_low double, spearman_ci_high double, _run_id string",
      "gold.journey_funnel_quarter", "quarter string, quarter_start date, segment string, stage string, "
          + "stage_order int, customers long, sessions long, customer_step_conversion double, "
          + "session_step_conversion double, customers_in_order long, sessions_in_order long, _run_id string",
      "gold.detractor_followup", "followup_date date, response_id string, customer_id string, segment string, "
          + "plan string, owner string, reason string, survey_type string, score int, responded_at timestamp, "
          + "failed_task_attempts_in_window long, failed_checkouts_in_window long, error_events_in_window long, "
          + "tickets_in_window long, open_tickets_at_response long, verbatim_text string, priority_score long, "
          + "_run_id string");

  private static String scorecardColumns() {
    return "sessions long, engaged_sessions long, bounce_rate double, converted_sessions long, conversion_rate double, "
        + "add_to_cart_sessions long, cart_purchase_sessions long, cart_abandonment_rate double, error_events long, "
        + "sessions_with_error long, errors_per_session double, error_session_rate double, task_attempts long, "
        + "task_successes long, task_success_rate double, time_on_task_median_s double, time_on_task_p90_s double, "
        + "nps_n long, nps_promoters long, nps_detractors long, nps double, nps_ci_low double, nps_ci_high double, "
        + "nps_suppressed boolean, csat_n long, csat_satisfied long, csat double, csat_ci_low double, "
        + "csat_ci_high double, csat_suppressed boolean, ces_n long, ces_mean double, ces_easy_share double, "
        + "ces_suppressed boolean, sus_n long, sus_mean double, sus_suppressed boolean, tickets_opened long, "
        + "first_response_min_median double, first_response_min_p90 double, resolution_h_median double, "
        + "resolution_h_p90 double, reopen_rate double, customers_active_at_start long, customers_churned long, "
        + "churn_rate double, customers_churn_unknown long, composite_score double, "
        + "customers_with_ticket long, tickets_per_customer double, composite_task string, "
        + "composite_task_attempts long, composite_task_successes long, composite_task_success_rate double, "
        + "composite_task_success_rate_ci_low double, composite_task_success_rate_ci_high double, "
        + "composite_task_success_suppressed boolean, purchase_revenue decimal(18,2), "
        + "revenue_per_session double, revenue_per_converted_session double, _run_id string";
  }

  private final Path warehouse;
  private final Map<String, List<Map<String, Object>>> rows = new HashMap<>();

  ReportFixture(Path warehouse) {
    this.warehouse = warehouse;
  }

  /** A row of a table: column, value, column, value, ... (ints become longs where the column is long). */
  ReportFixture row(String table, Object... kv) {
    Map<String, Object> r = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      r.put((String) kv[i], kv[i + 1]);
    }
    rows.computeIfAbsent(table, t -> new ArrayList<>()).add(r);
    return this;
  }

  static StructType schema(String table) {
    return StructType.fromDDL(SCHEMAS.get(table));
  }

  /** Writes every table (one Delta commit each), also the ones without rows. */
  void write() {
    for (String table : SCHEMAS.keySet()) {
      StructType schema = schema(table);
      List<Row> out = new ArrayList<>();
      for (Map<String, Object> r : rows.getOrDefault(table, List.of())) {
        Object[] values = new Object[schema.fields().length];
        for (int i = 0; i < values.length; i++) {
          StructField f = schema.fields()[i];
          values[i] = convert(r.get(f.name()), f);
        }
        for (String given : r.keySet()) {
          if (!schema.getFieldIndex(given).isDefined()) {
            throw new IllegalArgumentException(table + " has no column " + given);
          }
        }
        out.add(RowFactory.create(values));
      }
      String name = table.substring(table.indexOf('.') + 1);
      SharedSpark.get().createDataFrame(out, schema).coalesce(1).write().format("delta").mode("overwrite")
          .save(warehouse.resolve("gold").resolve(name).toString());
    }
  }

  private static Object convert(Object v, StructField f) {
    if (v == null) {
      return null;
    }
    return switch (f.dataType().typeName()) {
      case "long" -> ((Number) v).longValue();
      case "double" -> ((Number) v).doubleValue();
      case "integer" -> ((Number) v).intValue();
      case "date" -> v instanceof String s ? Date.valueOf(s) : v;
      case "timestamp" -> v instanceof String s ? Timestamp.valueOf(s) : v;
      default -> v;
    };
  }
}
