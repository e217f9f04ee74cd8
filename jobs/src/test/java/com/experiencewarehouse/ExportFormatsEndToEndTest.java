package com.experiencewarehouse;

import static com.experiencewarehouse.testing.Rows.assertRows;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.experiencewarehouse.testing.JobRunner;
import com.experiencewarehouse.testing.Rows;
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
 * The real entry point on data-samples/formats/: the sample nights as other exports write them
 * (see data-samples/README.md). Each variant holds the same events, customers, tickets and answers
 * as the plain samples, so silver and gold must hold EndToEndTest's values (EXPECTED.md).
 *
 * <p>ga4-json, salesforce and qualtrics: the GA4 export as `bq extract` writes it (quoted INT64s,
 * omitted NULLs, null param values, negative bundle ids, session_engaged as int or string),
 * 2026-09-14 in two gzip shards beside a superseded intraday file, 2026-09-15 only as intraday; the
 * CRM as Salesforce object exports (Data Export on the 14th, Data Loader on the 15th); the survey
 * answers as Qualtrics response exports, current layout on the 14th, legacy on the 15th. ga4-parquet plus encodings: a
 * Parquet copy of the export, and CRM and survey CSVs in UTF-16 (both byte orders) and UTF-8 with
 * byte-order mark, CRLF line endings.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExportFormatsEndToEndTest {

  @TempDir
  static Path jsonDir;

  @TempDir
  static Path parquetDir;

  @TempDir
  static Path eventsDir;

  static JobRunner json;
  static JobRunner parquet;
  static List<JobRunner.Result> jsonRuns;
  static List<JobRunner.Result> parquetRuns;
  static JobRunner events;
  static List<JobRunner.Result> eventsRuns;

  @TempDir
  static Path multiDir;

  static JobRunner multi;
  static JobRunner.Result multiRun;
  /** The parquet warehouse's scorecard version written by its first night. */
  static long parquetScorecardAfter14;

  /** The generic export's columns (data-samples/formats/make_events_csv.py), CSV and Parquet alike. */
  private static final String EVENT_COLUMNS = """
      events {
        columns {
          timestamp = "Timestamp", visitor_id = "Anonymous ID", user_id = "User ID", event_name = "Event"
          page = "Page URL", session_id = "Session ID", device_category = "Device Type", country = "Country"
          traffic_source = "UTM Source", traffic_medium = "UTM Medium"
        }
        properties { engagement_time_ms = "Engagement Time (ms)" }
      }
      """;

  @BeforeAll
  static void runTheVariants() {
    String jsonConf = """
        xw.sources.web.dir = "formats/ga4-json/web"
        xw.sources.crm {
          format = "salesforce", dir = "formats/salesforce/crm", time-zone = "Europe/Berlin"
          salesforce {
            customer { customer_id = "Contact.Customer_Number__c", region = "Account.Region__c" }
            ticket { first_response_at = "First_Response__c", reopened = "Reopened__c" }
          }
        }
        xw.sources.surveys {
          format = "qualtrics", dir = "formats/qualtrics/surveys", pattern = "responses_{yyyy-MM-dd}.csv"
          qualtrics {
            customer-ref = "ExternalReference"
            time-zone = "UTC"
            questions { %s }
          }
        }
        """;
    // The 14th's current layout mapped by question ids (its ImportId row: QID1 … QID6_TEXT).
    json = new JobRunner(jsonDir, jsonConf.formatted("""
        QID1 = nps, QID2 = csat, QID3 = ces, QID5_1 = sus_1, QID5_2 = sus_2, QID5_3 = sus_3, QID5_4 = sus_4
        QID5_5 = sus_5, QID5_6 = sus_6, QID5_7 = sus_7, QID5_8 = sus_8, QID5_9 = sus_9, QID5_10 = sus_10
        QID6_TEXT = text"""));
    // The 15th's legacy export (no ImportId row) by its column ids, its NPS by the group column
    // alone (as if the 0–10 answer were not exported): same warehouse, another config.
    JobRunner jsonByGroup = new JobRunner(jsonDir, "group.conf", jsonConf.formatted("""
        Q1_NPS_GROUP = nps_group, Q2 = csat, Q3 = ces, Q5_1 = sus_1, Q5_2 = sus_2, Q5_3 = sus_3, Q5_4 = sus_4
        Q5_5 = sus_5, Q5_6 = sus_6, Q5_7 = sus_7, Q5_8 = sus_8, Q5_9 = sus_9, Q5_10 = sus_10
        Q6 = text"""));
    jsonRuns = List.of(json.run("run", "--date", "2026-09-14"), jsonByGroup.run("run", "--date", "2026-09-15"));
    parquet = new JobRunner(parquetDir, """
        xw.sources.web { format = "ga4-parquet", dir = "formats/ga4-parquet/web" }
        xw.sources.crm.dir = "formats/encodings/crm"
        xw.sources.surveys.dir = "formats/encodings/surveys"
        """);
    JobRunner.Result parquet14 = parquet.run("run", "--date", "2026-09-14");
    parquetScorecardAfter14 = parquet.version("gold.segment_scorecard_day");
    parquetRuns = List.of(parquet14, parquet.run("run", "--date", "2026-09-15"));
    // One warehouse: 2026-09-14 from the generic CSV export, 2026-09-15 from its Parquet form (a
    // source moving to Parquet), so the night of the 15th sessionizes events of both.
    events = new JobRunner(eventsDir, "csv.conf", "xw.sources.web { format = \"events-csv\", "
        + "dir = \"formats/events-csv/web\", pattern = \"events_{yyyy-MM-dd}.csv\"\n" + EVENT_COLUMNS + "}");
    JobRunner eventsParquet = new JobRunner(eventsDir, "parquet.conf", "xw.sources.web { format = \"events-parquet\", "
        + "dir = \"formats/events-parquet/web\", pattern = \"events_{yyyy-MM-dd}.parquet\"\n" + EVENT_COLUMNS + "}");
    eventsRuns = List.of(events.run("run", "--date", "2026-09-14"), eventsParquet.run("run", "--date", "2026-09-15"));
    // Two sources of each kind: the website's GA4 export and the app's events (a generic CSV), NPS
    // answers and an in-app feedback tool's CSAT, CES and SUS answers.
    multi = new JobRunner(multiDir, "xw.sources.web {\n"
        + "  dir = \"formats/multi/web\"\n"
        + "  more = [ { name = \"app\", format = \"events-csv\", dir = \"formats/multi/app-events\", "
        + "pattern = \"events_{yyyy-MM-dd}.csv\"\n" + EVENT_COLUMNS + "} ]\n}\n"
        + """
        xw.sources.surveys {
          dir = "formats/multi/surveys"
          more = [ {
            name = "app", dir = "formats/multi/app-surveys", pattern = "feedback.csv"
            columns { response_id = "Feedback ID", customer_ref = "Member", survey_type = "Instrument"
                      item = "Question", score = "Rating", responded_at = "Submitted" }
          } ]
        }
        """);
    multiRun = multi.run("run", "--date", "2026-09-14");
  }

  /** EXPECTED.md's web sessions per start date, as EndToEndTest checks them on the plain samples. */
  private static void sessionsAsInThePlainSamples(JobRunner job) {
    // 2026-09-14: 109 sessions, 16 with a purchase, 46 with add_to_cart, 15 with an error event;
    // 2026-09-15: 111, 22, 47, 20.
    assertRows(job.table("gold.segment_scorecard_day").filter(col("segment").equalTo("(all)"))
            .select(col("scorecard_date").cast("string"), col("sessions"), col("converted_sessions"),
                col("add_to_cart_sessions"), col("sessions_with_error")),
        "[2026-09-14,109,16,46,15]", "[2026-09-15,111,22,47,20]");
  }

  @Test
  void ga4JsonAsBqExtractWritesItGivesThePlainSamplesSessions() {
    jsonRuns.forEach(r -> assertEquals(0, r.exitCode(), r.err()));
    sessionsAsInThePlainSamples(json);
    // 2026-09-14: the plain file's 1020 lines in two shards + 2 malformed variants = 1022 read;
    // 1018 written as before; quarantined: the plain file's 2 + bad_number + bad_boolean.
    // 2026-09-15: its intraday file, as the plain file: 1091 = 1089 + 2.
    assertRows(json.table("gold.run_source_audit").filter(col("source").equalTo("ga4_events"))
            .select(col("run_date").cast("string"), col("rows_read"), col("rows_written"), col("rows_quarantined")),
        "[2026-09-14,1022,1018,4]", "[2026-09-15,1091,1089,2]");
    assertRows(json.table("quarantine.rejected_record")
            .filter(col("source").equalTo("ga4_events").and(col("load_date").equalTo(lit(Date.valueOf("2026-09-14")))))
            .groupBy("reason_code").count(),
        "[bad_boolean,1]", "[bad_number,1]", "[bad_timestamp,1]", "[malformed_record,1]");
  }

  @Test
  void theDailyExportSupersedesTheIntradayOneWhichIsReadOnlyWithoutIt() {
    // 2026-09-14 has both: only the two daily shards are read (the intraday file's 200 events would
    // otherwise be counted twice); 2026-09-15 has only its intraday file, and the run says so.
    assertRows(json.table("bronze.ga4_events")
            .select(col("event_date").cast("string"),
                org.apache.spark.sql.functions.regexp_extract(col("_source_file"), "[^/]+$", 0))
            .distinct(),
        "[2026-09-14,events_20260914-000000000000.json.gz]",
        "[2026-09-14,events_20260914-000000000001.json.gz]",
        "[2026-09-15,events_intraday_20260915.json]");
    assertTrue(jsonRuns.get(1).err().contains("reading the intraday export (1 file(s))"), jsonRuns.get(1).err());
    assertTrue(!jsonRuns.get(0).err().contains("intraday"), jsonRuns.get(0).err());
  }

  @Test
  void bundleIdsAndSessionEngagedAreTypedWhateverTheirJsonShape() {
    // make_ga4_json.py: of the 1018 good events of 2026-09-14, page views carry session_engaged as
    // "1", 1 or "0" in turn: 309 true, 159 false, 1018 − 468 = 550 without it; every third event's
    // bundle id is negative: 339.
    assertRows(json.table("bronze.ga4_events").filter(col("event_date").equalTo(lit(Date.valueOf("2026-09-14"))))
            .groupBy(col("session_engaged")).count(),
        "[null,550]", "[false,159]", "[true,309]");
    assertEquals(339L, json.table("bronze.ga4_events")
        .filter(col("event_date").equalTo(lit(Date.valueOf("2026-09-14"))).and(col("event_bundle_sequence_id").lt(0)))
        .count());
    // The first event: bundle id 0 (i = 0), ga_session_id from the quoted int_value "1789348496".
    Row first = json.table("bronze.ga4_events").filter(col("event_timestamp_us").equalTo(1789348496000000L)
        .and(col("event_name").equalTo("session_start"))).first();
    assertEquals(0L, Rows.l(first, "event_bundle_sequence_id"));
    assertEquals(1789348496L, Rows.l(first, "ga_session_id"));
  }

  @Test
  void aParquetCopyAndCsvInOtherEncodingsGiveThePlainSamplesResults() {
    parquetRuns.forEach(r -> assertEquals(0, r.exitCode(), r.err()));
    sessionsAsInThePlainSamples(parquet);
    // EXPECTED.md's counts per source, but for GA4: a Parquet copy cannot hold the truncated JSON
    // line (1019 rows) and its 'not-a-timestamp' is a NULL INT64 there (still bad_timestamp);
    // 2026-09-15 likewise 1090 = 1089 + 1. The CSVs in UTF-16 / UTF-8 with BOM, CRLF: as plain.
    assertRows(parquet.table("gold.run_source_audit")
            .select(col("run_date").cast("string"), col("source"), col("rows_read"), col("rows_written"),
                col("rows_quarantined")),
        "[2026-09-14,ga4_events,1019,1018,1]",
        "[2026-09-14,crm_customers,73,70,3]",
        "[2026-09-14,crm_tickets,14,12,2]",
        "[2026-09-14,survey_answers,137,133,4]",
        "[2026-09-15,ga4_events,1090,1089,1]",
        "[2026-09-15,crm_customers,75,72,3]",
        "[2026-09-15,crm_tickets,14,12,2]",
        "[2026-09-15,survey_answers,138,126,12]");
    // consumer NPS on 2026-09-14: n 36, P 12, D 14 → −5.5556 (EXPECTED.md), from the UTF-16 BE
    // answers joined to the UTF-16 LE customer snapshot.
    Row c14 = parquet.table("gold.segment_scorecard_day")
        .filter(col("scorecard_date").equalTo(lit(Date.valueOf("2026-09-14"))).and(col("segment").equalTo("consumer")))
        .first();
    assertEquals(36L, Rows.l(c14, "nps_n"));
    assertEquals(-5.5556, Rows.d(c14, "nps"), 1e-4);
    // A name with a comma inside quotes survives the UTF-16 file: "Smith, John" is C0012's (in
    // bronze; silver drops names).
    assertRows(parquet.table("bronze.crm_customers")
            .filter(col("customer_id").equalTo("C0012").and(col("snapshot_date").equalTo(lit(Date.valueOf("2026-09-14")))))
            .select(col("full_name"), col("segment")),
        "[Smith, John,consumer]");
  }

  @Test
  void genericWebEventsFromCsvAndParquetGiveThePlainSamplesSessions() {
    eventsRuns.forEach(r -> assertEquals(0, r.exitCode(), r.err()));
    sessionsAsInThePlainSamples(events);
    // CSV: the plain file's 1020 events, the truncated one a row of three fields (malformed_record),
    // 'not-a-timestamp' as written (bad_timestamp). Parquet: the malformed row has no Parquet form
    // (1090 rows), 'not-a-timestamp' a NULL TIMESTAMP (bad_timestamp).
    assertRows(events.table("gold.run_source_audit").filter(col("source").equalTo("ga4_events"))
            .select(col("run_date").cast("string"), col("rows_read"), col("rows_written"), col("rows_quarantined")),
        "[2026-09-14,1020,1018,2]", "[2026-09-15,1090,1089,1]");
    assertRows(events.table("quarantine.rejected_record").filter(col("source").equalTo("ga4_events"))
            .groupBy(col("load_date").cast("string"), col("reason_code")).count(),
        "[2026-09-14,bad_timestamp,1]", "[2026-09-14,malformed_record,1]", "[2026-09-15,bad_timestamp,1]");
    // The first event of the CSV: 2026-09-14T01:14:56.000000Z = 1789348496 s; its numeric
    // Session ID is the GA4 session id; the property is an event param.
    Row first = events.table("bronze.ga4_events").filter(col("event_timestamp_us").equalTo(1789348496000000L)
        .and(col("event_name").equalTo("session_start"))).first();
    assertEquals(1789348496L, Rows.l(first, "ga_session_id"));
    assertEquals("380614699.1727328868", first.getAs("user_pseudo_id"));
    assertEquals("https://shop.example.com/products/sku1", first.getAs("page_location"));
    assertEquals("mobile", first.getAs("device_category"));
    assertRows(events.table("bronze.ga4_events").filter(col("event_timestamp_us").equalTo(1789348583438480L))
            .select(org.apache.spark.sql.functions.expr(
                "filter(event_params, p -> p.key = 'engagement_time_ms')[0].string_value")),
        "[2095]");
  }

  @Test
  void qualtricsExportsInBothLayoutsGiveThePlainSamplesAnswersPlusTheirOwnCases() {
    jsonRuns.forEach(r -> assertEquals(0, r.exitCode(), r.err()));
    // One row per answered question. 2026-09-14: the plain file's 137 rows (SUS one per item) + a
    // preview (not_a_response), an unfinished NPS 9 (kept) = 139, + 71 free-text answers (Q6) =
    // 210, + a response without ResponseId (NPS and text: missing_key ×2) = 212. Quarantined: the
    // plain file's 4 (bad_timestamp, duplicate_id, score_out_of_range ×2), the preview's NPS and
    // text (not_a_response ×2), the text of a response id seen twice (duplicate_id) and the 2
    // without id = 9, + the NPS and text of a respondent whose email is no customer's (unknown_email)
    // = 11 of 214; 203 written. The response with only a text answer counts through it.
    // 2026-09-15, legacy layout read by Q1_NPS_GROUP: the plain 138 = 126 + 12, but the NPS of 11
    // has no group (Qualtrics derives none from it), so its response (R_20260915x0013, no text)
    // answered nothing mapped: no_answer instead of score_out_of_range; + 62 texts (1 of the
    // bad_timestamp response, 1 duplicate_id) = 200 = 186 + 14. (make_qualtrics.py's rows, counted by hand.)
    // Every eighth response (10 a night) names its respondent by email alone: all linked, or
    // these counts and the scores below would not be the plain samples'.
    assertRows(json.table("gold.run_source_audit").filter(col("source").equalTo("survey_answers"))
            .select(col("run_date").cast("string"), col("rows_read"), col("rows_written"), col("rows_quarantined")),
        "[2026-09-14,214,203,11]", "[2026-09-15,200,186,14]");
    assertRows(json.table("quarantine.rejected_record").filter(col("source").equalTo("survey_answers"))
            .groupBy(col("load_date").cast("string"), col("reason_code")).count(),
        "[2026-09-14,bad_timestamp,1]", "[2026-09-14,duplicate_id,2]", "[2026-09-14,missing_key,2]",
        "[2026-09-14,not_a_response,2]", "[2026-09-14,score_out_of_range,2]", "[2026-09-14,unknown_email,2]",
        "[2026-09-15,bad_timestamp,2]", "[2026-09-15,duplicate_id,2]", "[2026-09-15,no_answer,1]",
        "[2026-09-15,score_out_of_range,1]",
        "[2026-09-15,sus_incomplete,8]");
    // consumer NPS 2026-09-14: EXPECTED.md's n 36, P 12, D 14 plus the unfinished promoter (C0012):
    // n 37, P 13, D 14 → 100 × (13 − 14) / 37 = −2.7027; half-width 196 × √((27/37 − (1/37)²) / 37)
    // = 196 × √(0.7289993 / 37) = 27.5118. The 15th from the groups alone as plain from the
    // scores: n 31 → 29.0323.
    Row c14 = json.table("gold.segment_scorecard_day")
        .filter(col("scorecard_date").equalTo(lit(Date.valueOf("2026-09-14"))).and(col("segment").equalTo("consumer")))
        .first();
    assertEquals(37L, Rows.l(c14, "nps_n"));
    assertEquals(-2.7027, Rows.d(c14, "nps"), 1e-4);
    assertEquals(-2.7027 + 27.5118, Rows.d(c14, "nps_ci_high"), 1e-3);
    Row c15 = json.table("gold.segment_scorecard_day")
        .filter(col("scorecard_date").equalTo(lit(Date.valueOf("2026-09-15"))).and(col("segment").equalTo("consumer")))
        .first();
    assertEquals(31L, Rows.l(c15, "nps_n"));
    assertEquals(29.0323, Rows.d(c15, "nps"), 1e-4);
    // Times: R-20260914-0001 answered at 06:04:31Z, exported as 00:04:31 America/Denver (UTC−6, from
    // the third header row); the 15th's legacy export is in the configured UTC and has no Progress
    // column (progress NULL); its NPS comes from the group column: a promoter (3), no score. The
    // unfinished response is kept and flagged; SUS with sus_7 missing: 13.8889 (EXPECTED.md).
    // By email: R_20260914x0006 (HARUTO.HOFFMANN@EXAMPLE.COM, C0006's email in lower case),
    // R_20260915x0076 (the legacy layout's EmailAddress chloe.lopez@example.com: C0013).
    assertRows(json.table("silver.survey_response")
            .filter(col("response_id").isin("R_20260914x0006:NPS", "R_20260915x0076:CSAT"))
            .select(col("response_id"), col("customer_id"), col("score")),
        "[R_20260914x0006:NPS,C0006,8.0]", "[R_20260915x0076:CSAT,C0013,2.0]");
    assertRows(json.table("silver.survey_response")
            .filter(col("response_id").isin("R_20260914x0001:NPS", "R_20260914x9002:NPS", "R_20260914x0079:SUS",
                "R_20260915x0002:NPS"))
            .select(col("response_id"), col("customer_id"), col("responded_at").cast("string"),
                org.apache.spark.sql.functions.round(col("score"), 4), col("is_finished"), col("progress_pct"),
                col("is_promoter")),
        "[R_20260914x0001:NPS,C0047,2026-09-14 06:04:31,7.0,true,100,false]",
        "[R_20260914x9002:NPS,C0012,2026-09-14 12:10:00,9.0,false,60,true]",
        "[R_20260914x0079:SUS,C0005,2026-09-14 20:50:09,13.8889,true,100,null]",
        "[R_20260915x0002:NPS,C0069,2026-09-15 06:12:34,null,true,null,true]");
  }

  @Test
  void qualtricsFreeTextAnswersAreVerbatimsWithContactDetailsScrubbed() {
    // The 129 good text answers of both nights (69 + 60), cycling through make_qualtrics.py's
    // verbatims; the line break inside the quoted answer survives, emails and phones do not. The
    // question is the column's id (Q6), whether mapped by it or by its question id QID6_TEXT.
    assertRows(json.table("silver.survey_verbatim").groupBy(col("question"), col("verbatim_text")).count(),
        "[Q6,Fast delivery, \"great\" packaging,33]",
        "[Q6,Checkout failed twice.\nPlease fix it, I tried on mobile and desktop,33]",
        "[Q6,Call me back: [phone] or mail [email],32]",
        "[Q6,ok,30]",
        "[Q6,Abgebrochen,1]");
    // The verbatim keeps its response's id, which the scored answers share ("R_…:NPS").
    assertRows(json.table("silver.survey_verbatim").filter(col("response_id").equalTo("R_20260914x0001"))
            .select(col("customer_id"), col("responded_at").cast("string"), col("verbatim_text")),
        "[C0047,2026-09-14 06:04:31,Fast delivery, \"great\" packaging]");
    // The 14th's follow-up list: EXPECTED.md's 17 NPS detractors + 2 CSAT 1–2 answers; 16 of them
    // wrote something (make_qualtrics.py: R_…0013, 0018 and 0053 left Q6 empty), shown beside the score.
    Dataset<Row> followup = json.table("gold.detractor_followup")
        .filter(col("followup_date").equalTo(lit(Date.valueOf("2026-09-14"))));
    assertEquals(19L, followup.count());
    assertEquals(16L, followup.filter(col("verbatim_text").isNotNull()).count());
    assertRows(followup.filter(col("response_id").isin("R_20260914x0005:NPS", "R_20260914x0007:NPS"))
            .select(col("response_id"), col("score"), col("verbatim_text")),
        "[R_20260914x0005:NPS,4,Call me back: [phone] or mail [email]]",
        "[R_20260914x0007:NPS,0,Checkout failed twice.\nPlease fix it, I tried on mobile and desktop]");
  }

  @Test
  void salesforceObjectExportsGiveThePlainSamplesCustomersAndTickets() {
    jsonRuns.forEach(r -> assertEquals(0, r.exitCode(), r.err()));
    // make_salesforce.py, per night: a Contact per plain customer row + a deleted one + one whose
    // AccountId is the all-zero placeholder; an Account each + a deleted one; per customer with a
    // lifetime value two won and one lost Opportunity, one lost for the others (14th: 61 of 73:
    // 3 × 61 + 12 = 195; 15th: 61 of 75: 197), + 2 bad ones; a Case per plain ticket + a deleted one.
    assertRows(json.table("gold.run_source_audit").filter(col("source").startsWith("crm_"))
            .select(col("run_date").cast("string"), col("source"), col("rows_read"), col("rows_written"),
                col("rows_quarantined")),
        "[2026-09-14,crm_customers,75,70,5]", "[2026-09-14,crm_tickets,15,12,3]",
        "[2026-09-14,crm_accounts,74,73,1]", "[2026-09-14,crm_opportunities,197,195,2]",
        "[2026-09-15,crm_customers,77,72,5]", "[2026-09-15,crm_tickets,15,12,3]",
        "[2026-09-15,crm_accounts,76,75,1]", "[2026-09-15,crm_opportunities,199,197,2]");
    // The plain files' bad rows (customers: no id, C0005 twice, C0099's month 13; tickets:
    // 'yesterday', no customer: the placeholder ContactId) and the Salesforce variants.
    assertRows(json.table("quarantine.rejected_record").filter(col("source").startsWith("crm_")
                .and(col("load_date").equalTo(lit(Date.valueOf("2026-09-15")))))
            .groupBy(col("source"), col("reason_code")).count(),
        "[crm_customers,missing_key,1]", "[crm_customers,duplicate_id,1]", "[crm_customers,bad_date,1]",
        "[crm_customers,deleted_in_source,1]", "[crm_customers,missing_segment,1]",
        "[crm_tickets,bad_timestamp,1]", "[crm_tickets,missing_key,1]", "[crm_tickets,deleted_in_source,1]",
        "[crm_accounts,deleted_in_source,1]",
        "[crm_opportunities,bad_number,1]", "[crm_opportunities,bad_boolean,1]");
    // The Salesforce-only tables carry their documented comments too (EndToEndTest checks the others).
    for (String t : List.of("bronze.crm_accounts", "bronze.crm_opportunities")) {
      com.experiencewarehouse.testing.TableComments.assertDocumented(t, json.path(t));
    }
    // Silver equals the plain CSVs' (the parquet warehouse reads them): every customer snapshot
    // column but the owner (an 18-character User id here), every ticket column but its id. This holds
    // only if the Data Loader night's upper-case headers matched, its 15-character ContactIds joined
    // the 18-character Contact ids, its Berlin wall-clock times became UTC (09:43 → 07:43Z), the
    // won Opportunities summed to the lifetime value (C0001: 5.66 + 11.33 = 16.99, its two bad
    // Opportunities left out) and the date of CreatedDate became the signup date.
    String[] customerColumns = {"snapshot_date", "customer_id", "email_key", "segment", "plan", "region",
        "signup_date", "status", "is_churned", "churn_date", "lifetime_value"};
    assertSame(json.table("silver.customer_snapshot"), parquet.table("silver.customer_snapshot"), customerColumns);
    assertEquals(142L, json.table("silver.customer_snapshot").count());
    String[] ticketColumns = {"opened_date", "customer_id", "opened_at", "first_response_at", "closed_at", "channel",
        "category", "status", "is_open", "is_reopened", "first_response_min", "resolution_h", "export_date"};
    assertSame(json.table("silver.support_ticket"), parquet.table("silver.support_ticket"), ticketColumns);
    assertEquals(24L, json.table("silver.support_ticket").count());
    assertRows(json.table("silver.customer_snapshot")
            .filter(col("customer_id").equalTo("C0001").and(col("snapshot_date").equalTo(lit(Date.valueOf("2026-09-15")))))
            .select(col("owner"), col("lifetime_value").cast("string")),
        "[0055g000000001cAAA,16.99]");
    assertRows(json.table("silver.support_ticket").filter(col("opened_at").equalTo(
                lit(java.sql.Timestamp.from(java.time.Instant.parse("2026-09-15T07:43:00Z")))))
            .select(col("ticket_id"), col("customer_id")),
        "[5005g0000000149AAA,C0010]");
  }

  @Test
  void twoSourcesOfEachKindTogetherGiveThePlainSamplesNight() {
    assertEquals(0, multiRun.exitCode(), multiRun.err());
    // make_multi.py splits the plain records: the rows read are the plain files' (GA4 1020 = 470
    // JSON lines of other devices + 550 CSV rows of phones; answers 137 = 52 NPS + 85 app), and so
    // are the rows quarantined (the malformed JSON line; the phone's unparsable timestamp).
    assertRows(multi.table("gold.run_source_audit")
            .filter(col("source").isin("ga4_events", "survey_answers"))
            .select(col("source"), col("rows_read"), col("rows_written"), col("rows_quarantined")),
        "[ga4_events,1020,1018,2]", "[survey_answers,137,133,4]");
    // The app's sessions keep apart by their prefixed visitor ids: 52 distinct (visitor, session)
    // pairs among the phone rows with a timestamp; the app's answers are "app:…".
    assertEquals(52L, multi.table("silver.web_session").filter(col("session_id").startsWith("app:")).count());
    assertRows(multi.table("silver.survey_response").filter(col("response_id").equalTo("app:R-20260914-0002"))
            .select(col("customer_id"), col("survey_type"), col("score")),
        "[C0032,CES,7.0]");
    // Every scorecard column of the night equals the plain samples' (the parquet warehouse after
    // the same night, reading the same records from one source of each kind): 5 segment rows.
    // Except revenue: the app's CSV export has no revenue column, so a period with a phone purchase
    // has an unknown revenue, NULL (never the web-only sum, a plausible wrong number).
    java.util.Set<String> revenue = java.util.Set.of("purchase_revenue", "revenue_per_session",
        "revenue_per_converted_session");
    String[] scorecard = java.util.Arrays.stream(parquet.table("gold.segment_scorecard_day").columns())
        .filter(c -> !c.startsWith("_") && !revenue.contains(c)).toArray(String[]::new);
    // (all) holds every session, phones' purchases included: its revenue is unknown.
    assertRows(multi.table("gold.segment_scorecard_day").filter(col("segment").equalTo("(all)"))
            .select(col("scorecard_date"), col("purchase_revenue"), col("revenue_per_session"),
                col("revenue_per_converted_session")),
        "[2026-09-14,null,null,null]");
    assertSame(multi.table("gold.segment_scorecard_day"),
        parquet.tableAsOf("gold.segment_scorecard_day", parquetScorecardAfter14), scorecard);
    assertEquals(5L, multi.table("gold.segment_scorecard_day")
        .filter(col("scorecard_date").equalTo(lit(Date.valueOf("2026-09-14")))).count());
  }

  /** The same rows in both tables (as multisets), compared on the given columns. */
  private static void assertSame(Dataset<Row> actual, Dataset<Row> expected, String... columns) {
    Dataset<Row> a = actual.selectExpr(columns);
    Dataset<Row> e = expected.selectExpr(columns);
    assertEquals(0L, a.exceptAll(e).count(), () -> "unexpected: " + a.exceptAll(e).collectAsList());
    assertEquals(0L, e.exceptAll(a).count(), () -> "missing: " + e.exceptAll(a).collectAsList());
  }
}
