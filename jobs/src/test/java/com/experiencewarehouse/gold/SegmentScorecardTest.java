package com.experiencewarehouse.gold;

import static com.experiencewarehouse.testing.Rows.d;
import static com.experiencewarehouse.testing.Rows.l;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.experiencewarehouse.config.Settings.MetricSettings;
import com.experiencewarehouse.testing.Rows;
import java.sql.Date;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class SegmentScorecardTest {

  private static final Date D1 = Date.valueOf("2026-09-14");
  private static final Date D2 = Date.valueOf("2026-09-15");
  // min-sample 3 so that small hand-built groups can be both shown and suppressed.
  private static final MetricSettings M = new MetricSettings(3, 0.5, 0.5);

  static final StructType SESSIONS = new StructType()
      .add("session_date", DataTypes.DateType).add("segment", DataTypes.StringType)
      .add("is_engaged", DataTypes.BooleanType).add("is_converted", DataTypes.BooleanType)
      .add("has_add_to_cart", DataTypes.BooleanType).add("has_purchase", DataTypes.BooleanType)
      .add("error_events", DataTypes.LongType);
  static final StructType ATTEMPTS = new StructType()
      .add("session_date", DataTypes.DateType).add("segment", DataTypes.StringType)
      .add("is_success", DataTypes.BooleanType).add("time_on_task_s", DataTypes.DoubleType)
      .add("task_name", DataTypes.StringType);
  static final StructType RESPONSES = new StructType()
      .add("response_date", DataTypes.DateType).add("segment", DataTypes.StringType)
      .add("survey_type", DataTypes.StringType).add("score", DataTypes.DoubleType)
      .add("is_promoter", DataTypes.BooleanType).add("is_detractor", DataTypes.BooleanType)
      .add("is_satisfied", DataTypes.BooleanType).add("is_easy", DataTypes.BooleanType);
  static final StructType TICKETS = new StructType()
      .add("opened_date", DataTypes.DateType).add("segment", DataTypes.StringType)
      .add("is_reopened", DataTypes.BooleanType).add("first_response_min", DataTypes.DoubleType)
      .add("resolution_h", DataTypes.DoubleType).add("customer_id", DataTypes.StringType);
  static final StructType CUSTOMERS = new StructType()
      .add("snapshot_date", DataTypes.DateType).add("customer_id", DataTypes.StringType)
      .add("segment", DataTypes.StringType).add("signup_date", DataTypes.DateType)
      .add("churn_date", DataTypes.DateType).add("is_churned", DataTypes.BooleanType);

  /** The silver.customer_dim columns the churn base reads. */
  static final StructType DIM = new StructType()
      .add("customer_id", DataTypes.StringType).add("valid_from", DataTypes.TimestampType)
      .add("valid_to", DataTypes.TimestampType).add("segment", DataTypes.StringType);

  /** CustomerDimension.churnHistory's shape. */
  static final StructType HISTORY = new StructType()
      .add("customer_id", DataTypes.StringType).add("first_snapshot_date", DataTypes.DateType)
      .add("status_churn_dates", DataTypes.createArrayType(DataTypes.DateType));

  private static Object[] nps(Date d, String seg, int score) {
    return new Object[] {d, seg, "NPS", (double) score, score >= 9, score <= 6, null, null};
  }

  private static Dataset<Row> day(Dataset<Row> responses) {
    Dataset<Row> sessions = Rows.frame(SESSIONS,
        new Object[] {D1, "A", true, true, true, true, 0L},     // engaged, converted, cart + purchase
        new Object[] {D1, "A", true, false, true, false, 2L},   // engaged, cart abandoned, 2 errors
        new Object[] {D1, "A", false, false, false, false, 0L}, // bounce
        new Object[] {D1, "A", true, false, true, false, 1L},   // engaged, cart abandoned, 1 error
        new Object[] {D1, "B", false, false, false, false, 0L});
    Dataset<Row> attempts = Rows.frame(ATTEMPTS,
        new Object[] {D1, "A", true, 10.0, "checkout"}, new Object[] {D1, "A", true, 20.0, "checkout"},
        new Object[] {D1, "A", true, 40.0, "checkout"}, new Object[] {D1, "A", false, null, "checkout"});
    Dataset<Row> tickets = Rows.frame(TICKETS,
        new Object[] {D1, "A", true, 10.0, 2.0, "c1"}, new Object[] {D1, "A", false, 30.0, null, "c1"},
        new Object[] {D1, "B", false, null, null, "c4"});
    Dataset<Row> customers = Rows.frame(CUSTOMERS,
        new Object[] {D1, "c1", "A", Date.valueOf("2026-01-01"), null, null},   // active (flag unknown)
        new Object[] {D1, "c2", "A", Date.valueOf("2026-01-01"), D1, true},     // active at start, churns
        new Object[] {D1, "c3", "A", D1, null, false},                          // signed up that day
        new Object[] {D1, "c4", "B", Date.valueOf("2025-01-01"), Date.valueOf("2026-08-01"), true});
    return SegmentScorecard.build(SegmentScorecard.Grain.DAY, sessions, attempts, responses, tickets,
        customers, Rows.frame(DIM), Rows.frame(HISTORY), true, M);
  }

  private static Row row(Dataset<Row> scorecard, String segment) {
    List<Row> rows = scorecard.filter(col("segment").equalTo(segment)).collectAsList();
    assertEquals(1, rows.size(), segment);
    return rows.get(0);
  }

  @Test
  void everyMetricOfASegmentDayIsComputedFromItsOwnCounts() {
    Dataset<Row> responses = Rows.frame(RESPONSES,
        nps(D1, "A", 10), nps(D1, "A", 9), nps(D1, "A", 7), nps(D1, "A", 3),
        new Object[] {D1, "A", "CSAT", 5.0, null, null, true, null},
        new Object[] {D1, "A", "CSAT", 4.0, null, null, true, null},
        new Object[] {D1, "A", "CSAT", 2.0, null, null, false, null},
        new Object[] {D1, "A", "CES", 6.0, null, null, null, true},
        new Object[] {D1, "A", "CES", 3.0, null, null, null, false},
        nps(D1, "B", 6));
    Row a = row(day(responses), "A");
    assertEquals(D1, a.getAs("scorecard_date"));
    // Web: 4 sessions, 3 engaged → bounce 1 − 3/4 = 0.25; 1 converted → 0.25;
    // 3 with cart, 1 of them purchased → abandonment 1 − 1/3 = 0.6667; 3 errors / 4 = 0.75; 2/4 with error.
    assertEquals(4L, l(a, "sessions"));
    assertEquals(0.25, d(a, "bounce_rate"), 1e-12);
    assertEquals(0.25, d(a, "conversion_rate"), 1e-12);
    assertEquals(2.0 / 3.0, d(a, "cart_abandonment_rate"), 1e-12);
    assertEquals(0.75, d(a, "errors_per_session"), 1e-12);
    assertEquals(0.5, d(a, "error_session_rate"), 1e-12);
    // Tasks: 3 of 4 succeed → 0.75; successful times 10, 20, 40 s → median 20;
    // p90 at rank 0.9 × (3 − 1) = 1.8 → 20 + 0.8 × (40 − 20) = 36.
    assertEquals(0.75, d(a, "task_success_rate"), 1e-12);
    assertEquals(20.0, d(a, "time_on_task_median_s"), 1e-12);
    assertEquals(36.0, d(a, "time_on_task_p90_s"), 1e-12);
    // NPS: 10, 9, 7, 3 → n 4, P 2, D 1 → 100 × 1 / 4 = 25;
    // p = 0.5, d = 0.25: 0.75 − 0.0625 = 0.6875; /4 = 0.171875; √ = 0.4145781; × 196 = 81.2573
    assertEquals(4L, l(a, "nps_n"));
    assertEquals(25.0, d(a, "nps"), 1e-9);
    assertEquals(25.0 - 81.2573, d(a, "nps_ci_low"), 1e-3);
    assertEquals(25.0 + 81.2573, d(a, "nps_ci_high"), 1e-3);
    assertFalse((Boolean) a.getAs("nps_suppressed"));
    // CSAT: 5, 4, 2 → 2 of 3 satisfied = 0.6667 (n 3 = min-sample: shown)
    assertEquals(3L, l(a, "csat_n"));
    assertEquals(2.0 / 3.0, d(a, "csat"), 1e-12);
    assertTrue(d(a, "csat_ci_low") < 2.0 / 3.0 && d(a, "csat_ci_high") > 2.0 / 3.0);
    // CES: n 2 < 3 → suppressed; n kept
    assertEquals(2L, l(a, "ces_n"));
    assertNull(a.getAs("ces_mean"));
    assertTrue((Boolean) a.getAs("ces_suppressed"));
    // Tickets: 2 opened, 1 reopened → 0.5; first response 10 and 30 min → median 20
    assertEquals(2L, l(a, "tickets_opened"));
    assertEquals(0.5, d(a, "reopen_rate"), 1e-12);
    assertEquals(20.0, d(a, "first_response_min_median"), 1e-12);
    // Both tickets are c1's → 1 customer with a ticket; 2 tickets / 2 customers active at the start = 1.0
    assertEquals(1L, l(a, "customers_with_ticket"));
    assertEquals(1.0, d(a, "tickets_per_customer"), 1e-12);
    // Churn: c1 and c2 active at the start (c3 signed up that day); c2 churns → 1/2
    assertEquals(2L, l(a, "customers_active_at_start"));
    assertEquals(1L, l(a, "customers_churned"));
    assertEquals(0.5, d(a, "churn_rate"), 1e-12);
    // Composite (every attempt is a checkout, the composite task): 0.5 × 100 × 0.75 + 0.5 × (25 + 100) / 2
    // = 37.5 + 31.25 = 68.75
    assertEquals("checkout", a.getAs("composite_task"));
    assertEquals(4L, l(a, "composite_task_attempts"));
    assertEquals(0.75, d(a, "composite_task_success_rate"), 1e-12);
    assertEquals(68.75, d(a, "composite_score"), 1e-9);

    Row b = row(day(responses), "B");
    // B: 1 NPS answer < min-sample → NPS NULL, suppressed, so no composite; no tasks → NULL rate;
    // c4 churned before the day: nobody active → churn rate NULL, not 0.
    assertEquals(1L, l(b, "nps_n"));
    assertNull(b.getAs("nps"));
    assertTrue((Boolean) b.getAs("nps_suppressed"));
    assertNull(b.getAs("task_success_rate"));
    assertNull(b.getAs("composite_score"));
    assertEquals(0L, l(b, "customers_active_at_start"));
    assertNull(b.getAs("churn_rate"));
    // c4's ticket: 1 ticket, 1 customer with one, but nobody in B's base → per customer NULL, not 1.
    assertEquals(1L, l(b, "tickets_opened"));
    assertEquals(1L, l(b, "customers_with_ticket"));
    assertNull(b.getAs("tickets_per_customer"));

    Row all = row(day(responses), Segments.ALL);
    // (all): 5 sessions, 3 engaged → bounce 0.4; NPS n 5, P 2, D 2 → 0
    assertEquals(5L, l(all, "sessions"));
    assertEquals(0.4, d(all, "bounce_rate"), 1e-12);
    assertEquals(5L, l(all, "nps_n"));
    assertEquals(0.0, d(all, "nps"), 1e-12);
    // (all): 3 tickets of c1, c1, c4 → 2 customers with a ticket; base c1, c2 → 3 / 2 = 1.5
    assertEquals(2L, l(all, "customers_with_ticket"));
    assertEquals(1.5, d(all, "tickets_per_customer"), 1e-12);
  }

  private static Object[] attempt(String task, boolean success) {
    return new Object[] {D1, "A", success, success ? 30.0 : null, task};
  }

  @Test
  void theCompositeScoreUsesTheConfiguredTasksRateNotThePooledOne() {
    Dataset<Row> attempts = Rows.frame(ATTEMPTS,
        attempt("checkout", true), attempt("checkout", true), attempt("checkout", false), attempt("checkout", false),
        attempt("search", true), attempt("search", true), attempt("search", true), attempt("search", true),
        attempt("signup", false));
    Dataset<Row> responses = Rows.frame(RESPONSES, nps(D1, "A", 10), nps(D1, "A", 9), nps(D1, "A", 7), nps(D1, "A", 3));
    java.util.function.Function<String, Row> a = task -> row(SegmentScorecard.build(SegmentScorecard.Grain.DAY,
        Rows.frame(SESSIONS), attempts, responses, Rows.frame(TICKETS), Rows.frame(CUSTOMERS), Rows.frame(DIM),
        Rows.frame(HISTORY), true, new MetricSettings(3, 0.5, 0.5, task)), "A");
    // NPS 10, 9, 7, 3 → 25, so the CX half is 0.5 × (25 + 100) / 2 = 31.25 whatever the task.
    // checkout (the default): 2 of 4 → 0.5 × 100 × 0.5 + 31.25 = 56.25; Wilson 2 of 4: denominator
    // 1 + 3.8416/4 = 1.9604, centre 0.5 + 3.8416/8 = 0.9802, spread 1.96 × √(0.0625 + 0.060025) = 0.686070
    // → 0.150036, 0.849964. The pooled columns stay: 6 of 9 attempts of all tasks = 0.6667.
    Row checkout = a.apply("checkout");
    assertEquals(9L, l(checkout, "task_attempts"));
    assertEquals(6.0 / 9.0, d(checkout, "task_success_rate"), 1e-12);
    assertEquals("checkout", checkout.getAs("composite_task"));
    assertEquals(4L, l(checkout, "composite_task_attempts"));
    assertEquals(2L, l(checkout, "composite_task_successes"));
    assertEquals(0.5, d(checkout, "composite_task_success_rate"), 1e-12);
    assertEquals(0.150036, d(checkout, "composite_task_success_rate_ci_low"), 1e-6);
    assertEquals(0.849964, d(checkout, "composite_task_success_rate_ci_high"), 1e-6);
    assertFalse((Boolean) checkout.getAs("composite_task_success_suppressed"));
    assertEquals(56.25, d(checkout, "composite_score"), 1e-9);
    // search: 4 of 4 → 0.5 × 100 × 1 + 31.25 = 81.25 (the pooled rate would give 64.58).
    Row search = a.apply("search");
    assertEquals(1.0, d(search, "composite_task_success_rate"), 1e-12);
    assertEquals(81.25, d(search, "composite_score"), 1e-9);
    // signup: 1 attempt < min-sample 3 → rate suppressed, so no composite (not the pooled one's).
    Row signup = a.apply("signup");
    assertEquals(1L, l(signup, "composite_task_attempts"));
    assertNull(signup.getAs("composite_task_success_rate"));
    assertNull(signup.getAs("composite_task_success_rate_ci_low"));
    assertTrue((Boolean) signup.getAs("composite_task_success_suppressed"));
    assertNull(signup.getAs("composite_score"));
    assertEquals(6.0 / 9.0, d(signup, "task_success_rate"), 1e-12);
  }

  @Test
  void aQuarterIsRecomputedFromItsCountsNotAveragedFromItsDays() {
    Dataset<Row> responses = Rows.frame(RESPONSES,
        nps(D1, "A", 10), nps(D1, "A", 9), nps(D1, "A", 7), nps(D1, "A", 3),  // day NPS 25
        nps(D2, "A", 0), nps(D2, "A", 0));                                      // day NPS −100
    Dataset<Row> empty = Rows.frame(SESSIONS);
    Dataset<Row> q = SegmentScorecard.build(SegmentScorecard.Grain.QUARTER, empty,
        Rows.frame(ATTEMPTS), responses, Rows.frame(TICKETS), Rows.frame(CUSTOMERS), Rows.frame(DIM), Rows.frame(HISTORY), true,
        M);
    Row a = row(q, "A");
    // n 6, P 2, D 3 → 100 × (2 − 3) / 6 = −16.667 (the mean of the days' NPS would be −37.5)
    assertEquals("2026-Q3", a.getAs("quarter"));
    assertEquals(Date.valueOf("2026-07-01"), a.getAs("quarter_start"));
    assertEquals(6L, l(a, "nps_n"));
    assertEquals(-100.0 / 6.0, d(a, "nps"), 1e-9);
    // No sessions in the quarter: counts 0, rates NULL.
    assertEquals(0L, l(a, "sessions"));
    assertNull(a.getAs("bounce_rate"));
  }

  /** A silver.customer_snapshot row of segment A, signed up 2026-01-01, churned by status only. */
  private static Object[] snapshot(Date d, String id, boolean churned) {
    return new Object[] {d, id, null, "A", null, null, Date.valueOf("2026-01-01"), churned ? "Yes" : "No",
        churned, null, null, null};
  }

  static final StructType SNAPSHOTS = com.experiencewarehouse.silver.CustomerDimensionTest.SNAPSHOT;

  @Test
  void churnKnownFromStatusOnlyIsDatedByTheSnapshotThatFirstShowsIt() {
    Date d3 = Date.valueOf("2026-09-16");
    Date d4 = Date.valueOf("2026-09-17");
    // A CRM file with a Yes/No churn column and no churn date. c3 is churned in the first snapshot
    // ever; c2 turns churned on D2; c5 churns on D2, is won back on d3 and churns again on d4.
    Dataset<Row> snapshots = Rows.frame(SNAPSHOTS,
        snapshot(D1, "c1", false), snapshot(D1, "c2", false), snapshot(D1, "c3", true), snapshot(D1, "c5", false),
        snapshot(D2, "c1", false), snapshot(D2, "c2", true), snapshot(D2, "c3", true), snapshot(D2, "c5", true),
        snapshot(d3, "c5", false), snapshot(d4, "c5", true));
    Dataset<Row> dim = com.experiencewarehouse.silver.CustomerDimension.versions(snapshots);
    Dataset<Row> history = com.experiencewarehouse.silver.CustomerDimension.churnHistory(dim);
    Rows.assertRows(history,
        "[c1,2026-09-14,ArraySeq()]",
        "[c2,2026-09-14,ArraySeq(2026-09-15)]", "[c3,2026-09-14,ArraySeq()]",
        "[c5,2026-09-14,ArraySeq(2026-09-15, 2026-09-17)]");
    Dataset<Row> none = Rows.frame(SESSIONS);
    java.util.function.BiFunction<SegmentScorecard.Grain, Dataset<Row>, Row> all = (grain, snaps) -> row(
        SegmentScorecard.build(grain, none, Rows.frame(ATTEMPTS), Rows.frame(RESPONSES), Rows.frame(TICKETS),
            snaps, dim, history, true, M), Segments.ALL);

    // D1, the first snapshot: c3 is churned and nothing dates it (before D1 or on it?): the day's
    // base, churn and rate are NULL, with the one undated customer counted, never a churn rate of 0.
    Row day1 = all.apply(SegmentScorecard.Grain.DAY, snapshots.filter(col("snapshot_date").equalTo(D1)));
    assertNull(day1.getAs("customers_active_at_start"));
    assertNull(day1.getAs("customers_churned"));
    assertNull(day1.getAs("churn_rate"));
    assertEquals(1L, l(day1, "customers_churn_unknown"));
    // D2: c2 and c5 turned churned on D2 (churn date D2, in the day); c3 churned before D2 (first seen
    // D1, churned then): not in the base. Active at the start c1, c2, c5 = 3; churned 2 → 2/3.
    Row day2 = all.apply(SegmentScorecard.Grain.DAY, snapshots.filter(col("snapshot_date").equalTo(D2)));
    assertEquals(3L, l(day2, "customers_active_at_start"));
    assertEquals(2L, l(day2, "customers_churned"));
    assertEquals(2.0 / 3.0, d(day2, "churn_rate"), 1e-12);
    assertEquals(0L, l(day2, "customers_churn_unknown"));
    // d4: c5 alone, won back on d3 (active at the start of d4) and churned again on d4 → 1/1.
    Row day4 = all.apply(SegmentScorecard.Grain.DAY, snapshots.filter(col("snapshot_date").equalTo(d4)));
    assertEquals(1L, l(day4, "customers_active_at_start"));
    assertEquals(1.0, d(day4, "churn_rate"), 1e-12);
    // The quarter 2026-Q3 starts 2026-07-01, before c3 was first seen churned: undated, so NULL.
    Row q3 = all.apply(SegmentScorecard.Grain.QUARTER, snapshots);
    assertNull(q3.getAs("churn_rate"));
    assertNull(q3.getAs("customers_active_at_start"));
    assertEquals(1L, l(q3, "customers_churn_unknown"));
    // An export mapping neither status nor churn date: nobody looks churned, which would read as a
    // churn rate of 0. Every customer's churn is unknown instead (c1, c2, c3, c5 on D2): NULL.
    Row blind = row(SegmentScorecard.build(SegmentScorecard.Grain.DAY, none, Rows.frame(ATTEMPTS),
        Rows.frame(RESPONSES), Rows.frame(TICKETS), snapshots.filter(col("snapshot_date").equalTo(D2)), dim,
        history, false, M), Segments.ALL);
    assertNull(blind.getAs("churn_rate"));
    assertNull(blind.getAs("customers_churned"));
    assertEquals(4L, l(blind, "customers_churn_unknown"));
  }

  private static java.sql.Timestamp ts(String date) {
    return java.sql.Timestamp.valueOf(date + " 00:00:00");
  }

  @Test
  void churnCountsACustomerInTheSegmentItHadAtThePeriodStart() {
    Date jan1 = Date.valueOf("2026-01-01");
    Date moved = Date.valueOf("2026-08-15");
    Date q3End = Date.valueOf("2026-09-30");
    // m1 moves smb → enterprise on 2026-08-15 and churns on 2026-09-20; s1 (smb) and e1 (enterprise)
    // stay; n1 signs up on 2026-08-01, inside the quarter, and churns on 2026-09-10.
    Dataset<Row> dim = Rows.frame(DIM,
        new Object[] {"m1", ts("2026-01-01"), ts("2026-08-15"), "smb"},
        new Object[] {"m1", ts("2026-08-15"), ts("2026-09-20"), "enterprise"},
        new Object[] {"m1", ts("2026-09-20"), null, "enterprise"},
        new Object[] {"s1", ts("2026-01-01"), null, "smb"},
        new Object[] {"e1", ts("2026-01-01"), null, "enterprise"},
        new Object[] {"n1", ts("2026-08-01"), ts("2026-09-10"), "enterprise"},
        new Object[] {"n1", ts("2026-09-10"), null, "enterprise"});
    Dataset<Row> snapshots = Rows.frame(CUSTOMERS,
        new Object[] {moved, "m1", "enterprise", jan1, null, false},
        new Object[] {moved, "s1", "smb", jan1, null, false},
        new Object[] {moved, "e1", "enterprise", jan1, null, false},
        new Object[] {moved, "n1", "enterprise", Date.valueOf("2026-08-01"), null, false},
        new Object[] {q3End, "m1", "enterprise", jan1, Date.valueOf("2026-09-20"), true},
        new Object[] {q3End, "s1", "smb", jan1, null, false},
        new Object[] {q3End, "e1", "enterprise", jan1, null, false},
        new Object[] {q3End, "n1", "enterprise", Date.valueOf("2026-08-01"), Date.valueOf("2026-09-10"), true});
    Dataset<Row> none = Rows.frame(SESSIONS);
    java.util.function.BiFunction<SegmentScorecard.Grain, Dataset<Row>, Dataset<Row>> churn = (grain, snaps) ->
        SegmentScorecard.build(grain, none, Rows.frame(ATTEMPTS), Rows.frame(RESPONSES), Rows.frame(TICKETS),
                snaps, dim, Rows.frame(HISTORY), true, M)
            .select(col("segment"), col("customers_active_at_start"), col("customers_churned"),
                col("churn_rate"));
    // 2026-Q3 (start 2026-07-01): m1's version then is smb, so m1 is in smb's base and its churn is
    // smb's, though its latest snapshot says enterprise. smb: m1, s1 active, m1 churned → 1/2 = 0.5.
    // enterprise: e1 active (n1 signed up after the start: in no base, so its churn counts nowhere),
    // none churned → 0/1 = 0.0. (all): m1, s1, e1 active, m1 churned → 1/3.
    Rows.assertRows(churn.apply(SegmentScorecard.Grain.QUARTER, snapshots),
        "[smb,2,1,0.5]", "[enterprise,1,0,0.0]", "[(all),3,1," + (1.0 / 3.0) + "]");
    // 2026-08-15 (the move's day): the version from 2026-08-15 00:00 (inclusive) is valid at the
    // day's start, so m1 is enterprise's: enterprise m1, e1 active (n1 signed up before the day,
    // so active too) = 3; smb s1 = 1; nobody churns that day → 0.0.
    Rows.assertRows(churn.apply(SegmentScorecard.Grain.DAY, snapshots.filter(col("snapshot_date").equalTo(moved))),
        "[smb,1,0,0.0]", "[enterprise,3,0,0.0]", "[(all),4,0,0.0]");
  }

  @Test
  void revenuePerSessionAndPerConvertedSessionAreRecomputedPerPeriodAndUnknownRevenueIsNull() {
    StructType withRevenue = SESSIONS.add("purchase_revenue", DataTypes.createDecimalType(18, 2));
    java.util.function.Function<String, java.math.BigDecimal> eur = java.math.BigDecimal::new;
    Dataset<Row> sessions = Rows.frame(withRevenue,
        new Object[] {D1, "A", true, true, false, true, 0L, eur.apply("70.50")},   // converted
        new Object[] {D1, "A", true, false, false, false, 0L, eur.apply("0.00")},
        new Object[] {D1, "A", true, true, false, true, 0L, eur.apply("29.50")},   // converted
        new Object[] {D1, "A", false, false, false, false, 0L, eur.apply("0.00")},
        new Object[] {D2, "A", true, true, false, true, 0L, eur.apply("20.00")},   // converted, next day
        new Object[] {D1, "B", true, false, false, false, 0L, eur.apply("0.00")},
        new Object[] {D1, "C", true, true, false, true, 0L, eur.apply("10.00")},   // converted
        new Object[] {D1, "C", true, true, false, true, 0L, null});               // a purchase without value
    Dataset<Row> tickets = Rows.frame(TICKETS, new Object[] {D1, "T", false, null, null, "c9"});
    // Day 2026-09-14 (its sessions): A 70.50 + 0 + 29.50 + 0 = 100.00 over 4 sessions = 25.0, over 2 converted = 50.0.
    // B: one session, no purchase: 0.00, 0.0 per session, no converted session → NULL.
    // C: one session's revenue is unknown → the sum is unknown: NULL, and so are both ratios;
    // (all) contains C's session → NULL. T: a ticket, no session: 0.00 revenue, no ratios.
    Rows.assertRows(SegmentScorecard.build(SegmentScorecard.Grain.DAY, sessions.filter(col("session_date").equalTo(D1)),
            Rows.frame(ATTEMPTS), Rows.frame(RESPONSES), tickets, Rows.frame(CUSTOMERS), Rows.frame(DIM),
            Rows.frame(HISTORY), true, M)
        .select(col("segment"), col("sessions"), col("converted_sessions"), col("purchase_revenue"),
            col("revenue_per_session"), col("revenue_per_converted_session")),
        "[A,4,2,100.00,25.0,50.0]", "[B,1,0,0.00,0.0,null]", "[C,2,2,null,null,null]",
        "[(all),7,4,null,null,null]", "[T,0,0,0.00,null,null]");
    // Quarter 2026-Q3: A 100.00 + 20.00 = 120.00 over 5 sessions = 24.0, over 3 converted = 40.0
    // (recomputed from the quarter's sums, not an average of the days' 25.0 and 20.0).
    Rows.assertRows(SegmentScorecard.build(SegmentScorecard.Grain.QUARTER, sessions.filter(col("segment").equalTo("A")),
            Rows.frame(ATTEMPTS), Rows.frame(RESPONSES), Rows.frame(TICKETS), Rows.frame(CUSTOMERS), Rows.frame(DIM),
            Rows.frame(HISTORY), true, M)
        .filter(col("segment").equalTo("A"))
        .select(col("segment"), col("sessions"), col("converted_sessions"), col("purchase_revenue"),
            col("revenue_per_session"), col("revenue_per_converted_session")),
        "[A,5,3,120.00,24.0,40.0]");
  }
}
