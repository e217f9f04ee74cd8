package com.experiencewarehouse.job;

import static com.experiencewarehouse.testing.Rows.assertRows;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.experiencewarehouse.testing.JobRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four nights of hand-built exports through the real entry point: an anonymous visitor who logs in
 * three days later, a session across midnight, a customer who changes segment mid-quarter, a
 * detractor with a failed checkout and an open ticket, and a survey answer arriving three days late.
 *
 * <p>Devices and sessions: D1 browses anonymously on 08-14 (1001) and logs in as C1 on 08-17
 * (1002); D3 is C2's: 2001 runs 08-14 23:50 → 08-15 00:20 with a checkout that succeeds after
 * midnight, 2002 (08-15) has a failed checkout; D2 is C1's: 3001 on 08-15, 3002 on 08-16.
 * C1 is consumer until the 08-16 snapshot, smb from then on; C2 smb; C3 enterprise.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LinkedJourneyScenarioTest {

  @TempDir
  static Path dir;

  static JobRunner job;
  static final List<Integer> exits = new ArrayList<>();

  private static String event(String at, String name, String user, String device, long gaSession) {
    long us = Instant.parse(at).toEpochMilli() * 1000L;
    String day = at.substring(0, 10).replace("-", "");
    return "{\"event_date\":\"" + day + "\",\"event_timestamp\":\"" + us + "\",\"event_name\":\"" + name + "\","
        + "\"event_params\":[{\"key\":\"ga_session_id\",\"value\":{\"int_value\":\"" + gaSession + "\"}},"
        + "{\"key\":\"page_location\",\"value\":{\"string_value\":\"https://shop.example.com/\"}}],"
        + "\"user_id\":" + (user == null ? "null" : "\"" + user + "\"") + ",\"user_pseudo_id\":\"" + device + "\","
        + "\"device\":{\"category\":\"desktop\"},\"geo\":{\"country\":\"Germany\"},"
        + "\"traffic_source\":{\"source\":\"google\",\"medium\":\"organic\"}}";
  }

  private static void write(Path root, String relative, List<String> lines) throws IOException {
    Path f = root.resolve(relative);
    Files.createDirectories(f.getParent());
    Files.write(f, lines);
  }

  private static void night(Path root, String day, List<String> events, String c1Segment,
      List<String> tickets, List<String> answers) throws IOException {
    write(root, "web/" + day + "/events_" + day.replace("-", "") + ".json", events);
    List<String> customers = new ArrayList<>(List.of(
        "Customer ID,Email,Full Name,Phone,Segment,Plan,Region,Signup Date,Status,Churn Date,Lifetime Value",
        "C1,c1@example.com,Cee One,+49 1,"  + c1Segment + ",pro,EMEA,2025-01-01,active,,10.00",
        "C2,c2@example.com,Cee Two,+49 2,smb,team,EMEA,2025-01-01,active,,20.00",
        "C3,c3@example.com,Cee Three,+49 3,enterprise,team,AMER,2025-01-01,active,,30.00"));
    write(root, "crm/" + day + "/customers.csv", customers);
    List<String> t = new ArrayList<>(List.of(
        "Ticket ID,Customer ID,Opened At,First Response At,Closed At,Channel,Category,Status,Reopened"));
    t.addAll(tickets);
    write(root, "crm/" + day + "/tickets.csv", t);
    List<String> a = new ArrayList<>(List.of("response_id,customer_ref,survey_type,item,score,responded_at"));
    a.addAll(answers);
    write(root, "surveys/" + day + "/responses.csv", a);
  }

  @BeforeAll
  static void runFourNights() throws IOException {
    Path in = dir.resolve("in");
    night(in, "2026-08-14", List.of(
            event("2026-08-14T10:00:00Z", "page_view", null, "D1", 1001),
            event("2026-08-14T10:00:30Z", "page_view", null, "D1", 1001),
            event("2026-08-14T23:50:00Z", "page_view", "C2", "D3", 2001),
            event("2026-08-14T23:55:00Z", "begin_checkout", "C2", "D3", 2001)),
        "consumer", List.of(), List.of());
    night(in, "2026-08-15", List.of(
            event("2026-08-15T00:10:00Z", "purchase", "C2", "D3", 2001),
            event("2026-08-15T00:20:00Z", "page_view", "C2", "D3", 2001),
            event("2026-08-15T09:00:00Z", "page_view", "C2", "D3", 2002),
            event("2026-08-15T09:05:00Z", "begin_checkout", "C2", "D3", 2002),
            event("2026-08-15T09:06:00Z", "checkout_failed", "C2", "D3", 2002),
            event("2026-08-15T11:00:00Z", "page_view", "C1", "D2", 3001)),
        "consumer",
        List.of("T1,C2,2026-08-15T08:00:00Z,,,email,billing,open,false"),
        List.of("R1,C2,NPS,nps,2,2026-08-15T12:00:00Z"));
    night(in, "2026-08-16", List.of(
            event("2026-08-16T10:00:00Z", "page_view", "C1", "D2", 3002)),
        "smb", List.of(), List.of());
    night(in, "2026-08-17", List.of(
            event("2026-08-17T09:00:00Z", "login", "C1", "D1", 1002),
            event("2026-08-17T09:01:00Z", "page_view", "C1", "D1", 1002)),
        "smb", List.of(), List.of("R2,C3,NPS,nps,9,2026-08-14T15:00:00Z"));   // 3 days late
    job = new JobRunner(dir, "xw.sources.root = \"" + in + "\"");
    for (String day : List.of("2026-08-14", "2026-08-15", "2026-08-16", "2026-08-17")) {
      JobRunner.Result r = job.run("run", "--date", day);
      exits.add(r.exitCode());
      assertEquals(0, r.exitCode(), day + ": " + r.err());
    }
  }

  @Test
  void everyNightSucceeds() {
    assertEquals(List.of(0, 0, 0, 0), exits);
  }

  @Test
  void anAnonymousSessionIsCountedForTheCustomerWhoLogsInOnTheDeviceThreeDaysLater() {
    // Night 08-17 stitches D1's 08-14 session (outside that night's rebuild window 08-15..08-17) to C1
    // and recomputes 08-14's gold rows: C1 has a session on 08-14, in the segment of that day.
    assertRows(job.table("silver.web_session").filter(col("user_pseudo_id").equalTo("D1"))
            .select(col("session_id"), col("session_date").cast("string"), col("customer_id"), col("identity_source")),
        "[D1:1001,2026-08-14,C1,stitched]", "[D1:1002,2026-08-17,C1,login]");
    assertRows(job.table("gold.customer_experience_daily")
            .filter(col("customer_id").equalTo("C1"))
            .select(col("activity_date").cast("string"), col("segment"), col("sessions")),
        "[2026-08-14,consumer,1]", "[2026-08-15,consumer,1]", "[2026-08-16,smb,1]", "[2026-08-17,smb,1]");
  }

  @Test
  void theSessionAcrossMidnightCountsOnceOnItsFirstDayWithItsCheckout() {
    assertRows(job.table("silver.web_session").filter(col("session_id").equalTo("D3:2001"))
            .select(col("session_date").cast("string"), col("duration_s"), col("has_purchase")),
        "[2026-08-14,1800.0,true]");
    // begin_checkout 23:55 → purchase 00:10 = 900 s
    assertRows(job.table("silver.task_attempt").filter(col("session_id").equalTo("D3:2001"))
            .select("task_name", "outcome", "time_on_task_s"),
        "[checkout,success,900.0]");
  }

  @Test
  void eachFactCountsInTheSegmentItsCustomerHadAtTheTime() {
    // Q3 sessions: consumer = D1:1001 (C1 on 08-14) + D2:3001 (C1 on 08-15) = 2;
    // smb = C2's 2001 and 2002 + C1's 3002 (08-16) and 1002 (08-17) = 4; (all) = 6.
    assertRows(job.table("gold.segment_scorecard_quarter").filter(col("quarter").equalTo("2026-Q3"))
            .select("segment", "sessions"),
        "[(all),6]", "[consumer,2]", "[smb,4]", "[enterprise,0]");
  }

  @Test
  void aSurveyAnswerArrivingThreeDaysLateUpdatesItsOwnDay() {
    // R2 (C3, answered 08-14, exported 08-17): 08-14's enterprise scorecard has it.
    assertRows(job.table("gold.segment_scorecard_day")
            .filter(col("scorecard_date").equalTo(lit(Date.valueOf("2026-08-14"))).and(col("segment").equalTo("enterprise")))
            .select("nps_n", "nps_promoters", "nps_suppressed"),
        "[1,1,true]");
  }

  @Test
  void theDetractorWithAFailedCheckoutAndAnOpenTicketIsOnThatNightsFollowUpList() {
    // R1: C2's NPS 2 at 08-15 12:00; in the 30 days before: sessions 2001 and 2002, the 2002
    // checkout failed, ticket T1 (08:00) still open → priority 100 × 1 + 10 × 1 + 0 errors = 110.
    assertRows(job.table("gold.detractor_followup")
            .select(col("followup_date").cast("string"), col("response_id"), col("customer_id"),
                col("segment"), col("plan"), col("reason"), col("score"), col("failed_checkouts_in_window"),
                col("open_tickets_at_response"), col("priority_score")),
        "[2026-08-15,R1,C2,smb,team,nps_detractor,2,1,1,110]");
    assertRows(job.table("gold.survey_response_context").filter(col("response_id").equalTo("R1"))
            .select("sessions_in_window", "task_attempts_in_window", "failed_task_attempts_in_window"),
        "[2,2,1]");
  }

  @Test
  void theJourneyFunnelCountsCustomersAndSessionsPerStage() {
    // 08-15, (all): pre-purchase C2 (2002) and C1 (3001); purchase C2 (2002 begin_checkout);
    // post-purchase C2 (ticket T1 and answer R1), no session; ongoing: 2002 follows 2001 and 3001
    // follows C1's stitched 1001, both within 30 days; re-engagement: none.
    // In order: C2 pre and purchase in 2002 (09:00), post-purchase by R1 (12:00; T1 at 08:00 is
    // before), ongoing only at 09:00, before → stages 1-3; C1 pre (3001) only. Customers in order
    // 2, 1, 1, 0, 0 → 0.5, 1.0, 0.0, then 0 / 0 = NULL. Sessions: 2002 has pre, purchase (depth 2),
    // 3001 pre (depth 1) → 2, 1, 0, 0, 0.
    assertRows(job.table("gold.journey_funnel_day")
            .filter(col("funnel_date").equalTo(lit(Date.valueOf("2026-08-15"))).and(col("segment").equalTo("(all)")))
            .select("stage_order", "stage", "customers", "sessions", "customers_in_order", "sessions_in_order",
                "customer_step_conversion"),
        "[1,pre_purchase,2,2,2,2,null]", "[2,purchase,1,1,1,1,0.5]", "[3,post_purchase,1,0,1,0,1.0]",
        "[4,ongoing,2,2,0,0,0.0]", "[5,re_engagement,0,0,0,0,null]");
  }
}
