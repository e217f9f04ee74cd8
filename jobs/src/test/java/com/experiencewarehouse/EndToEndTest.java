package com.experiencewarehouse;

import static com.experiencewarehouse.testing.Rows.assertRows;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.experiencewarehouse.bronze.CrmAccountsBronze;
import com.experiencewarehouse.bronze.CrmOpportunitiesBronze;
import com.experiencewarehouse.io.TableDocs;
import com.experiencewarehouse.job.NightlyJob;
import com.experiencewarehouse.testing.JobRunner;
import com.experiencewarehouse.testing.KernelTables;
import com.experiencewarehouse.testing.PersonalDataScan;
import com.experiencewarehouse.testing.Rows;
import com.experiencewarehouse.testing.SharedSpark;
import com.experiencewarehouse.testing.TableComments;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real entry point on data-samples/ (two nights), checked against data-samples/EXPECTED.md,
 * which the sample generator computed independently of the job.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EndToEndTest {

  @TempDir
  static Path dir;

  static JobRunner job;
  static JobRunner.Result first;
  static JobRunner.Result second;
  /** gold.segment_scorecard_day's Delta version after the first night: where a BI extract left off. */
  static long scorecardDayAfterFirst;

  @BeforeAll
  static void runBothNights() {
    job = new JobRunner(dir, "");
    first = job.run("run", "--date", "2026-09-14");
    scorecardDayAfterFirst = job.version("gold.segment_scorecard_day");
    second = job.run("run", "--date", "2026-09-15");
  }

  private static Row scorecard(String table, String periodColumn, Object period, String segment) {
    List<Row> rows = job.table(table)
        .filter(col(periodColumn).equalTo(lit(period)).and(col("segment").equalTo(segment)))
        .collectAsList();
    assertEquals(1, rows.size(), table + " " + period + " " + segment);
    return rows.get(0);
  }

  @Test
  @Order(1)
  void bothNightsSucceedAndPrintASummary() {
    assertEquals(0, first.exitCode(), first.err());
    assertEquals(0, second.exitCode(), second.err());
    assertTrue(first.out().contains("succeeded"), first.out());
    assertTrue(first.out().contains("survey_answers"), first.out());
    assertTrue(first.out().contains("gold.segment_scorecard_day"), first.out());
  }

  @Test
  @Order(2)
  void everyRowReadIsWrittenOrQuarantinedPerSourceAndNight() {
    // EXPECTED.md "Rows per file": read / good / bad per source and date. The event without a
    // device id (consent mode) is kept in bronze, in its own bucket (see consentModeEvents…).
    assertRows(job.table("gold.run_source_audit")
            .select(col("run_date").cast("string"), col("source"), col("rows_read"), col("rows_written"),
                col("rows_quarantined"), col("is_balanced")),
        "[2026-09-14,ga4_events,1020,1018,2,true]",
        "[2026-09-14,crm_customers,73,70,3,true]",
        "[2026-09-14,crm_tickets,14,12,2,true]",
        "[2026-09-14,survey_answers,137,133,4,true]",
        "[2026-09-15,ga4_events,1091,1089,2,true]",
        "[2026-09-15,crm_customers,75,72,3,true]",
        "[2026-09-15,crm_tickets,14,12,2,true]",
        "[2026-09-15,survey_answers,138,126,12,true]");
    assertRows(job.table("quarantine.rejected_record")
            .filter(col("load_date").equalTo(lit(java.sql.Date.valueOf("2026-09-15"))))
            .groupBy("source", "reason_code").count(),
        "[crm_customers,bad_date,1]", "[crm_customers,duplicate_id,1]", "[crm_customers,missing_key,1]",
        "[crm_tickets,bad_timestamp,1]", "[crm_tickets,missing_key,1]",
        "[ga4_events,bad_timestamp,1]", "[ga4_events,malformed_record,1]",
        "[survey_answers,bad_timestamp,1]", "[survey_answers,duplicate_id,1]",
        "[survey_answers,score_out_of_range,2]", "[survey_answers,sus_incomplete,8]");
    assertRows(job.table("gold.run_audit").select("run_date", "status"),
        "[2026-09-14,succeeded]", "[2026-09-15,succeeded]");
  }

  @Test
  @Order(3)
  void npsPerSegmentAndDayFollowsTheSpecWithSmallCellsSuppressed() {
    // consumer 2026-09-14: n 36, P 12, D 14 → NPS = 100 × (12 − 14) / 36 = −5.5556;
    // half-width 27.7019 (EXPECTED.md) → CI [−33.2575, 22.1463]
    Row c14 = scorecard("gold.segment_scorecard_day", "scorecard_date", java.sql.Date.valueOf("2026-09-14"), "consumer");
    assertEquals(36L, Rows.l(c14, "nps_n"));
    assertEquals(12L, Rows.l(c14, "nps_promoters"));
    assertEquals(14L, Rows.l(c14, "nps_detractors"));
    assertEquals(-5.5556, Rows.d(c14, "nps"), 1e-4);
    assertEquals(-33.2575, Rows.d(c14, "nps_ci_low"), 1e-3);
    assertEquals(22.1463, Rows.d(c14, "nps_ci_high"), 1e-3);
    assertFalse((Boolean) c14.getAs("nps_suppressed"));
    // consumer 2026-09-15: n 31, P 17, D 8 → 100 × 9 / 31 = 29.0323 ± 29.9153
    Row c15 = scorecard("gold.segment_scorecard_day", "scorecard_date", java.sql.Date.valueOf("2026-09-15"), "consumer");
    assertEquals(31L, Rows.l(c15, "nps_n"));
    assertEquals(29.0323, Rows.d(c15, "nps"), 1e-4);
    assertEquals(29.0323 - 29.9153, Rows.d(c15, "nps_ci_low"), 1e-3);
    // smb 2026-09-14: n 8 < 30 → n kept, score NULL, suppressed
    Row s14 = scorecard("gold.segment_scorecard_day", "scorecard_date", java.sql.Date.valueOf("2026-09-14"), "smb");
    assertEquals(8L, Rows.l(s14, "nps_n"));
    assertNull(s14.getAs("nps"));
    assertNull(s14.getAs("nps_ci_low"));
    assertTrue((Boolean) s14.getAs("nps_suppressed"));
    // CSAT consumer 2026-09-14: n 8, 6 satisfied; suppressed (n < 30) but counts kept
    assertEquals(8L, Rows.l(c14, "csat_n"));
    assertEquals(6L, Rows.l(c14, "csat_satisfied"));
    assertNull(c14.getAs("csat"));
  }

  @Test
  @Order(4)
  void quarterScorecardIsRecomputedFromTheQuartersOwnCounts() {
    // consumer 2026-Q3 = both nights: n 36 + 31 = 67, P 12 + 17 = 29, D 14 + 8 = 22
    // NPS = 100 × 7 / 67 = 10.4478; p = 29/67, d = 22/67:
    // p + d = 51/67 = 0.7611940, (p − d)² = (7/67)² = 0.0109156 → 0.7502785; /67 = 0.0111982;
    // √ = 0.1058215; × 196 = 20.7410
    Row q = scorecard("gold.segment_scorecard_quarter", "quarter", "2026-Q3", "consumer");
    assertEquals(67L, Rows.l(q, "nps_n"));
    assertEquals(10.4478, Rows.d(q, "nps"), 1e-4);
    assertEquals(10.4478 + 20.7410, Rows.d(q, "nps_ci_high"), 1e-3);
    assertEquals(java.sql.Date.valueOf("2026-07-01"), q.getAs("quarter_start"));
  }

  @Test
  @Order(5)
  void webSessionsMatchTheSamplesIncludingTheOneAcrossMidnight() {
    // EXPECTED.md: sessions / with purchase / with add_to_cart / with an error per start date;
    // the 23:50 → 00:20 session counts once, on 2026-09-14, with its after-midnight purchase.
    Row a14 = scorecard("gold.segment_scorecard_day", "scorecard_date", java.sql.Date.valueOf("2026-09-14"), "(all)");
    assertEquals(109L, Rows.l(a14, "sessions"));
    assertEquals(16L, Rows.l(a14, "converted_sessions"));
    assertEquals(46L, Rows.l(a14, "add_to_cart_sessions"));
    assertEquals(15L, Rows.l(a14, "sessions_with_error"));
    Row a15 = scorecard("gold.segment_scorecard_day", "scorecard_date", java.sql.Date.valueOf("2026-09-15"), "(all)");
    assertEquals(111L, Rows.l(a15, "sessions"));
    assertEquals(22L, Rows.l(a15, "converted_sessions"));
    assertEquals(47L, Rows.l(a15, "add_to_cart_sessions"));
    assertEquals(20L, Rows.l(a15, "sessions_with_error"));
    assertRows(job.table("silver.web_session")
            .filter(col("session_id").equalTo("780326648.1762730730:1789429800"))
            .select(col("session_date").cast("string"), col("customer_id"), col("session_start_at").cast("string"),
                col("session_end_at").cast("string"), col("duration_s"), col("has_purchase")),
        "[2026-09-14,C0028,2026-09-14 23:50:00,2026-09-15 00:20:00,1800.0,true]");
    // EXPECTED.md "Tasks, sessions and revenue per segment" (expected_metrics.py, from the files):
    // purchase revenue, one amount per transaction; 1351.20 / 109 = 12.3963, / 16 = 84.45;
    // 1147.45 / 111 = 10.3374, / 22 = 52.1568.
    assertEquals(new java.math.BigDecimal("1351.20"), a14.getAs("purchase_revenue"));
    assertEquals(12.3963, Rows.d(a14, "revenue_per_session"), 1e-4);
    assertEquals(84.45, Rows.d(a14, "revenue_per_converted_session"), 1e-4);
    assertEquals(new java.math.BigDecimal("1147.45"), a15.getAs("purchase_revenue"));
    assertEquals(10.3374, Rows.d(a15, "revenue_per_session"), 1e-4);
    assertEquals(52.1568, Rows.d(a15, "revenue_per_converted_session"), 1e-4);
    Row c14 = scorecard("gold.segment_scorecard_day", "scorecard_date", java.sql.Date.valueOf("2026-09-14"), "consumer");
    assertEquals(new java.math.BigDecimal("621.41"), c14.getAs("purchase_revenue"));
    assertEquals(69.0456, Rows.d(c14, "revenue_per_converted_session"), 1e-4);
    // EXPECTED.md "Session traffic" (expected_metrics.py, from the files): the landing page's UTM
    // parameters, click id or external referrer, GA4's collected_traffic_source on the 15th, else
    // the device's last own source of the 90 days before, else direct; GA4's channel groups.
    assertRows(job.table("silver.web_session").groupBy(col("session_date").cast("string"),
            col("session_default_channel_group"), col("session_source_basis"), col("session_source"),
            col("session_medium"), col("session_campaign")).count(),
        "[2026-09-14,Affiliates,carried_over,partner_site,affiliate,(not set),1]",
        "[2026-09-14,Affiliates,utm,partner_site,affiliate,(not set),1]",
        "[2026-09-14,Direct,direct,(direct),(none),(direct),27]",
        "[2026-09-14,Email,carried_over,newsletter,email,sept_newsletter,6]",
        "[2026-09-14,Email,utm,newsletter,email,sept_newsletter,11]",
        "[2026-09-14,Organic Search,carried_over,www.google.com,referral,(referral),5]",
        "[2026-09-14,Organic Search,referrer,www.google.com,referral,(referral),20]",
        "[2026-09-14,Organic Social,referrer,l.facebook.com,referral,(referral),3]",
        "[2026-09-14,Paid Search,utm,google,cpc,(not set),2]",
        "[2026-09-14,Paid Social,carried_over,facebook,cpc,autumn_sale,13]",
        "[2026-09-14,Paid Social,utm,facebook,cpc,autumn_sale,18]",
        "[2026-09-14,Referral,carried_over,blog.coffeelovers.example,referral,(referral),1]",
        "[2026-09-14,Referral,referrer,blog.coffeelovers.example,referral,(referral),1]",
        "[2026-09-15,Affiliates,carried_over,partner_site,affiliate,(not set),2]",
        "[2026-09-15,Direct,direct,(direct),(none),(direct),30]",
        "[2026-09-15,Email,carried_over,newsletter,email,sept_newsletter,17]",
        "[2026-09-15,Email,collected_traffic_source,newsletter,email,sept_newsletter,7]",
        "[2026-09-15,Organic Search,carried_over,www.google.com,referral,(referral),10]",
        "[2026-09-15,Organic Search,referrer,www.google.com,referral,(referral),15]",
        "[2026-09-15,Organic Social,carried_over,l.facebook.com,referral,(referral),8]",
        "[2026-09-15,Organic Social,referrer,l.facebook.com,referral,(referral),5]",
        "[2026-09-15,Paid Search,collected_traffic_source,google,cpc,(not set),4]",
        "[2026-09-15,Paid Social,carried_over,facebook,cpc,autumn_sale,4]",
        "[2026-09-15,Paid Social,collected_traffic_source,facebook,cpc,autumn_sale,6]",
        "[2026-09-15,Referral,carried_over,blog.coffeelovers.example,referral,(referral),3]");
    // The paths keep no query: UTM parameters, fbclid, gclid and the search page's q= are dropped.
    assertEquals(0L, job.table("silver.web_session").filter(col("landing_page_path").contains("?")
        .or(col("exit_page_path").contains("?")).or(col("landing_page_path").startsWith("shop.example.com/").unary_$bang()))
        .count());
  }

  private static Row task(String table, String periodColumn, Object period, String segment, String task) {
    List<Row> rows = job.table(table).filter(col(periodColumn).equalTo(lit(period))
        .and(col("segment").equalTo(segment)).and(col("task_name").equalTo(task))).collectAsList();
    assertEquals(1, rows.size(), table + " " + period + " " + segment + " " + task);
    return rows.get(0);
  }

  @Test
  @Order(5)
  void taskScorecardsMatchThePerTaskValuesComputedFromTheFiles() {
    // EXPECTED.md "Tasks, sessions and revenue per segment" (data-samples/expected_metrics.py).
    java.sql.Date d14 = java.sql.Date.valueOf("2026-09-14");
    String day = "gold.task_scorecard_day";
    Row all = task(day, "scorecard_date", d14, "(all)", "checkout");
    assertRows(job.table(day).filter(col("scorecard_date").equalTo(lit(d14)).and(col("segment").equalTo("(all)")))
            .select("task_name", "attempts", "successes", "failures", "timeouts", "abandons"),
        "[checkout,35,16,11,0,8]", "[search,30,17,13,0,0]", "[signup,4,2,2,0,0]");
    // 16 / 35 = 0.4571, shown (35 >= 30), Wilson 0.3047–0.6181; times 63.0985 / 193.2764 s
    assertEquals(16.0 / 35.0, Rows.d(all, "task_success_rate"), 1e-12);
    assertEquals(0.3047, Rows.d(all, "task_success_rate_ci_low"), 1e-4);
    assertEquals(0.6181, Rows.d(all, "task_success_rate_ci_high"), 1e-4);
    assertEquals(63.0985, Rows.d(all, "time_on_task_median_s"), 1e-4);
    assertEquals(193.2764, Rows.d(all, "time_on_task_p90_s"), 1e-4);
    // consumer checkout: 9 of 18 → below 30, suppressed; times kept (70.2989 / 165.6229 s).
    Row consumer = task(day, "scorecard_date", d14, "consumer", "checkout");
    assertEquals(18L, Rows.l(consumer, "attempts"));
    assertNull(consumer.getAs("task_success_rate"));
    assertTrue((Boolean) consumer.getAs("task_success_suppressed"));
    assertEquals(70.2989, Rows.d(consumer, "time_on_task_median_s"), 1e-4);
    // consumer tried no signup that day: a row with 0 attempts, rate NULL.
    assertEquals(0L, Rows.l(task(day, "scorecard_date", d14, "consumer", "signup"), "attempts"));
    // smb search 2026-09-15: 1 attempt, failed → no time.
    Row smb = task(day, "scorecard_date", java.sql.Date.valueOf("2026-09-15"), "smb", "search");
    assertEquals(1L, Rows.l(smb, "failures"));
    assertNull(smb.getAs("time_on_task_median_s"));
    // The quarter from its own attempts: checkout (all) 72, 38 succeed → 0.5278 [0.4140, 0.6387],
    // 17 failures, 17 abandons; median 77.6392 s, p90 251.3885 s (not the days' 63.10 / 90.98).
    Row q = task("gold.task_scorecard_quarter", "quarter", "2026-Q3", "(all)", "checkout");
    assertEquals(72L, Rows.l(q, "attempts"));
    assertEquals(17L, Rows.l(q, "abandons"));
    assertEquals(38.0 / 72.0, Rows.d(q, "task_success_rate"), 1e-12);
    assertEquals(0.4140, Rows.d(q, "task_success_rate_ci_low"), 1e-4);
    assertEquals(0.6387, Rows.d(q, "task_success_rate_ci_high"), 1e-4);
    assertEquals(77.6392, Rows.d(q, "time_on_task_median_s"), 1e-4);
    assertEquals(251.3885, Rows.d(q, "time_on_task_p90_s"), 1e-4);
    // The segment scorecard's composite task is checkout: the same 35 attempts and 16 / 35, and the
    // composite score from it (not from the pooled 35 + 30 + 4 = 69 attempts).
    Row card = scorecard("gold.segment_scorecard_day", "scorecard_date", d14, "(all)");
    assertEquals("checkout", card.getAs("composite_task"));
    assertEquals(35L, Rows.l(card, "composite_task_attempts"));
    assertEquals(16.0 / 35.0, Rows.d(card, "composite_task_success_rate"), 1e-12);
    assertEquals(69L, Rows.l(card, "task_attempts"));
    // NPS (all) 2026-09-14: n 36 + 8 + 5 = 49, P 12 + 2 + 1 = 15, D 14 + 2 + 1 = 17 → 100 × −2 / 49 = −4.0816;
    // composite = 0.5 × 100 × 16/35 + 0.5 × (−4.0816 + 100) / 2 = 22.8571 + 23.9796 = 46.8367
    assertEquals(49L, Rows.l(card, "nps_n"));
    assertEquals(46.8367, Rows.d(card, "composite_score"), 1e-4);
  }

  @Test
  @Order(5)
  void churnRateCountsCustomersActiveAtTheStartOfTheDay() {
    // 2026-09-15 snapshot: 72 customers; C0033 churned on 08-30 and C0071/C0072 signed up that day
    // → 69 active at the start; C0010 (consumer) and C0050 (smb) churn that day → 2 / 69.
    // consumer: C0001–C0040 less C0033 = 39 active, C0010 churns → 1 / 39.
    Row all = scorecard("gold.segment_scorecard_day", "scorecard_date", java.sql.Date.valueOf("2026-09-15"), "(all)");
    assertEquals(69L, Rows.l(all, "customers_active_at_start"));
    assertEquals(2L, Rows.l(all, "customers_churned"));
    assertEquals(2.0 / 69.0, Rows.d(all, "churn_rate"), 1e-12);
    Row consumer = scorecard("gold.segment_scorecard_day", "scorecard_date", java.sql.Date.valueOf("2026-09-15"), "consumer");
    assertEquals(1.0 / 39.0, Rows.d(consumer, "churn_rate"), 1e-12);
  }

  @Test
  @Order(5)
  void lifetimeValueIsTheCrmsElseThePurchaseRevenueToDate() {
    // data-samples/expected_metrics.py, "Lifetime value per customer": 72 customers; 59 with the
    // CRM's value, 13 without (the 15th's snapshot leaves "Lifetime Value" empty), whose value is
    // their sessions' purchase revenue through 2026-09-15: C0003 73.90 + C0005 19.98 + C0028 178.90
    // + C0037 19.95 + C0071 34.00 + C0072 49.90 + seven customers with no purchase 0.00 = 376.63.
    // Every purchase of the samples is a customer's: all web revenue 1351.20 + 1147.45 = 2498.65
    // (the (all) scorecard rows of the two days).
    Dataset<Row> ltv = job.table("gold.customer_lifetime_value");
    assertRows(ltv.groupBy("lifetime_value_basis").count(), "[crm,59]", "[web_purchases,13]");
    assertRows(ltv.filter(col("lifetime_value_basis").equalTo("web_purchases"))
            .agg(org.apache.spark.sql.functions.sum("lifetime_value"), org.apache.spark.sql.functions.sum("purchase_sessions")),
        "[376.63,9]");
    assertRows(ltv.agg(org.apache.spark.sql.functions.sum("web_purchase_revenue"),
            org.apache.spark.sql.functions.countDistinct(col("revenue_through_date").cast("string")),
            org.apache.spark.sql.functions.max(col("revenue_through_date").cast("string"))),
        "[2498.65,1,2026-09-15]");
    // C0028: no CRM value, two purchase sessions; C0012: the CRM's 852.49 beside its web 277.95.
    assertRows(ltv.filter(col("customer_id").isin("C0028", "C0012"))
            .select("customer_id", "segment", "lifetime_value", "lifetime_value_basis", "crm_lifetime_value",
                "web_purchase_revenue", "purchase_sessions"),
        "[C0012,consumer,852.49,crm,852.49,277.95,1]", "[C0028,consumer,178.90,web_purchases,null,178.90,2]");
  }

  @Test
  @Order(5)
  void linkedTablesHoldTheSamplesKnownValues() {
    // Follow-up lists: 09-14 has 14 + 2 + 1 = 17 NPS detractors (EXPECTED.md) and 2 CSAT answers of
    // 1–2; 09-15 has 8 + 1 + 1 = 10 detractors and 4 low CSAT answers.
    assertRows(job.table("gold.detractor_followup").groupBy(col("followup_date").cast("string"), col("reason")).count(),
        "[2026-09-14,nps_detractor,17]", "[2026-09-14,csat_low,2]",
        "[2026-09-15,nps_detractor,10]", "[2026-09-15,csat_low,4]");
    // SCD2: 72 customers; C0045 changes segment and C0010, C0050 churn on 09-15 → 3 more versions.
    assertEquals(75L, job.table("silver.customer_dim").count());
    assertEquals(72L, job.table("silver.customer_dim").filter(col("is_current")).count());
    assertRows(job.table("silver.customer_dim").filter(col("customer_id").equalTo("C0045"))
            .select(col("segment"), col("valid_to").cast("string"), col("is_current")),
        "[smb,2026-09-15 00:00:00,false]", "[enterprise,null,true]");
    // One context row per survey response; every funnel (date, segment) has all 5 stages.
    assertEquals(job.table("silver.survey_response").count(), job.table("gold.survey_response_context").count());
    assertEquals(0L, job.table("gold.journey_funnel_day").groupBy("funnel_date", "segment").count()
        .filter(col("count").notEqual(5)).count());
    // Drivers exist for the quarter with n > 0, NPS pairs over all 36 + 8 + 5 + 31 + 6 + 4 = 90 answers.
    assertRows(job.table("gold.ux_cx_drivers")
            .filter(col("segment").equalTo("(all)").and(col("ux_measure").equalTo("failed_checkouts")))
            .select("quarter", "cx_measure", "n"),
        "[2026-Q3,NPS,90]");
    // The composite task's driver, over the respondents with a checkout in their window; every shown
    // correlation has its Fisher z interval around it (n >= 30 > 4), every suppressed one none.
    assertEquals(1L, job.table("gold.ux_cx_drivers").filter(col("segment").equalTo("(all)")
        .and(col("ux_measure").equalTo("task_success_rate:checkout")).and(col("cx_measure").equalTo("NPS"))).count());
    for (Row r : job.table("gold.ux_cx_drivers").collectAsList()) {
      for (String c : List.of("pearson", "spearman")) {
        Object v = r.getAs(c.equals("pearson") ? "pearson_r" : "spearman_rho");
        if (v == null) {
          assertNull(r.getAs(c + "_ci_low"), r.toString());
          assertNull(r.getAs(c + "_ci_high"), r.toString());
        } else {
          double x = (Double) v;
          assertTrue(Rows.d(r, c + "_ci_low") <= x && x <= Rows.d(r, c + "_ci_high"), r.toString());
        }
      }
    }
  }

  @Test
  @Order(5)
  void consentModeEventsAreKeptInTheirOwnBucketOutsideSessions() {
    // Each night's file has one page_view with user_pseudo_id null: counted, not sessionized.
    assertRows(job.table("gold.consent_mode_daily")
            .select(col("event_date").cast("string"), col("events"), col("page_views")),
        "[2026-09-14,1,1]", "[2026-09-15,1,1]");
    assertEquals(0L, job.table("silver.web_session").filter(col("user_pseudo_id").isNull()).count());
  }

  @Test
  @Order(6)
  void susWithOneItemMissingIsScaledByHundredOverThirtySix() {
    // EXPECTED.md: R-20260914-0079 (C0005), sus_7 missing → 13.8889
    Row r = job.table("silver.survey_response").filter(col("response_id").equalTo("R-20260914-0079")).first();
    assertEquals(13.8889, Rows.d(r, "score"), 1e-4);
    assertEquals(9L, Rows.l(r, "items_answered"));
  }

  /**
   * BI tools and other engines read the tables with their own Delta readers: Delta Kernel, the
   * library they embed, reads every gold table (log replay, Parquet, partition values) to exactly the
   * rows Spark reads at the same version.
   */
  @Test
  @Order(7)
  void everyGoldTableReadsTheSameWithDeltaKernel() {
    List<String> gold = NightlyJob.TABLES.stream().filter(t -> t.startsWith("gold.")).toList();
    assertEquals(14, gold.size());
    for (String t : gold) {
      KernelTables.Read kernel = KernelTables.read(job.path(t));
      Dataset<Row> spark = job.tableAsOf(t, kernel.version());
      assertEquals(new java.util.TreeSet<>(Arrays.asList(spark.columns())), new java.util.TreeSet<>(kernel.columns()), t);
      List<String> sparkRows = spark.select(kernel.columns().stream().map(c -> col("`" + c + "`")).toArray(Column[]::new))
          .collectAsList().stream().map(KernelTables::canonical).sorted().toList();
      assertTrue(!sparkRows.isEmpty(), t + " has rows after two nights");
      assertEquals(sparkRows, kernel.rows().stream().sorted().toList(), t + " at version " + kernel.version());
    }
  }

  @Test
  @Order(7)
  void goldTablesHaveTheirDocumentedColumns() {
    assertEquals(List.of("activity_date", "customer_id", "segment", "plan", "sessions", "engaged_sessions",
            "page_views", "session_duration_s", "converted_sessions", "add_to_cart_sessions", "purchase_sessions",
            "error_events", "sessions_with_error", "task_attempts", "task_successes", "task_failures",
            "task_success_rate", "time_on_task_median_s", "tickets_opened", "nps_score", "is_promoter",
            "is_detractor", "csat_score", "ces_score", "sus_score", "_run_id"),
        Arrays.asList(job.table("gold.customer_experience_daily").columns()));
    List<String> metrics = List.of("segment", "sessions", "engaged_sessions", "bounce_rate",
        "converted_sessions", "conversion_rate", "add_to_cart_sessions", "cart_purchase_sessions",
        "cart_abandonment_rate", "error_events", "sessions_with_error", "errors_per_session",
        "error_session_rate", "task_attempts", "task_successes", "task_success_rate",
        "time_on_task_median_s", "time_on_task_p90_s", "nps_n", "nps_promoters", "nps_detractors", "nps",
        "nps_ci_low", "nps_ci_high", "nps_suppressed", "csat_n", "csat_satisfied", "csat", "csat_ci_low",
        "csat_ci_high", "csat_suppressed", "ces_n", "ces_mean", "ces_easy_share", "ces_suppressed", "sus_n",
        "sus_mean", "sus_suppressed", "tickets_opened", "first_response_min_median",
        "first_response_min_p90", "resolution_h_median", "resolution_h_p90", "reopen_rate",
        "customers_active_at_start", "customers_churned", "churn_rate", "customers_churn_unknown", "composite_score",
        "customers_with_ticket", "tickets_per_customer", "composite_task", "composite_task_attempts",
        "composite_task_successes", "composite_task_success_rate", "composite_task_success_rate_ci_low",
        "composite_task_success_rate_ci_high", "composite_task_success_suppressed", "purchase_revenue",
        "revenue_per_session", "revenue_per_converted_session", "_run_id");
    List<String> day = new java.util.ArrayList<>(List.of("scorecard_date"));
    day.addAll(metrics);
    assertEquals(day, Arrays.asList(job.table("gold.segment_scorecard_day").columns()));
    List<String> quarter = new java.util.ArrayList<>(List.of("quarter", "quarter_start"));
    quarter.addAll(metrics);
    assertEquals(quarter, Arrays.asList(job.table("gold.segment_scorecard_quarter").columns()));
  }

  @Test
  @Order(7)
  void everyTableAndColumnCarriesItsDocumentedCommentAndGoldTablesHaveChangeDataFeed() {
    Set<String> all = new java.util.HashSet<>(NightlyJob.TABLES);
    all.addAll(com.experiencewarehouse.job.Erasure.TABLES);
    assertEquals(all, TableDocs.all().keySet());
    int described = 0;
    for (String t : NightlyJob.TABLES) {
      if (java.nio.file.Files.exists(Path.of(job.path(t)))) {
        // By name: the run registered the table in the session's catalog, at the warehouse's folder.
        TableComments.Described d = TableComments.assertDocumentedByName(t);
        assertEquals(Path.of(job.path(t)).toUri().toString().replaceFirst("/$", "").replace("file:///", "file:/"),
            d.location(), t);
        // The documentation cost the fresh warehouse one commit per table (the table's comment; the
        // columns' comments and CDF came with the creating write) and the second night none.
        assertEquals(List.of("SET TBLPROPERTIES"), SharedSpark.get()
            .sql("DESCRIBE HISTORY delta.`" + job.path(t) + "`")
            .filter(col("operation").isin("SET TBLPROPERTIES", "CHANGE COLUMN", "CHANGE COLUMNS"))
            .select("operation").as(Encoders.STRING()).collectAsList(), t);
        described++;
      }
    }
    // Every table but the Salesforce-only bronze.crm_accounts and bronze.crm_opportunities.
    assertEquals(NightlyJob.TABLES.size() - 2, described);
    assertEquals(List.of("consent_mode_daily", "customer_experience_daily", "customer_lifetime_value", "detractor_followup", "journey_funnel_day",
        "journey_funnel_quarter", "run_audit", "run_source_audit", "segment_scorecard_day", "segment_scorecard_quarter",
        "survey_response_context", "task_scorecard_day", "task_scorecard_quarter", "ux_cx_drivers"), SharedSpark.get().sql("SHOW TABLES IN gold")
        .select("tableName").orderBy("tableName").as(Encoders.STRING()).collectAsList());
  }

  @Test
  @Order(8)
  void aChangeFeedReadFromTheFirstNightsVersionHoldsExactlyTheSecondNightsRewrite() {
    String t = "gold.segment_scorecard_day";
    // The second night rebuilds the 3 dates of session.max-days ending on its date (docs/running.md "What a
    // night recomputes"): one replaceWhere commit deleting those dates' rows and inserting new ones.
    assertTrue(second.err().contains("gold segment_scorecard_day for 3 date(s) 2026-09-13 .. 2026-09-15"),
        second.err());
    Column rebuilt = col("scorecard_date").geq(lit("2026-09-13")).and(col("scorecard_date").leq(lit("2026-09-15")));
    Dataset<Row> changes = SharedSpark.get().read().format("delta")
        .option("readChangeFeed", "true")
        .option("startingVersion", scorecardDayAfterFirst + 1)
        .load(job.path(t));
    long deletedRows = job.tableAsOf(t, scorecardDayAfterFirst).filter(rebuilt).count();
    long insertedRows = job.table(t).filter(rebuilt).count();
    assertTrue(deletedRows > 0 && insertedRows > 0, deletedRows + " / " + insertedRows);
    // One commit right after the first night's last: the documentation added none to the second night.
    long commit = scorecardDayAfterFirst + 1;
    assertRows(changes.groupBy("_change_type", "_commit_version").count(),
        "[delete," + commit + "," + deletedRows + "]", "[insert," + commit + "," + insertedRows + "]");
    Column[] columns = Arrays.stream(job.table(t).columns()).map(c -> col("`" + c + "`")).toArray(Column[]::new);
    Dataset<Row> inserted = changes.filter(col("_change_type").equalTo("insert")).select(columns);
    Dataset<Row> deleted = changes.filter(col("_change_type").equalTo("delete")).select(columns);
    assertEquals(0L, inserted.exceptAll(job.table(t).filter(rebuilt)).count());
    assertEquals(0L, job.table(t).filter(rebuilt).exceptAll(inserted).count());
    assertEquals(0L, deleted.exceptAll(job.tableAsOf(t, scorecardDayAfterFirst).filter(rebuilt)).count());
    assertEquals(0L, job.tableAsOf(t, scorecardDayAfterFirst).filter(rebuilt).exceptAll(deleted).count());
    // The inserted rows are the second night's: every date of the rebuild with facts, every segment
    // row of it. The samples have no facts on the 13th: its replaceWhere deleted and inserted nothing.
    assertEquals(Rows.sorted(job.table(t).filter(rebuilt).groupBy(col("scorecard_date").cast("string")).count()),
        Rows.sorted(inserted.groupBy(col("scorecard_date").cast("string")).count()));
    assertEquals(List.of("2026-09-14", "2026-09-15"), inserted.select(col("scorecard_date").cast("string"))
        .distinct().orderBy("scorecard_date").as(Encoders.STRING()).collectAsList());
  }

  @Test
  @Order(8)
  void noEmailPhoneOrNameFromTheInputsReachesSilverOrGold() {
    // Every email, phone number and full name of both nights' CRM exports, bad rows included.
    Set<String> known = PersonalDataScan.knownValues("data-samples/crm/*/customers.csv", "Email", "Phone", "Full Name");
    assertTrue(known.size() > 200, "fixture has PII to look for: " + known.size());
    List<String> findings = new java.util.ArrayList<>();
    for (String t : NightlyJob.TABLES) {
      if ((t.startsWith("silver.") || t.startsWith("gold.")) && java.nio.file.Files.exists(Path.of(job.path(t)))) {
        findings.addAll(PersonalDataScan.findings(t, job.table(t), known, NOT_PHONES));
      }
    }
    assertTrue(findings.isEmpty(),
        findings.size() + " values hold personal data, e.g. " + findings.subList(0, Math.min(20, findings.size())));
  }

  /**
   * Ids the phone pattern takes for phone numbers, though made of no input text that could hold one:
   * GA4's numeric device and session ids ("780326648.1762730730:1789429800") and the job's run ids
   * (the date and 8 random hex digits, all of them digits in about one run of 40). Known values are
   * still looked for in them.
   */
  static final Set<String> NOT_PHONES = Set.of("user_pseudo_id", "session_id", "attempt_id", "run_id", "_run_id");

  @Test
  @Order(8)
  void theQuarterlyReportOfTheSampleNightsNamesEverySegmentAndCountsTheirFollowUps() throws Exception {
    Path out = dir.resolve("reports");
    JobRunner.Result report = job.run("report", "--quarter", "2026-Q3", "--out", out.toString());
    assertEquals(0, report.exitCode(), report.err());
    String page = java.nio.file.Files.readString(out.resolve("experience-retrospective-2026-Q3.html"));
    List<String> segments = job.table("gold.segment_scorecard_quarter").filter(col("quarter").equalTo("2026-Q3"))
        .select("segment").as(Encoders.STRING()).collectAsList();
    assertTrue(segments.containsAll(List.of("(all)", "consumer", "smb")), segments.toString());
    for (String segment : segments) {
      assertTrue(page.contains("data-key=\"scorecard|" + segment + "|nps|n\">"), "no scorecard row of " + segment);
    }
    // Both nights' follow-up lists; no prior quarter in the samples.
    long followups = job.table("gold.detractor_followup").count();
    assertTrue(followups > 0);
    assertTrue(page.contains("data-key=\"followup|(all)|total\">" + followups + "<"), "follow-up total " + followups);
    assertTrue(page.contains(">no prior quarter<"));
  }

  @Test
  @Order(9)
  void rerunningANightLeavesEveryTableUnchanged() {
    Map<String, Dataset<Row>> before = new HashMap<>();
    for (String t : NightlyJob.TABLES) {
      // Run metadata changes by design; the Salesforce-only tables are not written from CSVs.
      if (!t.startsWith("gold.run_") && !t.equals(CrmAccountsBronze.TABLE) && !t.equals(CrmOpportunitiesBronze.TABLE)) {
        before.put(t, job.table(t).select(dataColumns(job.table(t))).localCheckpoint());
      }
    }
    JobRunner.Result again = job.run("run", "--date", "2026-09-14");
    assertEquals(0, again.exitCode(), again.err());
    for (Map.Entry<String, Dataset<Row>> e : before.entrySet()) {
      Dataset<Row> after = job.table(e.getKey()).select(dataColumns(job.table(e.getKey())));
      assertEquals(0L, after.exceptAll(e.getValue()).count(), e.getKey() + " gained rows");
      assertEquals(0L, e.getValue().exceptAll(after).count(), e.getKey() + " lost rows");
    }
  }

  @Test
  @Order(10)
  void aBackfillStoppedByAFailedNightResumesThereAndEndsWithTheTablesOfTheNightsRunByHand() {
    Path other = dir.resolve("backfill");
    // survey_answers quarantined (EXPECTED.md): 14th 4 of 137 = 2.9 %, 15th 12 of 138 = 8.7 %: at most
    // 5 % lets the 14th through and stops the 15th after its bronze.
    JobRunner strict = new JobRunner(other, "strict.conf", "xw.quarantine.max-share-by-source { survey_answers = 0.05 }");
    JobRunner.Result stopped = strict.run("backfill", "--from", "2026-09-14", "--to", "2026-09-15");
    assertEquals(1, stopped.exitCode(), stopped.err());
    String[] lines = stopped.err().strip().split("\n");
    assertEquals("xw: backfill 2026-09-14..2026-09-15 stopped: run for 2026-09-15 failed: survey_answers: 12 of "
        + "138 rows quarantined (8.7 %), above xw.quarantine.max-share-by-source.survey_answers 0.05; silver and "
        + "gold not written (see quarantine.rejected_record, load_date 2026-09-15); the same command resumes at "
        + "2026-09-15", lines[lines.length - 1]);
    assertTrue(stopped.out().startsWith("2026-09-14 succeeded in "), stopped.out());

    // The same command with the limit lifted: the 14th is done, so it resumes at the 15th.
    JobRunner fixed = new JobRunner(other, "fixed.conf", "");
    JobRunner.Result resumed = fixed.run("backfill", "--from", "2026-09-14", "--to", "2026-09-15");
    assertEquals(0, resumed.exitCode(), resumed.err());
    assertTrue(resumed.err().contains("backfill 2026-09-14..2026-09-15: 1 night(s) already done, resuming at "
        + "2026-09-15"), resumed.err());
    String[] out = resumed.out().strip().split("\n");
    assertEquals(2, out.length, resumed.out());
    assertTrue(out[0].startsWith("2026-09-15 succeeded in "), out[0]);
    assertTrue(out[1].startsWith("backfill 2026-09-14..2026-09-15: 1 night(s) run, 1 already done, in "), out[1]);
    assertRows(fixed.table("gold.run_audit").orderBy("started_at").select("run_date", "command", "status"),
        "[2026-09-14,backfill,succeeded]", "[2026-09-15,backfill,failed]", "[2026-09-15,backfill,succeeded]");

    JobRunner.Result again = fixed.run("backfill", "--from", "2026-09-14", "--to", "2026-09-15");
    assertEquals(0, again.exitCode(), again.err());
    assertEquals("backfill 2026-09-14..2026-09-15: all 2 nights already done (each one's latest run succeeded, in "
        + "date order); --restart runs them again", again.out().strip());
    assertEquals(3L, fixed.table("gold.run_audit").count());

    // Every table as after running the two nights by hand (this class's warehouse).
    for (String t : NightlyJob.TABLES) {
      if (!t.startsWith("gold.run_") && !t.equals(CrmAccountsBronze.TABLE) && !t.equals(CrmOpportunitiesBronze.TABLE)) {
        Dataset<Row> byHand = job.table(t).select(dataColumns(job.table(t)));
        Dataset<Row> backfilled = fixed.table(t).select(dataColumns(fixed.table(t)));
        assertEquals(0L, backfilled.exceptAll(byHand).count(), t + ": rows the nights by hand do not have");
        assertEquals(0L, byHand.exceptAll(backfilled).count(), t + ": rows the backfill lacks");
      }
    }
  }

  /** The person the erasure tests forget: C0040 of the samples, asked for by email. */
  static final String EMAIL = "zoe.wilson@example.com";
  /** Their id, name, phone (digits of it), the device they logged in from, as in data-samples/. */
  static final List<String> THEIR_VALUES = List.of("C0040", EMAIL, "Zoë Wilson", "4390140", "929873426.1780632914");

  /** Rows of any string column of the frame (nested ones too, as JSON) that mention one of the values. */
  private static long mentioning(Dataset<Row> df, List<String> values) {
    Column text = org.apache.spark.sql.functions.lower(org.apache.spark.sql.functions.to_json(
        org.apache.spark.sql.functions.struct(Arrays.stream(df.columns()).map(c -> col("`" + c + "`"))
            .toArray(Column[]::new))));
    Column any = lit(false);
    for (String v : values) {
      any = any.or(text.contains(v.toLowerCase(java.util.Locale.ROOT)));
    }
    return df.filter(any).count();
  }

  private static List<String> allTables() {
    List<String> all = new java.util.ArrayList<>(NightlyJob.TABLES);
    all.addAll(com.experiencewarehouse.job.Erasure.TABLES);
    return all.stream().filter(t -> java.nio.file.Files.exists(Path.of(job.path(t)))).toList();
  }

  @Test
  @Order(11)
  void forgettingAPersonByEmailRemovesThemFromEveryTableAndRecomputesTheirDatesAggregates() {
    // Their facts before: sessions per date (silver), and one NPS answer a night (responses.csv:
    // R-20260914-0065 scores 7, R-20260915-0033 scores 9).
    Map<String, Long> theirSessions = new HashMap<>();
    for (Row r : job.table("silver.web_session").filter(col("customer_id").equalTo("C0040"))
        .groupBy(col("session_date").cast("string")).count().collectAsList()) {
      theirSessions.put(r.getString(0), r.getLong(1));
    }
    assertEquals(Set.of("2026-09-14", "2026-09-15"), theirSessions.keySet());
    Row day14 = scorecard("gold.segment_scorecard_day", "scorecard_date", java.sql.Date.valueOf("2026-09-14"), "(all)");
    Row day15 = scorecard("gold.segment_scorecard_day", "scorecard_date", java.sql.Date.valueOf("2026-09-15"), "(all)");
    long runsBefore = job.table("gold.run_audit").count();

    JobRunner.Result forget = job.run("forget", "--email", EMAIL);
    assertEquals(0, forget.exitCode(), forget.err());
    // The email is neither printed nor logged.
    assertFalse(forget.out().contains(EMAIL) || forget.err().contains(EMAIL), forget.out() + forget.err());
    assertTrue(forget.out().startsWith("Experience Warehouse forget "), forget.out());
    assertTrue(forget.out().contains("(1 customer id(s), 1 device(s)), gold recomputed for 2 date(s) 2026-09-14 .. "
        + "2026-09-15"), forget.out());

    // Rows deleted, by hand from data-samples/: GA4 events of C0040 or their device 14 + 26 = 40; a CRM
    // row per snapshot (2); ticket T-20260914-002 (1); survey answers 2 + 2 = 4; a snapshot a
    // night (2) and one SCD2 version (1) in silver; 4 responses; one lifetime value row.
    Map<String, Long> deleted = new HashMap<>();
    String runId = forget.out().split(" ")[3].replace(":", "");
    for (Row r : job.table("gold.erasure_audit").filter(col("run_id").equalTo(runId)).collectAsList()) {
      deleted.put(r.getAs("table_name"), r.getAs("rows_deleted"));
    }
    assertEquals(40L, deleted.get("bronze.ga4_events"));
    assertEquals(2L, deleted.get("bronze.crm_customers"));
    assertEquals(1L, deleted.get("bronze.crm_tickets"));
    assertEquals(4L, deleted.get("bronze.survey_answers"));
    assertEquals(2L, deleted.get("silver.customer_snapshot"));
    assertEquals(1L, deleted.get("silver.customer_dim"));
    assertEquals(4L, deleted.get("silver.survey_response"));
    assertEquals(1L, deleted.get("gold.customer_lifetime_value"));
    assertEquals(theirSessions.values().stream().mapToLong(Long::longValue).sum(), deleted.get("silver.web_session"));
    assertEquals(0L, deleted.get("gold.segment_scorecard_day"), "aggregates are recomputed, not deleted from");

    // No row of any table names them any more, by any of their values.
    for (String t : allTables()) {
      assertEquals(0L, mentioning(job.table(t), THEIR_VALUES), t);
    }
    // The aggregates of their dates without them: sessions and NPS answers one fewer a night.
    Row after14 = scorecard("gold.segment_scorecard_day", "scorecard_date", java.sql.Date.valueOf("2026-09-14"), "(all)");
    Row after15 = scorecard("gold.segment_scorecard_day", "scorecard_date", java.sql.Date.valueOf("2026-09-15"), "(all)");
    assertEquals((long) day14.getAs("sessions") - theirSessions.get("2026-09-14"), (long) after14.getAs("sessions"));
    assertEquals((long) day15.getAs("sessions") - theirSessions.get("2026-09-15"), (long) after15.getAs("sessions"));
    assertEquals((long) day14.getAs("nps_n") - 1, (long) after14.getAs("nps_n"));
    assertEquals((long) day15.getAs("nps_n") - 1, (long) after15.getAs("nps_n"));
    assertEquals((long) day15.getAs("nps_promoters") - 1, (long) after15.getAs("nps_promoters"));
    // The deletes marked rows deleted (deletion vectors): no data file was rewritten for them.
    assertTrue(SharedSpark.get().sql("DESCRIBE HISTORY delta.`" + job.path("bronze.ga4_events") + "`")
        .filter(col("operation").equalTo("DELETE")).select("operationMetrics.numDeletionVectorsAdded")
        .as(Encoders.STRING()).collectAsList().stream().allMatch(n -> Long.parseLong(n) > 0));
    // Audited: a forget run that succeeded, and the person's keys on the list (3 kinds: id, email, device).
    assertRows(job.table("gold.run_audit").filter(col("command").equalTo("forget")).select("status"), "[succeeded]");
    assertEquals(runsBefore + 1, job.table("gold.run_audit").count());
    assertRows(job.table("privacy.forgotten_key").groupBy("key_kind").count().orderBy("key_kind"),
        "[customer_id,1]", "[device,1]", "[email,1]");

    // Idempotent: again, nothing is left to delete, and the list is as it was.
    JobRunner.Result again = job.run("forget", "--customer-id", "C0040");
    assertEquals(0, again.exitCode(), again.err());
    assertTrue(again.out().contains(": 0 row(s) deleted"), again.out());
    assertTrue(again.out().contains("already forgotten"), again.out());
    assertEquals(3L, job.table("privacy.forgotten_key").count());
  }

  @Test
  @Order(12)
  void aLaterNightDropsTheForgottenPersonFromTheOldExportAndCountsThem() {
    JobRunner.Result rerun = job.run("run", "--date", "2026-09-15");
    assertEquals(0, rerun.exitCode(), rerun.err());
    // The 15th's export still holds them: 26 events, 1 CRM row, 2 answers (by hand, as above).
    Map<String, Long> forgotten = new HashMap<>();
    Row run = job.table("gold.run_audit").filter(col("command").equalTo("run")).orderBy(col("started_at").desc()).first();
    for (Row r : job.table("gold.run_source_audit").filter(col("run_id").equalTo(run.<String>getAs("run_id")))
        .collectAsList()) {
      forgotten.put(r.getAs("source"), r.getAs("rows_forgotten"));
      assertTrue(r.<Boolean>getAs("is_balanced"), r.toString());
    }
    assertEquals(Map.of("ga4_events", 26L, "crm_customers", 1L, "crm_tickets", 0L, "survey_answers", 2L), forgotten);
    assertTrue(rerun.out().contains(" forgotten "), rerun.out());
    for (String t : allTables()) {
      assertEquals(0L, mentioning(job.table(t), THEIR_VALUES), t);
    }
  }

  @Test
  @Order(13)
  void afterMaintainNoDataFileHoldsAByteOfTheForgottenPerson() throws Exception {
    JobRunner maintain = new JobRunner(dir, "maintain.conf",
        "xw.maintenance { vacuum-retention = 0 hours, allow-short-retention = true }");
    JobRunner.Result m = maintain.run("maintain");
    assertEquals(0, m.exitCode(), m.err());
    List<Path> files;
    try (java.util.stream.Stream<Path> walk = java.nio.file.Files.walk(job.warehouse())) {
      files = walk.filter(f -> f.toString().endsWith(".parquet") || f.toString().endsWith(".bin"))
          .filter(f -> !f.toString().contains("/_delta_log/")).toList();
    }
    assertTrue(files.size() > 20, "data files " + files.size());
    List<String> holding = new java.util.ArrayList<>();
    for (Path f : files) {
      String bytes = new String(java.nio.file.Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1);
      boolean raw = THEIR_VALUES.stream().anyMatch(v -> bytes.contains(v) || bytes.contains(
          new String(v.getBytes(java.nio.charset.StandardCharsets.UTF_8), java.nio.charset.StandardCharsets.ISO_8859_1)));
      if (raw || (f.toString().endsWith(".parquet")
          && mentioning(SharedSpark.get().read().parquet(f.toString()), THEIR_VALUES) > 0)) {
        holding.add(job.warehouse().relativize(f).toString());
      }
    }
    assertEquals(List.of(), holding);
  }

  /** Every column but the run metadata (_run_id, _ingested_at), which names the run that wrote it. */
  private static Column[] dataColumns(Dataset<Row> df) {
    return Arrays.stream(df.columns()).filter(c -> !c.startsWith("_") || c.equals("_source_file"))
        .map(c -> col("`" + c + "`")).toArray(Column[]::new);
  }
}
