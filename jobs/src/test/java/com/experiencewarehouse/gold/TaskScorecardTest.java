package com.experiencewarehouse.gold;

import static com.experiencewarehouse.testing.Rows.assertRows;
import static com.experiencewarehouse.testing.Rows.d;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.experiencewarehouse.config.Settings.MetricSettings;
import com.experiencewarehouse.testing.Rows;
import java.sql.Date;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class TaskScorecardTest {

  private static final Date D1 = Date.valueOf("2026-09-14");
  private static final Date D2 = Date.valueOf("2026-09-15");
  // min-sample 3 so that small hand-built groups can be both shown and suppressed.
  private static final MetricSettings M = new MetricSettings(3, 0.5, 0.5);
  private static final List<String> TASKS = List.of("checkout", "signup", "search");

  static final StructType ATTEMPTS = new StructType()
      .add("session_date", DataTypes.DateType).add("segment", DataTypes.StringType)
      .add("task_name", DataTypes.StringType).add("outcome", DataTypes.StringType)
      .add("is_success", DataTypes.BooleanType).add("time_on_task_s", DataTypes.DoubleType);

  private static Object[] ok(Date d, String segment, String task, double seconds) {
    return new Object[] {d, segment, task, "success", true, seconds};
  }

  private static Object[] not(Date d, String segment, String task, String outcome) {
    return new Object[] {d, segment, task, outcome, false, null};
  }

  /** Three tasks with different success: checkout mostly succeeds, signup never, search one in three. */
  private static Dataset<Row> attempts() {
    return Rows.frame(ATTEMPTS,
        // 2026-09-14
        ok(D1, "A", "checkout", 10.0), ok(D1, "A", "checkout", 20.0), ok(D1, "A", "checkout", 40.0),
        not(D1, "A", "checkout", "failure"),
        not(D1, "A", "signup", "timeout"), not(D1, "A", "signup", "abandoned"),
        ok(D1, "B", "search", 30.0), not(D1, "B", "search", "failure"), not(D1, "B", "search", "failure"),
        // 2026-09-15
        not(D2, "A", "checkout", "failure"), ok(D2, "A", "checkout", 60.0),
        ok(D2, "B", "search", 10.0));
  }

  private static Row row(Dataset<Row> card, String segment, String task) {
    List<Row> rows = card.filter(col("segment").equalTo(segment).and(col("task_name").equalTo(task))).collectAsList();
    assertEquals(1, rows.size(), segment + " " + task);
    return rows.get(0);
  }

  @Test
  void everyConfiguredTaskHasItsOwnCountsRateAndTimesPerSegmentAndDay() {
    Dataset<Row> day = TaskScorecard.build(SegmentScorecard.Grain.DAY, attempts(), TASKS, M);
    assertEquals(new StructType()
            .add("scorecard_date", DataTypes.DateType).add("segment", DataTypes.StringType)
            .add("task_name", DataTypes.StringType)
            .add("attempts", DataTypes.LongType).add("successes", DataTypes.LongType)
            .add("failures", DataTypes.LongType).add("timeouts", DataTypes.LongType)
            .add("abandons", DataTypes.LongType)
            .add("task_success_rate", DataTypes.DoubleType).add("task_success_rate_ci_low", DataTypes.DoubleType)
            .add("task_success_rate_ci_high", DataTypes.DoubleType)
            .add("task_success_suppressed", DataTypes.BooleanType)
            .add("time_on_task_median_s", DataTypes.DoubleType).add("time_on_task_p90_s", DataTypes.DoubleType)
            .simpleString(),
        day.schema().simpleString());
    // Every (day, segment) with an attempt has all three tasks (0 attempts: rate NULL, suppressed);
    // (all) sums its day's segments. Rate shown from 3 attempts (min-sample 3):
    // D1 A checkout 3/4 = 0.75; A signup 0/2 suppressed; B search 1/3; (all) as A/B, one segment each.
    // D2: A checkout 1/2, B search 1/1: both below 3, suppressed.
    assertRows(day.select("scorecard_date", "segment", "task_name", "attempts", "successes", "failures", "timeouts",
            "abandons", "task_success_rate", "task_success_suppressed"),
        "[2026-09-14,A,checkout,4,3,1,0,0,0.75,false]",
        "[2026-09-14,A,signup,2,0,0,1,1,null,true]",
        "[2026-09-14,A,search,0,0,0,0,0,null,true]",
        "[2026-09-14,B,checkout,0,0,0,0,0,null,true]",
        "[2026-09-14,B,signup,0,0,0,0,0,null,true]",
        "[2026-09-14,B,search,3,1,2,0,0,0.3333333333333333,false]",
        "[2026-09-14,(all),checkout,4,3,1,0,0,0.75,false]",
        "[2026-09-14,(all),signup,2,0,0,1,1,null,true]",
        "[2026-09-14,(all),search,3,1,2,0,0,0.3333333333333333,false]",
        "[2026-09-15,A,checkout,2,1,1,0,0,null,true]",
        "[2026-09-15,A,signup,0,0,0,0,0,null,true]",
        "[2026-09-15,A,search,0,0,0,0,0,null,true]",
        "[2026-09-15,B,checkout,0,0,0,0,0,null,true]",
        "[2026-09-15,B,signup,0,0,0,0,0,null,true]",
        "[2026-09-15,B,search,1,1,0,0,0,null,true]",
        "[2026-09-15,(all),checkout,2,1,1,0,0,null,true]",
        "[2026-09-15,(all),signup,0,0,0,0,0,null,true]",
        "[2026-09-15,(all),search,1,1,0,0,0,null,true]");

    Row checkout = row(day.filter(col("scorecard_date").equalTo(D1)), "A", "checkout");
    // Wilson 3 of 4, z² = 3.8416: denominator 1 + 3.8416/4 = 1.9604; centre 0.75 + 3.8416/8 = 1.2302;
    // spread 1.96 × √(0.75 × 0.25 / 4 + 3.8416/64) = 1.96 × √0.1069 = 0.640833
    // → (1.2302 − 0.640833) / 1.9604 = 0.300636, (1.2302 + 0.640833) / 1.9604 = 0.954414
    assertEquals(0.300636, d(checkout, "task_success_rate_ci_low"), 1e-6);
    assertEquals(0.954414, d(checkout, "task_success_rate_ci_high"), 1e-6);
    // Successful times 10, 20, 40 s → median 20; p90 at rank 0.9 × 2 = 1.8 → 20 + 0.8 × 20 = 36.
    assertEquals(20.0, d(checkout, "time_on_task_median_s"), 1e-9);
    assertEquals(36.0, d(checkout, "time_on_task_p90_s"), 1e-9);
    Row search = row(day.filter(col("scorecard_date").equalTo(D1)), "B", "search");
    // Wilson 1 of 3: denominator 1 + 3.8416/3 = 2.280533; centre 1/3 + 3.8416/6 = 0.973600;
    // spread 1.96 × √((1/3)(2/3)/3 + 3.8416/36) = 0.833369 → 0.061490, 0.792345. One success: 30 s.
    assertEquals(0.061490, d(search, "task_success_rate_ci_low"), 1e-6);
    assertEquals(0.792345, d(search, "task_success_rate_ci_high"), 1e-6);
    assertEquals(30.0, d(search, "time_on_task_median_s"), 1e-9);
    assertEquals(30.0, d(search, "time_on_task_p90_s"), 1e-9);
    // Suppressed (2 < 3 attempts): no rate, no CI; no success, so no time either.
    Row signup = row(day.filter(col("scorecard_date").equalTo(D1)), "A", "signup");
    assertNull(signup.getAs("task_success_rate_ci_low"));
    assertNull(signup.getAs("task_success_rate_ci_high"));
    assertNull(signup.getAs("time_on_task_median_s"));
    // A suppressed rate keeps its times: D2 A checkout's one success took 60 s.
    assertEquals(60.0, d(row(day.filter(col("scorecard_date").equalTo(D2)), "A", "checkout"),
        "time_on_task_median_s"), 1e-9);
  }

  @Test
  void aQuarterIsRecomputedFromItsAttemptsNotAveragedFromItsDays() {
    Dataset<Row> quarter = TaskScorecard.build(SegmentScorecard.Grain.QUARTER, attempts(), TASKS, M);
    assertRows(quarter.select("quarter", "quarter_start", "segment", "task_name", "attempts", "successes",
            "failures", "timeouts", "abandons", "task_success_suppressed"),
        "[2026-Q3,2026-07-01,A,checkout,6,4,2,0,0,false]",
        "[2026-Q3,2026-07-01,A,signup,2,0,0,1,1,true]",
        "[2026-Q3,2026-07-01,A,search,0,0,0,0,0,true]",
        "[2026-Q3,2026-07-01,B,checkout,0,0,0,0,0,true]",
        "[2026-Q3,2026-07-01,B,signup,0,0,0,0,0,true]",
        "[2026-Q3,2026-07-01,B,search,4,2,2,0,0,false]",
        "[2026-Q3,2026-07-01,(all),checkout,6,4,2,0,0,false]",
        "[2026-Q3,2026-07-01,(all),signup,2,0,0,1,1,true]",
        "[2026-Q3,2026-07-01,(all),search,4,2,2,0,0,false]");
    // A checkout over the quarter: 4 of 6 = 0.6667, not the mean of its days' 0.75 and 0.5 (0.625).
    Row checkout = row(quarter, "A", "checkout");
    assertEquals(4.0 / 6.0, d(checkout, "task_success_rate"), 1e-12);
    // Wilson 4 of 6: denominator 1 + 3.8416/6 = 1.640267; centre 4/6 + 3.8416/12 = 0.986800;
    // spread 1.96 × √((4/6)(2/6)/6 + 3.8416/144) = 0.494739 → 0.299988, 0.903231
    assertEquals(0.299988, d(checkout, "task_success_rate_ci_low"), 1e-6);
    assertEquals(0.903231, d(checkout, "task_success_rate_ci_high"), 1e-6);
    // Successes 10, 20, 40, 60 s: median 30 (not the mean of the days' 20 and 60);
    // p90 at rank 0.9 × 3 = 2.7 → 40 + 0.7 × 20 = 54.
    assertEquals(30.0, d(checkout, "time_on_task_median_s"), 1e-9);
    assertEquals(54.0, d(checkout, "time_on_task_p90_s"), 1e-9);
    // B search: 2 of 4 = 0.5 (days 1/3 and, suppressed, 1/1); times 30 and 10 → median 20,
    // p90 at rank 0.9 → 10 + 0.9 × 20 = 28.
    Row search = row(quarter, "B", "search");
    assertEquals(0.5, d(search, "task_success_rate"), 1e-12);
    assertEquals(20.0, d(search, "time_on_task_median_s"), 1e-9);
    assertEquals(28.0, d(search, "time_on_task_p90_s"), 1e-9);
    assertEquals(0.5, d(row(quarter, Segments.ALL, "search"), "task_success_rate"), 1e-12);
  }

  @Test
  void aTaskNoLongerConfiguredKeepsTheRowsOfItsStoredAttempts() {
    // "wishlist" was a task when these attempts were made; the configuration now lists checkout only.
    Dataset<Row> day = TaskScorecard.build(SegmentScorecard.Grain.DAY, Rows.frame(ATTEMPTS,
        ok(D1, "A", "wishlist", 5.0)), List.of("checkout"), M);
    assertRows(day.select("segment", "task_name", "attempts", "successes"),
        "[A,checkout,0,0]", "[A,wishlist,1,1]", "[(all),checkout,0,0]", "[(all),wishlist,1,1]");
  }
}
