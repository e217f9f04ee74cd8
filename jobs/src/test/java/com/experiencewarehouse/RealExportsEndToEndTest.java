package com.experiencewarehouse;

import static com.experiencewarehouse.testing.Rows.assertRows;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.experiencewarehouse.testing.JobRunner;
import java.nio.file.Path;
import java.sql.Date;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exports as real tools write them, loaded by configuration alone through the entry point
 * (data-samples/README.md, formats/telco and formats/salesforce-standard):
 *
 * <p>telco: two nights of a CRM that knows churn only from a Yes/No column (IBM's Telco Customer
 * Churn layout: no email, no dates, no ticket export), Qualtrics exports with anonymous-link
 * responses, a preview (the 14th) and only a test and a preview (the 15th), and the web as
 * Snowplow's atomic events CSV (UTC times without zone) on the 14th only (web optional: the 15th
 * has none). salesforce-standard: one night of an org without custom fields, read with the shipped
 * conf/examples/salesforce-standard-org.conf, opportunities' CloseDate written with a time, beside a
 * Matomo visit log (one row per visit: a fixed event name, the visit's duration); surveys optional
 * and absent.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RealExportsEndToEndTest {

  @TempDir
  static Path telcoDir;

  @TempDir
  static Path salesforceDir;

  static JobRunner telco;
  static List<JobRunner.Result> telcoRuns;
  static JobRunner salesforce;
  static JobRunner.Result salesforceRun;

  private static final Date D14 = Date.valueOf("2026-09-14");
  private static final Date D15 = Date.valueOf("2026-09-15");

  @BeforeAll
  static void runTheNights() {
    telco = new JobRunner(telcoDir, include("snowplow-atomic-events.conf") + """
        xw.sources {
          # Snowplow by the shipped example, only the 14th's file: the 15th is a night without web input.
          web { dir = "formats/snowplow/web", pattern = "atomic_events_2026-09-14.csv", optional = true }
          crm {
            dir = "formats/telco/crm"
            customers {
              columns {
                customer_id = "customerID", segment = "Contract", plan = "InternetService", status = "Churn"
                lifetime_value = "TotalCharges"
                email = "", full_name = "", phone = "", region = "", signup_date = "", churn_date = "", owner = ""
              }
              churned-statuses = ["Yes"]
            }
            tickets.pattern = ""
          }
          surveys {
            format = "qualtrics", dir = "formats/telco/surveys", pattern = "responses_{yyyy-MM-dd}.csv"
            qualtrics.questions { QID1 = nps, Q2 = csat }
            # A second survey in the 2016 layout, by the same keys (its ExternalDataReference found as
            # ExternalReference); its own questions replace the block's (it has no Q2), by their
            # ImportId written as Python dicts; the 14th only.
            more = [ {
              name = "pulse", dir = "formats/telco/pulse", pattern = "pulse_{yyyy-MM-dd}.csv", optional = true
              qualtrics.questions { QID1 = nps, "QID7#1_1" = csat }
            } ]
          }
        }
        """);
    telcoRuns = List.of(telco.run("run", "--date", "2026-09-14"), telco.run("run", "--date", "2026-09-15"));
    salesforce = new JobRunner(salesforceDir, include("salesforce-standard-org.conf") + include("matomo-visits.conf")
        + """
        xw.sources.crm.dir = "formats/salesforce-standard/crm"
        xw.sources.surveys { dir = "formats/salesforce-standard/surveys", optional = true }
        xw.sources.web.dir = "formats/matomo/web"
        """);
    salesforceRun = salesforce.run("run", "--date", "2026-09-14");
  }

  /** A shipped example config (conf/examples), included as a user's own file would. */
  private static String include(String example) {
    return "include file(\"" + Path.of("conf/examples", example).toAbsolutePath() + "\")\n";
  }

  private static Dataset<Row> day(JobRunner job, Date date) {
    return job.table("gold.segment_scorecard_day").filter(col("scorecard_date").equalTo(lit(date)));
  }

  @Test
  void aNightWithoutItsOptionalWebInputSucceedsAndSaysSo() {
    telcoRuns.forEach(r -> assertEquals(0, r.exitCode(), r.err()));
    assertTrue(telcoRuns.get(1).err().contains("note: web is optional and has no input tonight (no web events file "
        + "matching 'atomic_events_2026-09-14.csv' in data-samples/formats/snowplow/web/2026-09-15): no web rows "
        + "this night"), telcoRuns.get(1).err());
    assertTrue(telcoRuns.get(1).out().contains("  note: web is optional and has no input tonight"),
        telcoRuns.get(1).out());
    // Nothing read on the 15th, nothing lost: 0 = 0 + 0; the 14th's sessions stay (rebuilt from bronze).
    assertRows(telco.table("gold.run_source_audit").filter(col("source").equalTo("ga4_events"))
            .select(col("run_date").cast("string"), col("rows_read"), col("rows_written"), col("rows_quarantined")),
        "[2026-09-14,1020,1018,2]", "[2026-09-15,0,0,0]");
    assertEquals(109L, telco.table("silver.web_session").count());
  }

  @Test
  void churnKnownFromAStatusColumnIsDatedByTheSnapshotThatShowsItAndNullUntilThen() {
    // 14th, the first snapshot: 5 of 20 customers have Churn = Yes and nothing says when they
    // churned (before the 14th or on it): the rate is NULL, the 5 counted as unknown, and the
    // summary says why. One year: none churned, all 6 active → 0 of 6 = 0 (a real 0).
    Row all14 = day(telco, D14).filter(col("segment").equalTo("(all)")).first();
    assertNull(all14.getAs("churn_rate"));
    assertNull(all14.getAs("customers_active_at_start"));
    assertEquals(5L, all14.<Long>getAs("customers_churn_unknown"));
    assertTrue(telcoRuns.get(0).out().contains("note: churn_rate of 2026-09-14 is NULL: 5 churned customer(s) have "
        + "no churn date and were churned in their first snapshot"), telcoRuns.get(0).out());
    assertTrue(telcoRuns.get(0).out().contains("note: churn_rate of 2026-Q3 is NULL: 5 churned"),
        telcoRuns.get(0).out());
    // 15th: 6388-TABGU (month-to-month) and 7469-LKBCI (one year) turn Yes: churned on the 15th.
    // Active at the start: 20 − the 5 churned before = 15 → 2/15; month-to-month 10 − 5 = 5 → 1/5;
    // one year 6 → 1/6; two year 4 → 0/4.
    assertRows(day(telco, D15).select(col("segment"), col("customers_active_at_start"), col("customers_churned"),
            col("customers_churn_unknown")),
        "[(all),15,2,0]", "[Month-to-month,5,1,0]", "[One year,6,1,0]", "[Two year,4,0,0]");
    assertEquals(2.0 / 15.0, day(telco, D15).filter(col("segment").equalTo("(all)")).first()
        .<Double>getAs("churn_rate"), 1e-12);
    assertRows(day(telco, D14).filter(col("segment").equalTo("One year"))
        .select(col("customers_active_at_start"), col("customers_churned"), col("churn_rate")), "[6,0,0.0]");
    // The quarter began before anyone was seen: the 5 stay unknown, so Q3 is NULL where they count
    // (all, month-to-month); one year's churn is dated: 1 of 6. The anonymous respondents' row has
    // no customer base: 0 of 0.
    assertRows(telco.table("gold.segment_scorecard_quarter").filter(col("segment").isin("(all)", "(anonymous)",
                "Month-to-month", "One year", "Two year"))
            .select(col("segment"), col("customers_active_at_start"), col("customers_churned"),
                col("customers_churn_unknown")),
        "[(all),null,null,5]", "[(anonymous),0,0,0]", "[Month-to-month,null,null,5]", "[One year,6,1,0]",
        "[Two year,4,0,0]");
    // The status change is a new SCD2 version on the 15th.
    assertRows(telco.table("silver.customer_dim").filter(col("customer_id").equalTo("6388-TABGU"))
            .select(col("valid_from").cast("date").cast("string"), col("status"), col("is_churned")),
        "[2026-09-14,No,false]", "[2026-09-15,Yes,true]");
  }

  @Test
  void anonymousLinkResponsesCountInTheAnonymousSegmentAndPreviewsAreQuarantinedByDesign() {
    // 14th: 6 responses × 2 mapped answers (QID1 nps, Q2 csat) = 12, plus the pulse survey's 2 × 2
    // = 16 read; the preview's 2 are not_a_response; 14 written, 8 of them anonymous (no
    // ExternalReference, no RecipientEmail: 3 + 1 responses × 2).
    assertRows(telco.table("gold.run_source_audit").filter(col("source").equalTo("survey_answers"))
            .select(col("run_date").cast("string"), col("rows_read"), col("rows_written"), col("rows_quarantined")),
        "[2026-09-14,16,14,2]", "[2026-09-15,4,0,4]");
    assertEquals(8L, telco.table("bronze.survey_answers").filter(col("customer_ref").isNull()).count());
    // The 2016 layout's answers: its EndDate 10:00 in America/Denver (UTC−6 in September) = 16:00 UTC.
    assertRows(telco.table("bronze.survey_answers").filter(col("customer_ref").equalTo("9763-GRSKD"))
            .select(col("response_id"), col("survey_type"), col("score"), col("responded_at").cast("string")),
        "[pulse:R_pulseA1b2c3d4e5f:NPS,NPS,9,2026-09-14 16:00:00]",
        "[pulse:R_pulseA1b2c3d4e5f:CSAT,CSAT,5,2026-09-14 16:00:00]");
    // (anonymous): NPS 3, 10, 9 and the pulse's 2 → n 4, promoters 2, detractors 2 (score
    // suppressed: n < 30). 7590-VHVEG (month-to-month) answered 8, 5575-GNVDE (one year) 6,
    // 9763-GRSKD (two year, pulse) 9.
    assertRows(day(telco, D14).filter(col("nps_n").gt(0))
            .select(col("segment"), col("nps_n"), col("nps_promoters"), col("nps_detractors")),
        "[(all),7,3,3]", "[(anonymous),4,2,2]", "[Month-to-month,1,0,0]", "[One year,1,0,1]", "[Two year,1,1,0]");
    // The follow-up list has every detractor and CSAT 1–2 answer: the anonymous NPS 3 and its CSAT 2
    // (no customer to call, its window unknown: NULL counts, not 0), the pulse's anonymous NPS 2 and
    // CSAT 1, and 5575-GNVDE's NPS 6.
    assertRows(telco.table("gold.detractor_followup").select(col("response_id"), col("customer_id"),
            col("segment"), col("reason"), col("score"), col("failed_task_attempts_in_window")),
        "[R_3anonA1b2c3d4e5:NPS,null,(anonymous),nps_detractor,3,null]",
        "[R_3anonA1b2c3d4e5:CSAT,null,(anonymous),csat_low,2,null]",
        "[pulse:R_pulseG6h7i8j9k0l:NPS,null,(anonymous),nps_detractor,2,null]",
        "[pulse:R_pulseG6h7i8j9k0l:CSAT,null,(anonymous),csat_low,1,null]",
        "[R_2emailU1v2w3x4y:NPS,5575-GNVDE,One year,nps_detractor,6,0]");
    assertTrue(telcoRuns.get(1).err().contains("note: survey source pulse is optional and has no input tonight"),
        telcoRuns.get(1).err());
    // 15th: an export of only a test and a preview: all 4 answers quarantined by design, and the
    // night succeeds (the share rule leaves them out), with the summary saying nothing was kept.
    assertTrue(telcoRuns.get(1).out().contains("note: every row of survey_answers was quarantined "
        + "(not_a_response=4)"), telcoRuns.get(1).out());
  }

  @Test
  void aStandardSalesforceOrgLoadsWithTheShippedConfigAndDateTimeCloseDates() {
    assertEquals(0, salesforceRun.exitCode(), salesforceRun.err());
    // Every CloseDate reads as its date, whether written 2026-08-15 00:00:00, 2026-09-01 or
    // 2026-07-20T00:00:00.000Z: no opportunity quarantined.
    assertRows(salesforce.table("bronze.crm_opportunities").select(col("amount").cast("string"),
            col("is_won"), col("close_date").cast("string")),
        "[100.00,true,2026-08-15]", "[250.50,true,2026-09-01]", "[80.00,true,2026-07-20]",
        "[999.00,false,2026-09-10]", "[40.00,true,2026-09-12]");
    // Lifetime value = the account's won amounts: Acme 100.00 + 250.50 = 350.50 (both its
    // contacts), Globex 80.00 (the lost 999.00 left out), Initech 40.00. Segment = Account.Type.
    assertRows(salesforce.table("silver.customer_dim").select(col("segment"), col("region"),
            col("lifetime_value").cast("string")),
        "[Customer - Direct,US,350.50]", "[Customer - Direct,US,350.50]", "[Customer - Channel,DE,80.00]",
        "[Customer - Direct,US,40.00]");
    // No status, no churn date in a standard org: churn is unknown, never 0; the summary says why.
    Row all = day(salesforce, D14).filter(col("segment").equalTo("(all)")).first();
    assertNull(all.getAs("churn_rate"));
    assertEquals(4L, all.<Long>getAs("customers_churn_unknown"));
    assertEquals(2L, all.<Long>getAs("tickets_opened"));
    assertTrue(salesforceRun.out().contains("note: churn_rate of 2026-09-14 is NULL: the CRM mapping has neither a "
        + "status nor a churn date"), salesforceRun.out());
    assertTrue(salesforceRun.out().contains("note: surveys is optional and has no input tonight"),
        salesforceRun.out());
  }

  @Test
  void aVisitLogWithAFixedEventNameAndVisitDurationsMakesSessionsOfThoseDurations() {
    assertEquals(0, salesforceRun.exitCode(), salesforceRun.err());
    // 111 visits: 109 good, visits 110 (duration -14) and 111 (n/a) bad_number, kept as their lines
    // (the IP address masked as a phone number would be: xw.quarantine.mask-pii).
    assertRows(salesforce.table("gold.run_source_audit").filter(col("source").equalTo("ga4_events"))
        .select(col("rows_read"), col("rows_written"), col("rows_quarantined")), "[111,109,2]");
    assertRows(salesforce.table("quarantine.rejected_record").filter(col("source").equalTo("ga4_events"))
            .select(col("reason_code"), org.apache.spark.sql.functions.substring(col("raw_record"), 1, 40)),
        "[bad_number,1,110,[phone],24f98c6638a22442,C0025,new]",
        "[bad_number,1,111,[phone],de2a95fb2a5b5995,C0011,new]");
    // Each visit is one page_view and one session (idVisit); a session lasts its visit's duration:
    // 96 of the 109 last longer than 10 s → engaged (a single page view would not be).
    Row all = day(salesforce, D14).filter(col("segment").equalTo("(all)")).first();
    assertEquals(109L, all.<Long>getAs("sessions"));
    assertEquals(96L, all.<Long>getAs("engaged_sessions"));
    assertEquals(1.0 - 96.0 / 109.0, all.<Double>getAs("bounce_rate"), 1e-12);
    // Visit 1 of visitor 24f98c6638a22442 lasted 1090 s.
    assertEquals(1090.0, salesforce.table("silver.web_session")
        .filter(col("session_id").equalTo("24f98c6638a22442:1")).first().<Double>getAs("duration_s"), 1e-9);
  }

  @Test
  void snowplowsZonelessUtcTimestampsLoadWithTheWebTimeZoneKey() {
    // The plain sample night's 1020 events as Snowplow writes them (derived_tstamp without zone):
    // 1018 written (above); a truncated row (malformed_record) and one not-a-timestamp
    // (bad_timestamp), whose raw record is its line of the file as written.
    assertRows(telco.table("quarantine.rejected_record").filter(col("source").equalTo("ga4_events"))
        .groupBy(col("reason_code")).count(), "[bad_timestamp,1]", "[malformed_record,1]");
    String line = telco.table("quarantine.rejected_record").filter(col("reason_code").equalTo("bad_timestamp"))
        .first().getAs("raw_record");
    assertTrue(line.startsWith("shop,web,,not-a-timestamp,,page_view,"), line);
    // EXPECTED.md, 2026-09-14: 109 sessions, 16 with a purchase, 46 with add_to_cart, 15 with an error,
    // once the 15th has brought the midnight session's add_to_cart and purchase: after this night
    // alone, 16 − 1 = 15 and 46 − 1 = 45.
    assertRows(day(telco, D14).filter(col("segment").equalTo("(all)"))
            .select(col("sessions"), col("converted_sessions"), col("add_to_cart_sessions"), col("sessions_with_error")),
        "[109,15,45,15]");
  }
}
