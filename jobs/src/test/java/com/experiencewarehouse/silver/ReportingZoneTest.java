package com.experiencewarehouse.silver;

import static com.experiencewarehouse.testing.Rows.assertRows;
import static org.apache.spark.sql.functions.col;

import com.experiencewarehouse.config.Settings.SessionSettings;
import com.experiencewarehouse.config.Settings.WebEventSettings;
import com.experiencewarehouse.testing.EventColumns;
import com.experiencewarehouse.testing.Rows;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The silver dates of a property reporting in America/Los_Angeles (xw.sources.web.time-zone):
 * local days of UTC timestamps; the default UTC gives the UTC dates, as before the key existed.
 */
class ReportingZoneTest {

  private static final ZoneId PACIFIC = ZoneId.of("America/Los_Angeles");
  private static final SessionSettings SESSION = new SessionSettings(1800, 3, 10);
  private static final WebEventSettings WEB = new WebEventSettings("page_view", List.of("purchase"),
      "add_to_cart", "purchase", List.of("exception"));

  /** The columns of bronze.ga4_events that sessionization reads. */
  private static final StructType EVENTS = EventColumns.SESSIONIZED;

  private static Timestamp ts(String at) {
    return Timestamp.from(Instant.parse(at));
  }

  /** A GA4 event; event_date is the Pacific day, as GA4 writes it for such a property. */
  private static Object[] ev(String at, String device, Long gaSessionId) {
    Instant i = Instant.parse(at);
    return new Object[] {Date.valueOf(i.atZone(PACIFIC).toLocalDate()), Timestamp.from(i),
        i.getEpochSecond() * 1_000_000L, "page_view", null, device, gaSessionId, "https://shop.example.com/",
        "desktop", "United States", "google", "organic", null};
  }

  private static Dataset<Row> sessions(ZoneId zone, Object[]... events) {
    return WebSessions.build(WebSessions.assignSessions(Rows.frame(EVENTS, events), SESSION), SESSION, WEB,
        List.of(), List.of(), zone);
  }

  @Test
  void aPacificSessionAtHalfPastElevenInTheEveningIsFiledUnderItsLocalDay() {
    Object[][] events = {
        // dev-a: 23:30 PST on 2026-01-13 = 07:30 UTC on 01-14; one event.
        ev("2026-01-14T07:30:00Z", "dev-a", 1L),
        // dev-b: 23:50 PST on 01-13 → 00:10 PST on 01-14 (07:50 → 08:10 UTC): one session across
        // local midnight, filed under the day it started, not split.
        ev("2026-01-14T07:50:00Z", "dev-b", 2L),
        ev("2026-01-14T08:10:00Z", "dev-b", 2L),
        // dev-c: 17:00 PST on 01-14 = 01:00 UTC on 01-15.
        ev("2026-01-15T01:00:00Z", "dev-c", 3L)};
    // Timestamps stay UTC; 07:50 → 08:10 = 1200 s.
    assertRows(sessions(PACIFIC, events).select(col("session_date"), col("session_id"),
            col("session_start_at").cast("string"), col("duration_s"), col("events")),
        "[2026-01-13,dev-a:1,2026-01-14 07:30:00,0.0,1]",
        "[2026-01-13,dev-b:2,2026-01-14 07:50:00,1200.0,2]",
        "[2026-01-14,dev-c:3,2026-01-15 01:00:00,0.0,1]");
    // The default zone (UTC): the UTC dates, as before.
    assertRows(sessions(ZoneOffset.UTC, events).select(col("session_date"), col("session_id")),
        "[2026-01-14,dev-a:1]", "[2026-01-14,dev-b:2]", "[2026-01-15,dev-c:3]");
  }

  @Test
  void sessionsAroundTheSpringDaylightSavingJumpKeepTheirLocalDays() {
    // DST starts 2026-03-08 at 02:00 PST (10:00 UTC), clocks jump to 03:00 PDT.
    assertRows(sessions(PACIFIC,
            ev("2026-03-08T07:59:00Z", "dev-a", 1L),   // 23:59 PST on 03-07
            ev("2026-03-08T09:30:00Z", "dev-b", 2L),   // 01:30 PST on 03-08
            ev("2026-03-08T10:30:00Z", "dev-c", 3L),   // 03:30 PDT on 03-08
            ev("2026-03-09T06:59:00Z", "dev-d", 4L),   // 23:59 PDT on 03-08 (a 23-hour day)
            ev("2026-03-09T07:00:00Z", "dev-e", 5L))   // 00:00 PDT on 03-09
            .select(col("session_date"), col("session_id")),
        "[2026-03-07,dev-a:1]", "[2026-03-08,dev-b:2]", "[2026-03-08,dev-c:3]", "[2026-03-08,dev-d:4]",
        "[2026-03-09,dev-e:5]");
  }

  @Test
  void taskAttemptsTakeTheirSessionsLocalDay() {
    Dataset<Row> s = sessions(PACIFIC, ev("2026-01-14T07:30:00Z", "dev-a", 1L))
        .withColumn("customer_id", org.apache.spark.sql.functions.lit(null).cast("string"))
        .withColumn("task_events", org.apache.spark.sql.functions.array(org.apache.spark.sql.functions.struct(
            org.apache.spark.sql.functions.lit(1_768_375_800_000_000L).as("timestamp_us"),
            org.apache.spark.sql.functions.lit("begin_checkout").as("event_name"))));
    // 2026-01-14T07:30:00Z = 1768375800 s; the attempt starts then, in the session of local 01-13.
    assertRows(TaskAttempts.build(s, List.of(new com.experiencewarehouse.config.Settings.TaskDefinition(
                "checkout", List.of("begin_checkout"), List.of("purchase"), List.of(), 600)))
            .select(col("session_date"), col("started_at").cast("string")),
        "[2026-01-13,2026-01-14 07:30:00]");
  }

  private static final StructType TICKETS = new StructType()
      .add("ticket_id", DataTypes.StringType).add("customer_id", DataTypes.StringType)
      .add("opened_at", DataTypes.TimestampType).add("first_response_at", DataTypes.TimestampType)
      .add("closed_at", DataTypes.TimestampType).add("channel", DataTypes.StringType)
      .add("category", DataTypes.StringType).add("status", DataTypes.StringType)
      .add("is_reopened", DataTypes.BooleanType);

  @Test
  void aTicketOpenedInThePacificEveningIsOpenedOnItsLocalDay() {
    Dataset<Row> bronze = Rows.frame(TICKETS,
        // 19:00 PDT on 2026-09-13 = 02:00 UTC on 09-14; 09:00 PDT on 09-14 = 16:00 UTC.
        new Object[] {"T1", "C1", ts("2026-09-14T02:00:00Z"), null, null, "email", "billing", "open", false},
        new Object[] {"T2", "C1", ts("2026-09-14T16:00:00Z"), null, null, "email", "billing", "open", false});
    LocalDate export = LocalDate.of(2026, 9, 14);
    assertRows(SupportTickets.build(bronze, export, List.of("open"), PACIFIC)
            .select(col("ticket_id"), col("opened_date"), col("opened_at").cast("string")),
        "[T1,2026-09-13,2026-09-14 02:00:00]", "[T2,2026-09-14,2026-09-14 16:00:00]");
    assertRows(SupportTickets.build(bronze, export, List.of("open"), ZoneOffset.UTC)
            .select(col("ticket_id"), col("opened_date")),
        "[T1,2026-09-14]", "[T2,2026-09-14]");
  }

  private static final StructType ANSWERS = new StructType()
      .add("response_id", DataTypes.StringType).add("customer_ref", DataTypes.StringType)
      .add("survey_type", DataTypes.StringType).add("item", DataTypes.StringType)
      .add("score", DataTypes.IntegerType).add("text", DataTypes.StringType)
      .add("responded_at", DataTypes.TimestampType).add("is_finished", DataTypes.BooleanType)
      .add("progress_pct", DataTypes.IntegerType);

  @Test
  void aSurveyAnswerOfThePacificEveningIsGivenOnItsLocalDay() {
    // 22:30 PDT on 2026-09-13 = 05:30 UTC on 09-14.
    Dataset<Row> answers = Rows.frame(ANSWERS,
        new Object[] {"R1", "C1", "NPS", "nps", 9, null, ts("2026-09-14T05:30:00Z"), true, 100},
        new Object[] {"R1:TEXT", "C1", "TEXT", "why", null, "fast", ts("2026-09-14T05:30:00Z"), true, 100});
    LocalDate export = LocalDate.of(2026, 9, 14);
    assertRows(SurveyResponses.build(answers, export, PACIFIC).select(col("response_id"), col("response_date")),
        "[R1,2026-09-13]");
    assertRows(SurveyVerbatims.build(answers, export, PACIFIC).select(col("response_id"), col("response_date")),
        "[R1,2026-09-13]");
    assertRows(SurveyResponses.build(answers, export).select(col("response_date")), "[2026-09-14]");
  }

  @Test
  void aCustomerVersionStartsAtLocalMidnightOfItsSnapshotDate() {
    Object[] base = {null, "A", "k-A", "smb", "pro", "NA", Date.valueOf("2026-06-01"), "active", false, null,
        null, "U-1"};
    Object[] first = base.clone();
    first[0] = Date.valueOf("2026-09-14");
    Object[] churned = base.clone();
    churned[0] = Date.valueOf("2026-12-01");
    churned[7] = "churned";
    churned[8] = true;
    Dataset<Row> dim = CustomerDimension.versions(Rows.frame(CustomerDimensionTest.SNAPSHOT, first, churned),
        PACIFIC);
    // Local midnight: 2026-06-01 PDT = 07:00 UTC; 2026-12-01 PST = 08:00 UTC.
    assertRows(dim.select(col("valid_from").cast("string"), col("valid_to").cast("string"), col("status")),
        "[2026-06-01 07:00:00,2026-12-01 08:00:00,active]",
        "[2026-12-01 08:00:00,null,churned]");
    // The turn to churned falls on the local day of the version's start.
    assertRows(CustomerDimension.churnHistory(dim, PACIFIC)
            .select(col("customer_id"), col("status_churn_dates").cast("string")),
        "[A,[2026-12-01]]");
  }
}
