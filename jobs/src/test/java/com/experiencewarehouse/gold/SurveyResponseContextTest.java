package com.experiencewarehouse.gold;

import static com.experiencewarehouse.testing.Rows.assertRows;

import com.experiencewarehouse.testing.Rows;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class SurveyResponseContextTest {

  private static Timestamp t(String s) {
    return Timestamp.valueOf(s);
  }

  @Test
  void aDetractorWithAFailedCheckoutAndAnOpenTicketIsOnTheFollowUpList() {
    Dataset<Row> responses = Rows.frame(new StructType()
            .add("response_date", DataTypes.DateType).add("response_id", DataTypes.StringType)
            .add("customer_id", DataTypes.StringType).add("survey_type", DataTypes.StringType)
            .add("score", DataTypes.DoubleType).add("is_promoter", DataTypes.BooleanType)
            .add("is_detractor", DataTypes.BooleanType).add("is_satisfied", DataTypes.BooleanType)
            .add("is_easy", DataTypes.BooleanType).add("responded_at", DataTypes.TimestampType)
            .add("export_date", DataTypes.DateType),
        new Object[] {Date.valueOf("2026-09-20"), "R1:NPS", "c1", "NPS", 3.0, false, true, null, null,
            t("2026-09-20 12:00:00"), Date.valueOf("2026-09-20")},
        new Object[] {Date.valueOf("2026-09-20"), "R2:NPS", "c2", "NPS", 10.0, true, false, null, null,
            t("2026-09-20 13:00:00"), Date.valueOf("2026-09-20")});
    Dataset<Row> sessions = Rows.frame(new StructType()
            .add("session_date", DataTypes.DateType).add("customer_id", DataTypes.StringType)
            .add("session_start_at", DataTypes.TimestampType).add("is_engaged", DataTypes.BooleanType)
            .add("is_converted", DataTypes.BooleanType).add("error_events", DataTypes.LongType),
        new Object[] {Date.valueOf("2026-09-10"), "c1", t("2026-09-10 10:00:00"), true, false, 1L},  // in window
        new Object[] {Date.valueOf("2026-08-01"), "c1", t("2026-08-01 10:00:00"), true, true, 5L},   // > 30 days before
        new Object[] {Date.valueOf("2026-09-10"), "c2", t("2026-09-10 10:00:00"), true, true, 0L});
    Dataset<Row> attempts = Rows.frame(new StructType()
            .add("session_date", DataTypes.DateType).add("customer_id", DataTypes.StringType)
            .add("task_name", DataTypes.StringType).add("started_at", DataTypes.TimestampType)
            .add("is_success", DataTypes.BooleanType).add("time_on_task_s", DataTypes.DoubleType),
        new Object[] {Date.valueOf("2026-09-10"), "c1", "search", t("2026-09-10 10:01:00"), true, 30.0},
        new Object[] {Date.valueOf("2026-09-10"), "c1", "checkout", t("2026-09-10 10:05:00"), false, null},
        new Object[] {Date.valueOf("2026-08-01"), "c1", "checkout", t("2026-08-01 10:05:00"), false, null});
    Dataset<Row> tickets = Rows.frame(new StructType()
            .add("opened_date", DataTypes.DateType).add("customer_id", DataTypes.StringType)
            .add("opened_at", DataTypes.TimestampType).add("closed_at", DataTypes.TimestampType)
            .add("resolution_h", DataTypes.DoubleType),
        new Object[] {Date.valueOf("2026-09-12"), "c1", t("2026-09-12 08:00:00"), null, null},          // open
        new Object[] {Date.valueOf("2026-08-10"), "c1", t("2026-08-10 08:00:00"), t("2026-08-11 08:00:00"), 24.0},
        new Object[] {Date.valueOf("2026-09-21"), "c1", t("2026-09-21 08:00:00"), null, null});         // after
    Dataset<Row> dim = Rows.frame(new StructType()
            .add("customer_id", DataTypes.StringType).add("valid_from", DataTypes.TimestampType)
            .add("valid_to", DataTypes.TimestampType).add("segment", DataTypes.StringType)
            .add("plan", DataTypes.StringType).add("owner", DataTypes.StringType),
        new Object[] {"c1", t("2026-01-01 00:00:00"), null, "smb", "pro", "U-7"},
        new Object[] {"c2", t("2026-01-01 00:00:00"), null, "consumer", "free", "U-7"});

    Dataset<Row> context = SurveyResponseContext.build(responses, sessions, attempts, tickets, dim, 30, "checkout");
    // R1 (c1, 2026-09-20 12:00, window from 2026-08-21 12:00): the 09-10 session (1 error), its two
    // attempts (search ok in 30 s, checkout failed) → success rate 0.5; the 09-12 ticket, still open.
    // R2 (c2): one converted session, no attempts or tickets.
    assertRows(context.select("response_id", "segment", "sessions_in_window", "error_events_in_window",
            "task_attempts_in_window", "failed_task_attempts_in_window", "failed_checkouts_in_window",
            "task_success_rate_in_window", "time_on_task_median_s_in_window", "tickets_in_window",
            "open_tickets_at_response"),
        "[R1:NPS,smb,1,1,2,1,1,0.5,30.0,1,1]",
        "[R2:NPS,consumer,1,0,0,0,0,null,null,0,0]");
    // The composite task (checkout): R1's one checkout in the window failed → 0 of 1 = 0.0; the
    // 08-01 checkout is before the window. R2: no checkout → 0 attempts, rate NULL.
    assertRows(context.select("response_id", "composite_task", "composite_task_attempts_in_window",
            "composite_task_successes_in_window", "composite_task_success_rate_in_window"),
        "[R1:NPS,checkout,1,0,0.0]",
        "[R2:NPS,checkout,0,0,null]");
    // With search as the composite task: R1's search succeeded → 1 of 1.
    assertRows(SurveyResponseContext.build(responses, sessions, attempts, tickets, dim, 30, "search")
            .select("response_id", "composite_task", "composite_task_attempts_in_window",
                "composite_task_success_rate_in_window"),
        "[R1:NPS,search,1,1.0]",
        "[R2:NPS,search,0,null]");
    // Follow-up: only the detractor; priority = 100 × 1 open ticket + 10 × 1 failed checkout + 1
    // error; its two free-text answers in question order (R2's is not a detractor's).
    Dataset<Row> verbatims = Rows.frame(new StructType().add("response_id", DataTypes.StringType)
            .add("question", DataTypes.StringType).add("verbatim_text", DataTypes.StringType),
        new Object[] {"R1", "Q7", "call me at [phone]"},
        new Object[] {"R1", "Q6", "checkout broke"},
        new Object[] {"R2", "Q6", "great"});
    assertRows(DetractorFollowup.build(context, verbatims, LocalDate.of(2026, 9, 20)).select("followup_date",
            "response_id", "customer_id", "segment", "plan", "owner", "reason", "score", "failed_checkouts_in_window",
            "open_tickets_at_response", "priority_score", "verbatim_text"),
        "[2026-09-20,R1:NPS,c1,smb,pro,U-7,nps_detractor,3,1,1,111,checkout broke | call me at [phone]]");
  }
}
