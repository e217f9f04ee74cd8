package com.experiencewarehouse.gold;

import static com.experiencewarehouse.metrics.Metrics.composite;
import static com.experiencewarehouse.metrics.Metrics.nps;
import static com.experiencewarehouse.metrics.Metrics.npsHalfWidth;
import static com.experiencewarehouse.metrics.Metrics.ratio;
import static com.experiencewarehouse.metrics.Metrics.unlessSmall;
import static com.experiencewarehouse.metrics.Metrics.wilsonHigh;
import static com.experiencewarehouse.metrics.Metrics.wilsonLow;
import static org.apache.spark.sql.functions.add_months;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.percentile;
import static org.apache.spark.sql.functions.quarter;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.trunc;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;

import com.experiencewarehouse.config.Settings.MetricSettings;
import com.experiencewarehouse.silver.WebSessions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * gold.segment_scorecard_day and gold.segment_scorecard_quarter: every docs/metrics.md metric per segment
 * and period, each recomputed from the period's own counts (never an average of daily ratios),
 * with an "(all)" segment row per period. Survey scores of groups below metrics.min-sample keep n
 * but are NULL and flagged suppressed.
 */
public final class SegmentScorecard {

  public static final String DAY_TABLE = "gold.segment_scorecard_day";
  public static final String QUARTER_TABLE = "gold.segment_scorecard_quarter";

  /** The period a scorecard row covers. */
  public enum Grain {
    DAY, QUARTER;

    Column periodStart(Column date) {
      return this == DAY ? date : trunc(date, "quarter");
    }

    Column periodEnd(Column periodStart) {
      return this == DAY ? date_add(periodStart, 1) : add_months(periodStart, 3);
    }
  }

  /** Facts of one kind, tagged with segment; {@code dateColumn} places them in a period. */
  public record Facts(Dataset<Row> rows, String dateColumn) {}

  private SegmentScorecard() {}

  /**
   * @param sessions silver.web_session rows with {@code segment}
   * @param attempts silver.task_attempt rows with {@code segment} (and {@code task_name}: the composite
   *     score uses metrics.composite-task's attempts only)
   * @param responses silver.survey_response rows with {@code segment}
   * @param tickets silver.support_ticket rows with {@code segment}
   * @param customers silver.customer_snapshot rows of the periods (churn base)
   * @param customerDim silver.customer_dim versions of the customers (the segment at a period's start)
   * @param churnHistory {@link com.experiencewarehouse.silver.CustomerDimension#churnHistory} of the
   *     customers: when each was first seen, and the dates its status turned churned
   * @param churnKnown whether the CRM export says who churned (a status or churn date mapped); if
   *     not, every customer's churn is unknown
   */
  public static Dataset<Row> build(Grain grain, Dataset<Row> sessions, Dataset<Row> attempts,
      Dataset<Row> responses, Dataset<Row> tickets, Dataset<Row> customers, Dataset<Row> customerDim,
      Dataset<Row> churnHistory, boolean churnKnown, MetricSettings m) {
    return build(grain, sessions, attempts, responses, tickets, customers, customerDim, churnHistory,
        churnKnown, m, java.time.ZoneOffset.UTC);
  }

  /**
   * As above for a property whose days are local days of {@code zone}: the customer version valid at
   * a period's start is the one valid at the local midnight that starts it.
   */
  public static Dataset<Row> build(Grain grain, Dataset<Row> sessions, Dataset<Row> attempts,
      Dataset<Row> responses, Dataset<Row> tickets, Dataset<Row> customers, Dataset<Row> customerDim,
      Dataset<Row> churnHistory, boolean churnKnown, MetricSettings m, java.time.ZoneId zone) {
    // Sessions of a table written before purchase_revenue existed: revenue unknown (NULL).
    Dataset<Row> withRevenue = java.util.Arrays.asList(sessions.columns()).contains("purchase_revenue") ? sessions
        : sessions.withColumn("purchase_revenue", lit(null).cast(WebSessions.MONEY));
    Dataset<Row> web = rollup(grain, withRevenue, "session_date",
        sum(col("purchase_revenue")).as("_revenue_sum"),
        count(when(col("purchase_revenue").isNull(), 1)).as("_revenue_unknown_sessions"),
        count(lit(1)).as("sessions"),
        count(when(col("is_engaged"), 1)).as("engaged_sessions"),
        count(when(col("is_converted"), 1)).as("converted_sessions"),
        count(when(col("has_add_to_cart"), 1)).as("add_to_cart_sessions"),
        count(when(col("has_add_to_cart").and(col("has_purchase")), 1)).as("cart_purchase_sessions"),
        sum(col("error_events")).as("error_events"),
        count(when(col("error_events").gt(0), 1)).as("sessions_with_error"));
    Dataset<Row> tasks = rollup(grain, attempts, "session_date",
        count(lit(1)).as("task_attempts"),
        count(when(col("is_success"), 1)).as("task_successes"),
        percentile(col("time_on_task_s"), lit(0.5)).as("time_on_task_median_s"),
        percentile(col("time_on_task_s"), lit(0.9)).as("time_on_task_p90_s"));
    Column type = col("survey_type");
    Dataset<Row> surveys = rollup(grain, responses, "response_date",
        count(when(type.equalTo("NPS"), 1)).as("nps_n"),
        count(when(col("is_promoter"), 1)).as("nps_promoters"),
        count(when(col("is_detractor"), 1)).as("nps_detractors"),
        count(when(type.equalTo("CSAT"), 1)).as("csat_n"),
        count(when(col("is_satisfied"), 1)).as("csat_satisfied"),
        count(when(type.equalTo("CES"), 1)).as("ces_n"),
        avg(when(type.equalTo("CES"), col("score"))).as("_ces_mean"),
        count(when(col("is_easy"), 1)).as("ces_easy"),
        count(when(type.equalTo("SUS"), 1)).as("sus_n"),
        avg(when(type.equalTo("SUS"), col("score"))).as("_sus_mean"));
    Dataset<Row> support = rollup(grain, tickets, "opened_date",
        count(lit(1)).as("tickets_opened"),
        countDistinct(col("customer_id")).as("customers_with_ticket"),
        count(when(col("is_reopened"), 1)).as("tickets_reopened"),
        percentile(col("first_response_min"), lit(0.5)).as("first_response_min_median"),
        percentile(col("first_response_min"), lit(0.9)).as("first_response_min_p90"),
        percentile(col("resolution_h"), lit(0.5)).as("resolution_h_median"),
        percentile(col("resolution_h"), lit(0.9)).as("resolution_h_p90"));
    Dataset<Row> churn = rollup(grain,
        churnBase(grain, customers, customerDim, churnHistory, churnKnown, zone), "snapshot_date",
        count(when(col("_active_at_start"), 1)).as("_active_at_start_n"),
        count(when(col("_churned_in_period"), 1)).as("_churned_n"),
        count(when(col("_churn_unknown"), 1)).as("customers_churn_unknown"));
    // The one task the composite score uses (metrics.composite-task; docs/metrics.md: a pooled rate over
    // unlike tasks is no UX metric).
    Dataset<Row> compositeTask = rollup(grain, attempts.filter(col("task_name").equalTo(m.compositeTask())),
        "session_date",
        count(lit(1)).as("composite_task_attempts"),
        count(when(col("is_success"), 1)).as("composite_task_successes"));

    Dataset<Row> g = KeyedMerge.byKey(List.of(web, tasks, surveys, support, churn, compositeTask),
        List.of("segment", "period_start"), Set.of("sessions", "engaged_sessions",
            "converted_sessions", "add_to_cart_sessions", "cart_purchase_sessions", "error_events",
            "sessions_with_error", "task_attempts", "task_successes", "nps_n", "nps_promoters",
            "nps_detractors", "csat_n", "csat_satisfied", "ces_n", "ces_easy", "sus_n",
            "tickets_opened", "customers_with_ticket", "tickets_reopened", "_active_at_start_n", "_churned_n",
            "customers_churn_unknown", "composite_task_attempts", "composite_task_successes",
            "_revenue_unknown_sessions"));
    // A churned customer whose churn cannot be dated may have churned in the period or before it:
    // the group's base and churn are unknown, so NULL, never a plausible 0 (docs/metrics.md).
    Column dated = col("customers_churn_unknown").equalTo(0);
    g = g.withColumn("customers_active_at_start", when(dated, col("_active_at_start_n")))
        .withColumn("customers_churned", when(dated, col("_churned_n")));
    int min = m.minSample();
    Column npsN = col("nps_n");
    Column csatN = col("csat_n");
    Column taskRate = ratio(col("task_successes"), col("task_attempts"));
    Dataset<Row> scored = g
        .withColumn("nps", npsScore(min))
        .withColumn("task_success_rate", taskRate);
    Column revenue = when(col("_revenue_unknown_sessions").equalTo(0),
        coalesce(col("_revenue_sum"), lit(0))).cast(WebSessions.MONEY);
    List<Column> npsScores = npsScores(min);
    List<Column> csatScores = csatScores(min);
    List<Column> compositeTaskScores = TaskScorecard.successScores(col("composite_task_successes"),
        col("composite_task_attempts"), "composite_task", min);
    return scored.select(periodColumns(grain, col("period_start"), col("segment"), List.of(
        col("sessions"),
        col("engaged_sessions"),
        lit(1.0).minus(ratio(col("engaged_sessions"), col("sessions"))).as("bounce_rate"),
        col("converted_sessions"),
        ratio(col("converted_sessions"), col("sessions")).as("conversion_rate"),
        col("add_to_cart_sessions"),
        col("cart_purchase_sessions"),
        lit(1.0).minus(ratio(col("cart_purchase_sessions"), col("add_to_cart_sessions")))
            .as("cart_abandonment_rate"),
        col("error_events"),
        col("sessions_with_error"),
        ratio(col("error_events"), col("sessions")).as("errors_per_session"),
        ratio(col("sessions_with_error"), col("sessions")).as("error_session_rate"),
        col("task_attempts"),
        col("task_successes"),
        col("task_success_rate"),
        col("time_on_task_median_s"),
        col("time_on_task_p90_s"),
        npsN,
        col("nps_promoters"),
        col("nps_detractors"),
        npsScores.get(0),
        npsScores.get(1),
        npsScores.get(2),
        npsScores.get(3),
        csatN,
        col("csat_satisfied"),
        csatScores.get(0),
        csatScores.get(1),
        csatScores.get(2),
        csatScores.get(3),
        col("ces_n"),
        unlessSmall(col("_ces_mean"), col("ces_n"), min).as("ces_mean"),
        unlessSmall(ratio(col("ces_easy"), col("ces_n")), col("ces_n"), min).as("ces_easy_share"),
        col("ces_n").lt(min).as("ces_suppressed"),
        col("sus_n"),
        unlessSmall(col("_sus_mean"), col("sus_n"), min).as("sus_mean"),
        col("sus_n").lt(min).as("sus_suppressed"),
        col("tickets_opened"),
        col("first_response_min_median"),
        col("first_response_min_p90"),
        col("resolution_h_median"),
        col("resolution_h_p90"),
        ratio(col("tickets_reopened"), col("tickets_opened")).as("reopen_rate"),
        col("customers_active_at_start"),
        col("customers_churned"),
        ratio(col("customers_churned"), col("customers_active_at_start")).as("churn_rate"),
        col("customers_churn_unknown"),
        // The composite task's rate, NULL when suppressed (docs/metrics.md: NULL when either side is).
        composite(unlessSmall(ratio(col("composite_task_successes"), col("composite_task_attempts")),
                col("composite_task_attempts"), min), col("nps"), m.compositeWeightUx(), m.compositeWeightCx())
            .as("composite_score"),
        col("customers_with_ticket"),
        // Per customer of the segment's base at the period start (the churn base, docs/metrics.md: being
        // a customer of the segment is a fact at the start); NULL when that base is unknown or empty.
        ratio(col("tickets_opened"), col("customers_active_at_start")).as("tickets_per_customer"),
        lit(m.compositeTask()).as("composite_task"),
        col("composite_task_attempts"),
        col("composite_task_successes"),
        compositeTaskScores.get(0),
        compositeTaskScores.get(1),
        compositeTaskScores.get(2),
        compositeTaskScores.get(3),
        // Revenue: NULL when a session's revenue is unknown (a purchase without any value), never a
        // plausible smaller sum; per session and per converted session NULL when there are none.
        revenue.as("purchase_revenue"),
        ratio(revenue, col("sessions")).as("revenue_per_session"),
        ratio(revenue, col("converted_sessions")).as("revenue_per_converted_session"))));
  }

  /** NPS of a group from its counts {@code nps_n}, {@code nps_promoters}, {@code nps_detractors}; NULL below min-sample. */
  static Column npsScore(int minSample) {
    Column n = col("nps_n");
    return unlessSmall(nps(col("nps_promoters"), col("nps_detractors"), n), n, minSample);
  }

  /**
   * The scorecard's NPS columns of a group from its counts ({@code nps_n}, {@code nps_promoters},
   * {@code nps_detractors}): {@code nps}, {@code nps_ci_low}, {@code nps_ci_high}, {@code
   * nps_suppressed}; score and CI NULL below min-sample. Any period's counts (a week's sums of
   * gold.segment_scorecard_day) give that period's scores.
   */
  public static List<Column> npsScores(int minSample) {
    Column n = col("nps_n");
    Column value = npsScore(minSample);
    Column half = npsHalfWidth(col("nps_promoters"), col("nps_detractors"), n);
    return List.of(value.as("nps"),
        unlessSmall(value.minus(half), n, minSample).as("nps_ci_low"),
        unlessSmall(value.plus(half), n, minSample).as("nps_ci_high"),
        n.lt(minSample).as("nps_suppressed"));
  }

  /**
   * The scorecard's CSAT columns from {@code csat_n} and {@code csat_satisfied}: {@code csat} (share
   * 4–5), its Wilson 95 % interval {@code csat_ci_low}, {@code csat_ci_high}, {@code
   * csat_suppressed}; NULL below min-sample.
   */
  public static List<Column> csatScores(int minSample) {
    Column n = col("csat_n");
    Column k = col("csat_satisfied");
    return List.of(unlessSmall(ratio(k, n), n, minSample).as("csat"),
        unlessSmall(wilsonLow(k, n), n, minSample).as("csat_ci_low"),
        unlessSmall(wilsonHigh(k, n), n, minSample).as("csat_ci_high"),
        n.lt(minSample).as("csat_suppressed"));
  }

  /** Aggregates facts per period and segment, plus the "(all)" segment. */
  private static Dataset<Row> rollup(Grain grain, Dataset<Row> facts, String dateColumn,
      Column first, Column... rest) {
    return Segments.withAll(facts.withColumn("period_start", grain.periodStart(col(dateColumn))))
        .groupBy(col("period_start"), col("segment"))
        .agg(first, rest);
  }

  /**
   * Churn base (docs/metrics.md "Churn rate"): per customer the period's latest snapshot, whether it was
   * active at the period start and whether it churned in the period (counted only among those active
   * at the start: the rate's numerator is part of its denominator). Being active at the start is a
   * fact at the period start, so the customer counts in the segment of its customer_dim version
   * valid at the start (a customer moving smb → enterprise mid-quarter is smb's, churn included);
   * without a version then (no signup date, first seen later) its earliest version's, and without
   * any version the snapshot's. The churn date is the CRM's
   * (churn_date) or, without one, the latest date by then that a snapshot first showed the customer
   * churned after one showing it not (churnHistory). A churned customer with neither, first seen in
   * the period or later, is undated: it may have churned in the period or before. Every customer's
   * churn is unknown when the export says nothing of churn.
   */
  static Dataset<Row> churnBase(Grain grain, Dataset<Row> customers, Dataset<Row> customerDim,
      Dataset<Row> churnHistory, boolean churnKnown, java.time.ZoneId zone) {
    Column start = grain.periodStart(col("snapshot_date"));
    Column end = grain.periodEnd(start);
    Dataset<Row> latest = customers
        .withColumn("_p", start)
        .withColumn("_rank", row_number().over(Window.partitionBy(col("customer_id"), col("_p"))
            .orderBy(col("snapshot_date").desc())))
        .filter(col("_rank").equalTo(1))
        .join(churnHistory.select(col("customer_id"), col("first_snapshot_date"), col("status_churn_dates")),
            new String[] {"customer_id"}, "left")
        .withColumn("_churn_date", coalesce(col("churn_date"),
            expr("array_max(filter(status_churn_dates, d -> d <= snapshot_date))")));
    // The versions not ended by the period start; the earliest of them is the one valid at the start.
    Dataset<Row> versions = customerDim.select(col("customer_id").as("_v_id"), col("valid_from").as("_v_from"),
        col("valid_to").as("_v_to"), col("segment").as("_v_segment"));
    Column startAt = com.experiencewarehouse.spark.LocalDays.startOf(col("_p"), zone);
    latest = latest
        .join(versions, col("customer_id").equalTo(col("_v_id"))
            .and(col("_v_to").isNull().or(col("_v_to").gt(startAt))), "left_outer")
        .withColumn("_v_rank", row_number().over(Window.partitionBy(col("customer_id"), col("_p"))
            .orderBy(col("_v_from").asc_nulls_last())))
        .filter(col("_v_rank").equalTo(1))
        .withColumn("segment", coalesce(col("_v_segment"), col("segment")));
    Column churned = coalesce(col("is_churned"), lit(false));
    Column signedUpBefore = col("signup_date").isNull().or(col("signup_date").lt(start));
    Column notChurnedBefore = col("_churn_date").isNull().and(churned.unary_$bang())
        .or(coalesce(col("_churn_date").geq(start), lit(false)));
    Column undated = churned.and(col("_churn_date").isNull())
        .and(col("first_snapshot_date").isNull().or(col("first_snapshot_date").geq(start)));
    Column unknown = churnKnown ? undated : lit(true);
    return latest
        .withColumn("_active_at_start", signedUpBefore.and(notChurnedBefore))
        .withColumn("_churned_in_period", col("_active_at_start")
            .and(coalesce(col("_churn_date").geq(start).and(col("_churn_date").lt(end)), lit(false))))
        .withColumn("_churn_unknown", unknown)
        .select(col("snapshot_date"), col("segment"), col("_active_at_start"),
            col("_churned_in_period"), col("_churn_unknown"));
  }

  private static Column[] periodColumns(Grain grain, Column periodStart, Column segment,
      List<Column> metrics) {
    List<Column> out = new ArrayList<>();
    if (grain == Grain.DAY) {
      out.add(periodStart.as("scorecard_date"));
    } else {
      out.add(concat(year(periodStart).cast("string"), lit("-Q"), quarter(periodStart).cast("string"))
          .as("quarter"));
      out.add(periodStart.as("quarter_start"));
    }
    out.add(segment.as("segment"));
    out.addAll(metrics);
    return out.toArray(new Column[0]);
  }
}
