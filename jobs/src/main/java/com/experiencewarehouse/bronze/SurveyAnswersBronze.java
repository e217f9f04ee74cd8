package com.experiencewarehouse.bronze;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.upper;
import static org.apache.spark.sql.functions.when;

import com.experiencewarehouse.sources.survey.SurveyExports;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * bronze.survey_answers: one row per answered item of the long-form survey dump, typed and checked
 * against its metric's scale (docs/metrics.md: off-scale scores are quarantined, never clamped).
 */
public final class SurveyAnswersBronze {

  public static final String TABLE = "bronze.survey_answers";
  public static final String SOURCE = "survey_answers";

  private SurveyAnswersBronze() {}

  /** An NPS answer given as its group (Qualtrics' *_NPS_GROUP: 1 detractor, 2 passive, 3 promoter). */
  public static final String NPS_GROUP = "nps_group";

  /** Lowest valid score of each survey type (and item). */
  static Column scaleMin(Column type, Column item) {
    return when(type.equalTo("NPS").and(item.equalTo(NPS_GROUP)), 1)
        .when(type.equalTo("NPS"), 0).when(type.isin("CSAT", "CES", "SUS"), 1);
  }

  /** Highest valid score of each survey type (and item). */
  static Column scaleMax(Column type, Column item) {
    return when(type.equalTo("NPS").and(item.equalTo(NPS_GROUP)), 3)
        .when(type.equalTo("NPS"), 10).when(type.isin("CSAT", "SUS"), 5).when(type.equalTo("CES"), 7);
  }

  /**
   * Qualtrics response statuses that are not a respondent's answers: previews and tests (counted
   * by a source that says so: a sandbox), and spam (never counted).
   */
  static final List<String> TEST_RESPONSE = List.of("1", "2", "17", "survey preview", "survey test",
      "offline survey preview");
  static final List<String> SPAM = List.of("8", "9", "12", "spam", "preview spam", "imported spam");

  /** @param times when an answer can have been given (outside: bad_timestamp) */
  public static Dataset<Row> validate(Dataset<Row> raw, Checks.PlausibleTimes times) {
    Dataset<Row> ids = Checks.withIds(Checks.prepare(raw, SurveyExports.FIELDS, SurveyExports.FIELDS),
        "response_id", "customer_ref");
    Dataset<Row> typed = ids
        // A reference that is an email is its customer's id, or none (unknown_email): never kept raw.
        .withColumn("_ref_is_email", ContactReferences.isEmail(col("customer_ref")))
        .withColumn("customer_ref", ContactReferences.resolved(ids, col("customer_ref")))
        .withColumn("_type", upper(col("survey_type")))
        // Items are lower case (nps, sus_7); a TEXT answer's item is its question's column as exported.
        .withColumn("_item", when(upper(col("survey_type")).equalTo("TEXT"), col("item")).otherwise(lower(col("item"))))
        .withColumn("_score", Checks.integer(col("score")))
        .withColumn("_responded_at", Checks.timestamp(col("responded_at")))
        .withColumn("_finished", Checks.bool(col("finished")))
        .withColumn("_progress", Checks.integer(col("progress")));
    Column type = col("_type");
    Column reason = new Checks.Reasons()
        .check(col("_corrupt_record").isNotNull(), "malformed_record")
        .check(col("response_id").isNull(), "missing_key")
        .check(col("customer_ref").isNull().and(col("customer_email").isNotNull().or(col("_ref_is_email"))),
            "unknown_email")
        .check(col("customer_ref").isNull().and(flag(raw, SurveyExports.ANONYMOUS).unary_$bang()), "missing_key")
        .check(ContactReferences.isPhone(col("customer_ref")), "phone_as_id")
        .check(Checks.hasControlCharacter(col("response_id")).or(Checks.hasControlCharacter(col("customer_ref"))),
            "bad_id")
        .check(lower(col("status")).isin(TEST_RESPONSE.toArray()).and(flag(raw, SurveyExports.COUNTS_TESTS).unary_$bang())
            .or(lower(col("status")).isin(SPAM.toArray())), "not_a_response")
        .check(col("survey_type").isNull(), "no_answer")
        .check(type.isin("NPS", "CSAT", "CES", "SUS", "TEXT").unary_$bang(), "unknown_survey_type")
        .check(type.equalTo("SUS").and(col("_item").rlike("^sus_([1-9]|10)$").unary_$bang()), "unknown_item")
        // A free-text answer (TEXT, from Qualtrics) has text and no score.
        .check(type.equalTo("TEXT").and(col("text").isNull()), "no_answer")
        .check(type.notEqual("TEXT").and(col("score").isNull()), "missing_score")
        .check(Checks.unparsable(col("score"), col("_score")), "bad_number")
        .check(col("_score").lt(scaleMin(type, col("_item"))).or(col("_score").gt(scaleMax(type, col("_item")))),
            "score_out_of_range")
        .check(col("responded_at").isNull(), "missing_timestamp")
        .check(Checks.withoutZone(col("responded_at")), "timestamp_without_zone")
        .check(col("_responded_at").isNull().or(times.outside(col("_responded_at"))), "bad_timestamp")
        .check(Checks.unparsable(col("finished"), col("_finished")), "bad_boolean")
        .check(Checks.unparsable(col("progress"), col("_progress"))
            .or(col("_progress").lt(0)).or(col("_progress").gt(100)), "bad_number")
        .first();
    Dataset<Row> checked = typed
        .withColumn(Checks.REASON, reason)
        // One row per response for NPS/CSAT/CES, one per item for SUS and per question for TEXT.
        .withColumn("_item_key", when(type.isin("SUS", "TEXT"), col("_item")).otherwise(lit("")));
    Dataset<Row> deduped =
        Duplicates.markLaterOccurrences(checked, col("response_id"), col("_item_key"));
    // SUS: a response needs at least 9 of its 10 items (docs/metrics.md); otherwise all its rows go.
    Column goodItems = count(when(col(Checks.REASON).isNull(), lit(1)))
        .over(Window.partitionBy(col("response_id"), col("_type")));
    return deduped.withColumn(Checks.REASON,
        when(col(Checks.REASON).isNull().and(type.equalTo("SUS")).and(goodItems.lt(9)),
            lit("sus_incomplete")).otherwise(col(Checks.REASON)));
  }

  /** A source rule's flag ({@link SurveyExports#withSourceRules}); false where the frame has none. */
  private static Column flag(Dataset<Row> raw, String name) {
    return java.util.Arrays.asList(raw.columns()).contains(name) ? coalesce(col(name), lit(false)) : lit(false);
  }

  /**
   * Raw answers without a customer_ref take the id of the customer whose email is their
   * customer_email (trimmed, case-insensitive) among {@code customers} (the night's bronze
   * customers: customer_id, email); an email no customer or several customers have links nothing.
   */
  public static Dataset<Row> linkByEmail(Dataset<Row> raw, Dataset<Row> customers) {
    Column ref = Checks.clean(col("customer_ref"));
    return raw.join(ContactReferences.uniqueEmails(customers),
            ref.isNull().and(lower(trim(col("customer_email"))).equalTo(col("_link_email"))), "left")
        .withColumn("customer_ref", coalesce(ref, col("_linked_id")))
        .drop("_link_email", "_linked_id");
  }

  public static Dataset<Row> accepted(Dataset<Row> validated) {
    return Checks.accepted(validated,
        col("response_id"),
        col("customer_ref"),
        col("_type").as("survey_type"),
        col("_item").as("item"),
        col("_score").as("score"),
        col("_responded_at").as("responded_at"),
        // Raw, as answered (bronze keeps input as it came; silver scrubs it).
        col("text"),
        // Unfinished responses (closed before the end) are kept, and flagged; no flag: finished.
        coalesce(col("_finished"), lit(true)).as("is_finished"),
        col("_progress").as("progress_pct"),
        col("_source_file"));
  }
}
