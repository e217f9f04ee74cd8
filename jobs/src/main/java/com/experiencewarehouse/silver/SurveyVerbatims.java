package com.experiencewarehouse.silver;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.to_date;

import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * silver.survey_verbatim: free-text survey answers (Qualtrics text questions), one row per response
 * and question, with email addresses and phone numbers replaced by [email] and [phone] so the text
 * can be read beside the scores without exposing contact details.
 */
public final class SurveyVerbatims {

  public static final String TABLE = "silver.survey_verbatim";

  /** An email address: something@domain.tld. */
  static final String EMAIL = "[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}";

  /**
   * A phone number: 7 or more characters of digits with spaces, dots, dashes or parentheses
   * between, maybe after a +; not a yyyy-MM-dd date, not inside a word. Privacy first: a 7-digit
   * order number reads as a phone too.
   */
  static final String PHONE = "(?<![\\w+-])(?!\\d{4}-\\d{2}-\\d{2}(?![\\w-]))\\+?\\(?\\d[\\d\\s().-]{5,}\\d(?![\\w-])";

  private SurveyVerbatims() {}

  /** Contact details in a text replaced by [email] / [phone]. */
  public static Column scrubbed(Column text) {
    return regexp_replace(regexp_replace(text, EMAIL, "[email]"), PHONE, "[phone]");
  }

  /** @param bronzeAnswers bronze.survey_answers rows of one export (TEXT rows are taken) */
  public static Dataset<Row> build(Dataset<Row> bronzeAnswers, LocalDate exportDate) {
    return bronzeAnswers.filter(col("survey_type").equalTo("TEXT")).select(
        to_date(col("responded_at")).as("response_date"),
        // The response's own id (R_1a2b:TEXT → R_1a2b), which its scored answers share.
        regexp_extract(col("response_id"), "^(.*):TEXT$", 1).as("response_id"),
        col("item").as("question"),
        col("customer_ref").as("customer_id"),
        col("responded_at"),
        scrubbed(col("text")).as("verbatim_text"),
        col("is_finished"),
        lit(exportDate).as("export_date"));
  }
}
