package com.experiencewarehouse.report;

import com.experiencewarehouse.gold.Segments;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;

/**
 * Everything the retrospective page shows, as small typed rows: collected from the transforms of
 * {@link ReportTransforms} (a quarter's aggregates: a few hundred rows at most).
 */
public record ReportData(Quarter quarter, int minSample, List<String> segments,
    Map<String, Map<Metric, Change>> scorecard, List<Week> weeks, List<Driver> drivers,
    List<FunnelStage> funnel, List<String> funnelSegments, List<Followup> followups) {

  /** A headline metric and its columns in the transforms' rows. */
  public enum Metric {
    NPS("NPS", "nps_n", "nps", "nps_ci_low", "nps_ci_high"),
    CSAT("CSAT", "csat_n", "csat", "csat_ci_low", "csat_ci_high"),
    CES("CES (mean, 1-7)", "ces_n", "ces_mean", "ces_ci_low", "ces_ci_high"),
    TASK_SUCCESS("Task success (all tasks pooled)", "task_attempts", "task_success_rate", "task_success_ci_low",
        "task_success_ci_high");

    public final String label;
    final String n;
    final String value;
    final String low;
    final String high;

    Metric(String label, String n, String value, String low, String high) {
      this.label = label;
      this.n = n;
      this.value = value;
      this.low = low;
      this.high = high;
    }

    Estimate from(Row r) {
      Object count = r.getAs(n);
      return new Estimate(count == null ? 0L : ((Number) count).longValue(), r.getAs(value), r.getAs(low),
          r.getAs(high));
    }
  }

  /** A score with its n and 95 % CI; value and CI NULL when suppressed or n = 0. */
  public record Estimate(long n, Double value, Double low, Double high) {
    boolean hasInterval() {
      return value != null && low != null && high != null;
    }
  }

  /**
   * Quarter over quarter: the change counts as outside the CI when the two quarters' 95 % intervals
   * do not overlap.
   */
  public enum Verdict { UP, DOWN, WITHIN_CI, NO_PRIOR, NOT_COMPARABLE }

  /** This quarter's estimate, the previous quarter's (null: no prior quarter row) and the verdict. */
  public record Change(Estimate now, Estimate prev, Verdict verdict) {
    public Double delta() {
      return prev == null || now.value() == null || prev.value() == null ? null : now.value() - prev.value();
    }

    static Change of(Estimate now, Estimate prev) {
      Verdict v;
      if (prev == null) {
        v = Verdict.NO_PRIOR;
      } else if (!now.hasInterval() || !prev.hasInterval()) {
        v = Verdict.NOT_COMPARABLE;
      } else if (now.low() > prev.high()) {
        v = Verdict.UP;
      } else if (now.high() < prev.low()) {
        v = Verdict.DOWN;
      } else {
        v = Verdict.WITHIN_CI;
      }
      return new Change(now, prev, v);
    }
  }

  /** One ISO week (of the "(all)" segment). */
  public record Week(LocalDate start, Map<Metric, Estimate> scores) {}

  public record Driver(String uxMeasure, String uxCondition, String cxMeasure, long n, Double pearson,
      Double pearsonLow, Double pearsonHigh, Double spearman, long nWith, long nWithout, Double lift, Double liftLow,
      Double liftHigh) {}

  public record FunnelStage(String stage, int order, Map<String, Long> customers, Map<String, Long> sessions,
      Map<String, Long> customersInOrder, Map<String, Double> customerStepConversion) {}

  public record Followup(String segment, String reason, long responses, long withOpenTicket,
      long withFailedCheckout) {}

  /** Shown first: (all); then named segments A-Z; then (anonymous), (unknown). */
  static final Comparator<String> SEGMENT_ORDER = Comparator
      .comparing((String s) -> s.equals(Segments.ALL) ? 0 : s.startsWith("(") ? 2 : 1)
      .thenComparing(Comparator.naturalOrder());

  /** Runs the transforms and collects their (small) results. */
  public static ReportData collect(ReportReader.Inputs in, int minSample) {
    Quarter q = in.quarter();
    Map<String, Map<Metric, Estimate>> now = new TreeMap<>(SEGMENT_ORDER);
    Map<String, Map<Metric, Estimate>> prev = new TreeMap<>(SEGMENT_ORDER);
    for (Row r : ReportTransforms.headline(in.quarterScorecards(), in.responses(), minSample).collectAsList()) {
      Map<Metric, Estimate> scores = new EnumMap<>(Metric.class);
      for (Metric m : Metric.values()) {
        scores.put(m, m.from(r));
      }
      (q.name().equals(r.getAs("quarter")) ? now : prev).put(r.getAs("segment"), scores);
    }
    Map<String, Map<Metric, Change>> scorecard = new LinkedHashMap<>();
    now.forEach((segment, scores) -> {
      Map<Metric, Change> changes = new EnumMap<>(Metric.class);
      Map<Metric, Estimate> before = prev.get(segment);
      scores.forEach((m, e) -> changes.put(m, Change.of(e, before == null ? null : before.get(m))));
      scorecard.put(segment, changes);
    });

    List<Week> weeks = new ArrayList<>();
    for (Row r : ReportTransforms.weekly(in.dayScorecards(), in.responses(), Date.valueOf(q.start()),
            Date.valueOf(q.end()), minSample)
        .filter(org.apache.spark.sql.functions.col("segment").equalTo(Segments.ALL))
        .orderBy("week_start").collectAsList()) {
      Map<Metric, Estimate> scores = new EnumMap<>(Metric.class);
      for (Metric m : Metric.values()) {
        scores.put(m, m.from(r));
      }
      weeks.add(new Week(((Date) r.getAs("week_start")).toLocalDate(), scores));
    }

    List<Driver> drivers = new ArrayList<>();
    for (Row r : ReportTransforms.drivers(in.drivers()).collectAsList()) {
      drivers.add(new Driver(r.getAs("ux_measure"), r.getAs("ux_condition"), r.getAs("cx_measure"),
          r.<Long>getAs("n"), r.getAs("pearson_r"), r.getAs("pearson_ci_low"), r.getAs("pearson_ci_high"),
          r.getAs("spearman_rho"), r.<Long>getAs("n_with"),
          r.<Long>getAs("n_without"), r.getAs("lift"), r.getAs("lift_ci_low"), r.getAs("lift_ci_high")));
    }
    // Strongest first: |Pearson r| (unitless, so NPS, CSAT and CES drivers compare), suppressed last by n.
    drivers.sort(Comparator.comparing((Driver d) -> d.pearson() == null)
        .thenComparing((Driver d) -> d.pearson() == null ? 0.0 : -Math.abs(d.pearson()))
        .thenComparing(Driver::n, Comparator.reverseOrder())
        .thenComparing(Driver::uxMeasure).thenComparing(Driver::cxMeasure));

    java.util.Set<String> funnelSegments = new java.util.TreeSet<>(SEGMENT_ORDER);
    List<Row> funnelRows = new ArrayList<>(ReportTransforms.funnel(in.funnel()).collectAsList());
    funnelRows.sort(Comparator.comparing((Row r) -> r.<Integer>getAs("stage_order")));
    Map<String, FunnelStage> byStage = new LinkedHashMap<>();
    for (Row r : funnelRows) {
      String segment = r.getAs("segment");
      funnelSegments.add(segment);
      FunnelStage st = byStage.computeIfAbsent(r.getAs("stage"), s -> new FunnelStage(s,
          r.<Integer>getAs("stage_order"), new LinkedHashMap<>(), new LinkedHashMap<>(), new LinkedHashMap<>(),
          new LinkedHashMap<>()));
      st.customers().put(segment, r.<Long>getAs("customers"));
      st.sessions().put(segment, r.<Long>getAs("sessions"));
      st.customersInOrder().put(segment, r.<Long>getAs("customers_in_order"));
      st.customerStepConversion().put(segment, r.getAs("customer_step_conversion"));
    }

    List<Followup> followups = new ArrayList<>();
    for (Row r : ReportTransforms.followupCounts(in.followups()).collectAsList()) {
      followups.add(new Followup(r.getAs("segment"), r.getAs("reason"), r.<Long>getAs("responses"),
          r.<Long>getAs("with_open_ticket"), r.<Long>getAs("with_failed_checkout")));
    }
    followups.sort(Comparator.comparing(Followup::segment, SEGMENT_ORDER).thenComparing(Followup::reason));

    return new ReportData(q, minSample, new ArrayList<>(now.keySet()), scorecard, weeks, drivers,
        new ArrayList<>(byStage.values()), new ArrayList<>(funnelSegments), followups);
  }

  /** Follow-up entries of a segment (all reasons). */
  public long followupTotal(String segment) {
    return followups.stream().filter(f -> f.segment().equals(segment)).mapToLong(Followup::responses).sum();
  }
}
