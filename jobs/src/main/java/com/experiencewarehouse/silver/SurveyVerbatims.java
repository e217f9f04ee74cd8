package com.experiencewarehouse.silver;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.regexp_extract;

import com.experiencewarehouse.privacy.ContactDetails;
import com.experiencewarehouse.spark.LocalDays;
import java.time.LocalDate;
import java.time.ZoneId;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * silver.survey_verbatim: free-text survey answers (Qualtrics text questions), one row per response
 * and question, with email addresses and phone numbers replaced by [email] and [phone] so the text
 * can be read beside the scores without exposing contact details.
 */
public final class SurveyVerbatims {

  public static final String TABLE = "silver.survey_verbatim";

  private SurveyVerbatims() {}

  /**
   * @param bronzeAnswers bronze.survey_answers rows of one export (TEXT rows are taken)
   * @param zone the reporting time zone (xw.sources.web.time-zone): response_date is the local day
   */
  public static Dataset<Row> build(Dataset<Row> bronzeAnswers, LocalDate exportDate, ZoneId zone) {
    return bronzeAnswers.filter(col("survey_type").equalTo("TEXT")).select(
        LocalDays.of(col("responded_at"), zone).as("response_date"),
        // The response's own id (R_1a2b:TEXT → R_1a2b), which its scored answers share.
        regexp_extract(col("response_id"), "^(.*):TEXT$", 1).as("response_id"),
        col("item").as("question"),
        col("customer_ref").as("customer_id"),
        col("responded_at"),
        ContactDetails.masked(col("text")).as("verbatim_text"),
        col("is_finished"),
        lit(exportDate).as("export_date"));
  }
}
