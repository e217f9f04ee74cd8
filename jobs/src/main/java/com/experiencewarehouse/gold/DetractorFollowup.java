package com.experiencewarehouse.gold;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.when;

import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * gold.detractor_followup (docs/metrics.md "Detractor follow-up"): the night's NPS detractors (0–6) and
 * CSAT 1–2 answers with what may explain them — failed tasks, errors and open tickets in the window —
 * the account owner from the CRM, and what the respondent wrote (scrubbed) — the list a CX team works
 * through the next morning. Customer keys only, no raw PII.
 */
public final class DetractorFollowup {

  public static final String TABLE = "gold.detractor_followup";

  private DetractorFollowup() {}

  /**
   * @param context gold.survey_response_context rows of the responses exported that night
   * @param verbatims silver.survey_verbatim rows (free-text answers, scrubbed) of those responses
   */
  public static Dataset<Row> build(Dataset<Row> context, Dataset<Row> verbatims, LocalDate night) {
    // By flag: an NPS answer exported only as its group has no score.
    Column npsDetractor = col("survey_type").equalTo("NPS").and(col("is_detractor"));
    Column csatLow = col("survey_type").equalTo("CSAT").and(col("score").leq(2));
    // A response's free-text answers, in question order, beside its score (Qualtrics ids: a scored
    // answer is "R_1a2b:NPS", its verbatims share "R_1a2b").
    Dataset<Row> said = verbatims.groupBy(col("response_id").as("_v_id")).agg(
        expr("array_join(transform(sort_array(collect_list(struct(question, verbatim_text))), v -> v.verbatim_text), ' | ')")
            .as("verbatim_text"));
    return context.filter(npsDetractor.or(csatLow))
        .join(said, when(col("response_id").rlike("^.+:[A-Z]+$"), regexp_extract(col("response_id"), "^(.+):[A-Z]+$", 1))
            .equalTo(col("_v_id")), "left_outer")
        .select(
        lit(night).as("followup_date"),
        col("response_id"),
        col("customer_id"),
        col("segment"),
        col("plan"),
        col("owner"),
        when(npsDetractor, lit("nps_detractor")).otherwise(lit("csat_low")).as("reason"),
        col("survey_type"),
        col("score").cast("int").as("score"),
        col("responded_at"),
        col("failed_task_attempts_in_window"),
        col("failed_checkouts_in_window"),
        col("error_events_in_window"),
        col("tickets_in_window"),
        col("open_tickets_at_response"),
        col("verbatim_text"),
        // Most to explain first: open tickets, then failed checkouts, then errors.
        col("open_tickets_at_response").multiply(100)
            .plus(col("failed_checkouts_in_window").multiply(10))
            .plus(col("error_events_in_window")).as("priority_score"));
  }
}
