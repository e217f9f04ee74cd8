package com.experiencewarehouse.report;

import static com.experiencewarehouse.metrics.Metrics.meanHalfWidth;
import static com.experiencewarehouse.metrics.Metrics.ratio;
import static com.experiencewarehouse.metrics.Metrics.unlessSmall;
import static com.experiencewarehouse.metrics.Metrics.wilsonHigh;
import static com.experiencewarehouse.metrics.Metrics.wilsonLow;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_trunc;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.stddev_samp;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.trunc;
import static org.apache.spark.sql.functions.when;

import com.experiencewarehouse.gold.SegmentScorecard;
import com.experiencewarehouse.gold.Segments;
import java.sql.Date;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The report's figures from gold rows, as lazy transforms (no action here): the headline per
 * segment and quarter, the weekly trends, the drivers, the funnel and the follow-up counts. Every
 * score comes from its group's own counts with the scorecard's formulas ({@link SegmentScorecard}
 * and {@link com.experiencewarehouse.metrics.Metrics}), never from averaged ratios.
 */
public final class ReportTransforms {

  private ReportTransforms() {}

  /** Monday of the ISO week of a date. */
  static Column weekStart(Column date) {
    return date_trunc("week", date).cast("date");
  }

  /**
   * CES per period and segment (and "(all)") from survey responses (gold.survey_response_context):
   * {@code ces_n}, {@code ces_mean} (as the scorecard's) and its 95 % CI mean ± 1.96 s/√n; mean and
   * CI NULL below min-sample.
   */
  public static Dataset<Row> cesStats(Dataset<Row> responses, Column periodStart, int minSample) {
    Column score = col("score");
    Dataset<Row> g = Segments.withAll(responses.filter(col("survey_type").equalTo("CES"))
            .withColumn("period_start", periodStart))
        .groupBy(col("period_start"), col("segment"))
        .agg(count(lit(1)).as("ces_n"), avg(score).as("_mean"), stddev_samp(score).as("_sd"));
    Column n = col("ces_n");
    Column half = meanHalfWidth(col("_sd"), n);
    return g.select(col("period_start"), col("segment"), n,
        unlessSmall(col("_mean"), n, minSample).as("ces_mean"),
        unlessSmall(col("_mean").minus(half), n, minSample).as("ces_ci_low"),
        unlessSmall(col("_mean").plus(half), n, minSample).as("ces_ci_high"));
  }

  /** Task success rate and its Wilson 95 % interval from {@code task_successes} / {@code task_attempts}. */
  private static List<Column> taskScores() {
    Column k = col("task_successes");
    Column n = col("task_attempts");
    return List.of(ratio(k, n).as("task_success_rate"), wilsonLow(k, n).as("task_success_ci_low"),
        wilsonHigh(k, n).as("task_success_ci_high"));
  }

  /**
   * The quarters' headline per segment: NPS and CSAT with their CIs and CES mean as stored in
   * gold.segment_scorecard_quarter; the CES CI from the quarter's CES answers; the task success CI
   * (Wilson) from the stored counts.
   *
   * @param quarterScorecards gold.segment_scorecard_quarter rows
   * @param responses gold.survey_response_context rows of the same quarters
   */
  public static Dataset<Row> headline(Dataset<Row> quarterScorecards, Dataset<Row> responses,
      int minSample) {
    Dataset<Row> ces = cesStats(responses, trunc(col("response_date"), "quarter"), minSample)
        .select(col("period_start").as("quarter_start"), col("segment"), col("ces_ci_low"),
            col("ces_ci_high"));
    List<Column> out = new ArrayList<>(List.of(col("quarter"), col("segment"),
        col("nps_n"), col("nps"), col("nps_ci_low"), col("nps_ci_high"),
        col("csat_n"), col("csat"), col("csat_ci_low"), col("csat_ci_high"),
        col("ces_n"), col("ces_mean"), col("ces_ci_low"), col("ces_ci_high"),
        col("task_attempts")));
    out.addAll(taskScores());
    return quarterScorecards.join(ces, new String[] {"quarter_start", "segment"}, "left_outer")
        .select(out.toArray(new Column[0]));
  }

  /**
   * Weekly trends per ISO week (Monday start) and segment over the quarter's dates [from, to):
   * NPS, CSAT and task success from the sums of gold.segment_scorecard_day's counts, scored with
   * the scorecard's own columns; CES from the week's answers ({@link #cesStats}). The first and
   * last weeks count only their days inside the quarter.
   */
  public static Dataset<Row> weekly(Dataset<Row> dayScorecards, Dataset<Row> responses, Date from,
      Date to, int minSample) {
    Column inQuarter = col("response_date").geq(lit(from)).and(col("response_date").lt(lit(to)));
    Dataset<Row> counts = dayScorecards
        .filter(col("scorecard_date").geq(lit(from)).and(col("scorecard_date").lt(lit(to))))
        .groupBy(weekStart(col("scorecard_date")).as("week_start"), col("segment"))
        .agg(sum(col("nps_n")).as("nps_n"), sum(col("nps_promoters")).as("nps_promoters"),
            sum(col("nps_detractors")).as("nps_detractors"), sum(col("csat_n")).as("csat_n"),
            sum(col("csat_satisfied")).as("csat_satisfied"), sum(col("task_attempts")).as("task_attempts"),
            sum(col("task_successes")).as("task_successes"));
    List<Column> scored = new ArrayList<>(List.of(col("week_start"), col("segment"), col("nps_n")));
    scored.addAll(SegmentScorecard.npsScores(minSample));
    scored.add(col("csat_n"));
    scored.addAll(SegmentScorecard.csatScores(minSample));
    scored.add(col("task_attempts"));
    scored.addAll(taskScores());
    Dataset<Row> ces = cesStats(responses.filter(inQuarter), weekStart(col("response_date")), minSample)
        .withColumnRenamed("period_start", "week_start");
    return counts.select(scored.toArray(new Column[0]))
        .join(ces, new String[] {"week_start", "segment"}, "full_outer")
        .select(col("week_start"), col("segment"), col("nps_n"), col("nps"), col("nps_ci_low"),
            col("nps_ci_high"), col("csat_n"), col("csat"), col("csat_ci_low"), col("csat_ci_high"),
            col("ces_n"), col("ces_mean"), col("ces_ci_low"), col("ces_ci_high"), col("task_attempts"),
            col("task_success_rate"), col("task_success_ci_low"), col("task_success_ci_high"));
  }

  /** The drivers of the "(all)" segment (gold.ux_cx_drivers rows of the quarter). */
  public static Dataset<Row> drivers(Dataset<Row> drivers) {
    return drivers.filter(col("segment").equalTo(Segments.ALL)).select(col("ux_measure"),
        col("ux_condition"), col("cx_measure"), col("n"), col("pearson_r"), col("pearson_ci_low"),
        col("pearson_ci_high"), col("spearman_rho"), col("n_with"), col("n_without"), col("lift"), col("lift_ci_low"), col("lift_ci_high"));
  }

  /** The funnel per segment and stage (gold.journey_funnel_quarter rows of the quarter). */
  public static Dataset<Row> funnel(Dataset<Row> funnel) {
    return funnel.select(col("segment"), col("stage"), col("stage_order"), col("customers"),
        col("sessions"), col("customers_in_order"), col("customer_step_conversion"));
  }

  /**
   * Follow-up list entries of the quarter's nights (gold.detractor_followup) per segment (and
   * "(all)") and reason: how many, how many with an open ticket when they answered, how many with
   * a failed checkout in the window.
   */
  public static Dataset<Row> followupCounts(Dataset<Row> followups) {
    return Segments.withAll(followups).groupBy(col("segment"), col("reason")).agg(
        count(lit(1)).as("responses"),
        count(when(col("open_tickets_at_response").gt(0), 1)).as("with_open_ticket"),
        count(when(col("failed_checkouts_in_window").gt(0), 1)).as("with_failed_checkout"));
  }
}
