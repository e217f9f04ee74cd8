package com.experiencewarehouse.bronze;

import static org.apache.spark.sql.functions.col;
import static com.experiencewarehouse.testing.Rows.assertRows;

import com.experiencewarehouse.sources.survey.SurveyExports;
import com.experiencewarehouse.testing.RawFrames;
import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class SurveyAnswersBronzeTest {

  private static final String T = "2026-09-14T10:00:00Z";
  /** The default window of a night of 2026-09-14: 2000-01-01 00:00 UTC to 2026-09-17 00:00 UTC. */
  private static final Checks.PlausibleTimes NIGHT = Checks.PlausibleTimes.of(LocalDate.of(2000, 1, 1), 2,
      LocalDate.of(2026, 9, 14));

  private static Dataset<Row> validate(Dataset<Row> raw) {
    return SurveyAnswersBronze.validate(raw, NIGHT);
  }

  private static String[] sus(String id, int item, String score) {
    return new String[] {id, "C1", "SUS", "sus_" + item, score, T};
  }

  @Test
  void eachBadAnswerGetsItsReasonAndGoodAnswersAreTyped() {
    Dataset<Row> raw = RawFrames.csv(SurveyExports.FIELDS,
        new String[] {"R1", "C1", "NPS", "nps", "9", T},                      // good
        new String[] {"R2", "C2", "nps", "NPS", " 6 ", "2026-09-14T11:00:00+02:00"}, // good: case, blanks, offset
        new String[] {"R3", "C3", "NPS", "nps", "11", T},                     // off the 0–10 scale
        new String[] {"R4", "C4", "CSAT", "csat", "0", T},                    // off the 1–5 scale
        new String[] {"R5", "C5", "CES", "ces", "7", T},                      // good: CES goes to 7
        new String[] {"R6", "C6", "CSAT", "csat", "4.5", T},                  // not an integer
        new String[] {"R7", "C7", "NPS", "nps", "8", "2026-02-30T10:00:00Z"}, // impossible date
        new String[] {"R8", "C8", "NPS", "nps", "8", "2026-09-14T10:00:00"},  // no zone
        new String[] {"R1", "C1", "NPS", "nps", "7", T},                      // R1 again: duplicate
        new String[] {"", "C9", "NPS", "nps", "8", T},                        // no response id
        new String[] {"R10", "C10", "NOPE", "x", "3", T},                     // unknown type
        new String[] {"R11", "C11", "NPS", "nps", "", T},                     // no score
        RawFrames.malformed(SurveyExports.FIELDS, "garbled,\"line"));         // malformed
    Dataset<Row> v = validate(raw);
    assertRows(v.filter(col(Checks.REASON).isNotNull()).select(col("response_id"), col(Checks.REASON)),
        "[R3,score_out_of_range]", "[R4,score_out_of_range]", "[R6,bad_number]",
        "[R7,bad_timestamp]", "[R8,timestamp_without_zone]", "[R1,duplicate_id]",
        "[null,missing_key]", "[R10,unknown_survey_type]", "[R11,missing_score]",
        "[null,malformed_record]");
    // 13 rows in = 3 accepted + 10 quarantined; the +02:00 answer is 09:00 UTC; a long-form dump
    // without a finished column counts its answers as finished, progress unknown; no text.
    assertRows(SurveyAnswersBronze.accepted(v).drop("_source_file"),
        "[R1,C1,NPS,nps,9,2026-09-14 10:00:00.0,null,true,null]",
        "[R2,C2,NPS,nps,6,2026-09-14 09:00:00.0,null,true,null]",
        "[R5,C5,CES,ces,7,2026-09-14 10:00:00.0,null,true,null]");
    assertRows(Checks.quarantined(v, "survey_answers", LocalDate.of(2026, 9, 14))
            .filter(col("reason_code").equalTo("malformed_record")).select("raw_record"),
        "[garbled,\"line]");
  }

  @Test
  void qualtricsStatusFinishedAndProgressAreCheckedAndUnfinishedAnswersKept() {
    // Fields: response_id, customer_ref, survey_type, item, score, responded_at, text, finished,
    // progress, status.
    Dataset<Row> v = validate(RawFrames.csv(SurveyExports.FIELDS,
        new String[] {"Q1:NPS", "C1", "NPS", "nps", "9", T, null, "1", "100", "0"},          // good, finished
        new String[] {"Q2:NPS", "C2", "NPS", "nps", "3", T, null, "False", "60", "IP Address"}, // unfinished: kept
        new String[] {"Q3:NPS", "C3", "NPS", "nps", "10", T, null, "1", "100", "1"},         // survey preview
        new String[] {"Q4:NPS", "C4", "NPS", "nps", "10", T, null, "True", "100", "Spam"},   // spam
        new String[] {"Q5", "C5", null, null, null, T, null, "0", "5", "0"},                 // nothing answered
        new String[] {"Q6:NPS", "C6", "NPS", "nps", "8", T, null, "maybe", "100", "0"},      // Finished unreadable
        new String[] {"Q7:NPS", "C7", "NPS", "nps", "8", T, null, "1", "140", "0"}));        // Progress off 0–100
    assertRows(v.select(col("response_id"), col(Checks.REASON)),
        "[Q1:NPS,null]", "[Q2:NPS,null]", "[Q3:NPS,not_a_response]", "[Q4:NPS,not_a_response]",
        "[Q5,no_answer]", "[Q6:NPS,bad_boolean]", "[Q7:NPS,bad_number]");
    assertRows(SurveyAnswersBronze.accepted(v).select(col("response_id"), col("is_finished"), col("progress_pct")),
        "[Q1:NPS,true,100]", "[Q2:NPS,false,60]");
  }

  @Test
  void aFreeTextAnswerNeedsTextAndNoScore() {
    Dataset<Row> v = validate(RawFrames.csv(SurveyExports.FIELDS,
        new String[] {"Q1:TEXT", "C1", "TEXT", "Q6", null, T, " Fast delivery ", "1", "100", "0"},
        new String[] {"Q1:TEXT", "C1", "TEXT", "Q7", null, T, "Mail me", "1", "100", "0"},  // another question
        new String[] {"Q2:TEXT", "C2", "TEXT", "Q6", null, T, "  ", "1", "100", "0"}));    // blank: no answer
    assertRows(v.select(col("response_id"), col("item"), col(Checks.REASON)),
        "[Q1:TEXT,Q6,null]", "[Q1:TEXT,Q7,null]", "[Q2:TEXT,Q6,no_answer]");
    // Trimmed; the question keeps its case.
    assertRows(SurveyAnswersBronze.accepted(v).select(col("item"), col("text"), col("score")),
        "[Q6,Fast delivery,null]", "[Q7,Mail me,null]");
  }

  @Test
  void susResponsesNeedNineOfTenItems() {
    // S1: all 10 items; S2: 9 items (sus_7 missing) → kept; S3: 8 items → all 8 rows sus_incomplete;
    // S4: 10 rows but one off scale (6) → 9 good items, kept; the bad one is score_out_of_range.
    java.util.List<String[]> rows = new java.util.ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      rows.add(sus("S1", i, "3"));
      if (i != 7) {
        rows.add(sus("S2", i, "3"));
      }
      if (i <= 8) {
        rows.add(sus("S3", i, "3"));
      }
      rows.add(sus("S4", i, i == 2 ? "6" : "3"));
    }
    Dataset<Row> v = validate(
        RawFrames.csv(SurveyExports.FIELDS, rows.toArray(new String[0][])));
    assertRows(v.groupBy(col("response_id"), col(Checks.REASON)).count(),
        "[S1,null,10]", "[S2,null,9]", "[S3,sus_incomplete,8]", "[S4,null,9]",
        "[S4,score_out_of_range,1]");
  }

  @Test
  void answersWithoutACustomerRefAreLinkedByTheirEmailToTheOneCustomerWithIt() {
    // The night's customers: C1 a@x.com, C2 " B@x.com " (trimmed, any case), C3 and C4 share one.
    Dataset<Row> customers = RawFrames.csv(java.util.List.of("customer_id", "email"),
        new String[] {"C1", "a@x.com"}, new String[] {"C2", " B@x.com "},
        new String[] {"C3", "shared@x.com"}, new String[] {"C4", "Shared@x.com"}).select("customer_id", "email");
    // Fields: response_id, customer_ref, survey_type, item, score, responded_at, text, finished,
    // progress, status, customer_email.
    Dataset<Row> raw = RawFrames.csv(SurveyExports.FIELDS,
        new String[] {"E1:NPS", "", "NPS", "nps", "9", T, null, null, null, null, "A@X.com"},   // → C1
        new String[] {"E2:NPS", "C9", "NPS", "nps", "9", T, null, null, null, null, "a@x.com"}, // its ref wins
        new String[] {"E3:NPS", " ", "NPS", "nps", "9", T, null, null, null, null, "b@x.com"},  // → C2
        new String[] {"E4:NPS", "", "NPS", "nps", "9", T, null, null, null, null, "shared@x.com"}, // two customers
        new String[] {"E5:NPS", "", "NPS", "nps", "9", T, null, null, null, null, "nobody@x.com"}, // no customer
        new String[] {"E6:NPS", "", "NPS", "nps", "9", T, null, null, null, null, ""});            // neither
    Dataset<Row> v = validate(SurveyAnswersBronze.linkByEmail(raw, customers));
    assertRows(v.select(col("response_id"), col("customer_ref"), col(Checks.REASON)),
        "[E1:NPS,C1,null]", "[E2:NPS,C9,null]", "[E3:NPS,C2,null]", "[E4:NPS,null,unknown_email]",
        "[E5:NPS,null,unknown_email]", "[E6:NPS,null,missing_key]");
  }

  @Test
  void anNpsGroupAnswerIsOnItsOwnOneToThreeScale() {
    Dataset<Row> v = validate(RawFrames.csv(SurveyExports.FIELDS,
        new String[] {"G1:NPS", "C1", "NPS", "nps_group", "3", T},     // promoter
        new String[] {"G2:NPS", "C2", "NPS", "nps_group", "1", T},     // detractor
        new String[] {"G3:NPS", "C3", "NPS", "nps_group", "4", T},     // no such group
        new String[] {"G4:NPS", "C4", "NPS", "nps_group", "0", T}));   // no such group
    assertRows(v.select(col("response_id"), col(Checks.REASON)),
        "[G1:NPS,null]", "[G2:NPS,null]", "[G3:NPS,score_out_of_range]", "[G4:NPS,score_out_of_range]");
  }

  /** A Qualtrics source with the given rules (the mapping itself does not matter here). */
  private static com.experiencewarehouse.config.Settings.SurveySource qualtrics(boolean keepAnonymous,
      boolean countTests) {
    return new com.experiencewarehouse.config.Settings.SurveySource("", "qualtrics", null,
        new com.experiencewarehouse.config.Settings.QualtricsSettings("ExternalReference", "RecipientEmail", "UTC",
            java.util.Map.of("Q1", "nps"), keepAnonymous, countTests));
  }

  @Test
  void anAnonymousLinksResponseIsKeptWithoutACustomerAndTestsCountOnlyWhereTheSourceSaysSo() {
    // Fields: response_id, customer_ref, survey_type, item, score, responded_at, text, finished,
    // progress, status, customer_email. Status 0 = a respondent, 1 preview, 2 test, 8 spam.
    Dataset<Row> raw = RawFrames.csv(SurveyExports.FIELDS,
        new String[] {"A1:NPS", "", "NPS", "nps", "3", T, null, "1", "100", "0", ""},       // anonymous link
        new String[] {"A2:NPS", "C2", "NPS", "nps", "9", T, null, "1", "100", "0", ""},     // known customer
        new String[] {"A3:NPS", "", "NPS", "nps", "9", T, null, "1", "100", "0", "x@y.z"},  // an email: linked later
        new String[] {"A4:NPS", "C4", "NPS", "nps", "9", T, null, "1", "100", "1", ""},     // survey preview
        new String[] {"A5:NPS", "C5", "NPS", "nps", "9", T, null, "1", "100", "2", ""},     // survey test
        new String[] {"A6:NPS", "", "NPS", "nps", "9", T, null, "1", "100", "8", ""});      // spam
    Dataset<Row> production = validate(SurveyExports.withSourceRules(raw, qualtrics(true, false)));
    // A1 kept without customer (segment "(anonymous)" downstream); A3's email links nobody here:
    // unknown_email, as before; previews, tests and spam are no respondent's answers.
    assertRows(production.select(col("response_id"), col("customer_ref"), col(Checks.REASON)),
        "[A1:NPS,null,null]", "[A2:NPS,C2,null]", "[A3:NPS,null,unknown_email]",
        "[A4:NPS,C4,not_a_response]", "[A5:NPS,C5,not_a_response]", "[A6:NPS,null,not_a_response]");
    assertRows(SurveyAnswersBronze.accepted(production).select(col("response_id"), col("customer_ref")),
        "[A1:NPS,null]", "[A2:NPS,C2]");
    // A sandbox counting tests: the preview and the test are responses; spam never is. Without
    // keep-anonymous, A1 is missing_key as a long-form dump's row without customer is.
    Dataset<Row> sandbox = validate(SurveyExports.withSourceRules(raw, qualtrics(false, true)));
    assertRows(sandbox.select(col("response_id"), col(Checks.REASON)),
        "[A1:NPS,missing_key]", "[A2:NPS,null]", "[A3:NPS,unknown_email]", "[A4:NPS,null]", "[A5:NPS,null]",
        "[A6:NPS,missing_key]");
  }

  @Test
  void answerTimesNoAnswerCanHaveAreBadTimestampsAndInvisibleCharactersLeaveIds() {
    Dataset<Row> v = validate(RawFrames.csv(SurveyExports.FIELDS,
        new String[] {"R-YEAR-1", "C1", "NPS", "nps", "9", "0001-01-01T00:00:00Z"},
        new String[] {"R-YEAR-9999", "C1", "NPS", "nps", "9", "9999-12-31T23:59:59Z"},
        new String[] {"R-1999", "C1", "NPS", "nps", "9", "1999-12-31T23:59:59Z"},     // before 2000-01-01
        new String[] {"R-LATE", "C1", "NPS", "nps", "9", "2026-09-16T23:59:59Z"},     // 14 + 2 days: kept
        new String[] {"R-AHEAD", "C1", "NPS", "nps", "9", "2026-09-17T00:00:00Z"},    // a day too far
        // A no-break space after the id, a zero-width space in the reference: R1 once, customer C1.
        new String[] {"R1", "C1", "NPS", "nps", "9", T},
        new String[] {"R1\u00A0", "C\u200B1", "NPS", "nps", "7", T}));
    assertRows(v.select(col("response_id"), col("customer_ref"), col(Checks.REASON)),
        "[R-YEAR-1,C1,bad_timestamp]", "[R-YEAR-9999,C1,bad_timestamp]", "[R-1999,C1,bad_timestamp]",
        "[R-LATE,C1,null]", "[R-AHEAD,C1,bad_timestamp]", "[R1,C1,null]", "[R1,C1,duplicate_id]");
  }
}
