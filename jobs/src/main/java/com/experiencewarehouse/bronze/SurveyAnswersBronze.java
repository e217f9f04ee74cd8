package com.experiencewarehouse.bronze;

import static com.experiencewarehouse.bronze.Checks.clean;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.upper;
import static org.apache.spark.sql.functions.when;

import com.experiencewarehouse.sources.survey.SurveyExports;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * bronze.survey_answers: one row per answered item of the long-form survey dump, typed and checked
 * against its metric's scale (METRICS.md: off-scale scores are quarantined, never clamped).
 */
public final class SurveyAnswersBronze {

  public static final String TABLE = "bronze.survey_answers";
  public static final String SOURCE = "survey_answers";

  private SurveyAnswersBronze() {}

  /** Scale of each survey type: [min, max]. */
  static Column scaleMin(Column type) {
    return when(type.equalTo("NPS"), 0).when(type.isin("CSAT", "CES", "SUS"), 1);
  }

  static Column scaleMax(Column type) {
    return when(type.equalTo("NPS"), 10).when(type.isin("CSAT", "SUS"), 5).when(type.equalTo("CES"), 7);
  }

  public static Dataset<Row> validate(Dataset<Row> raw) {
    Column type = upper(clean(col("survey_type")));
    Column item = lower(clean(col("item")));
    Column score = Checks.integer(col("score"));
    Column reason = new Checks.Reasons()
        .check(col("_corrupt_record").isNotNull(), "malformed_record")
        .check(Checks.isBlank(col("response_id")), "missing_key")
        .check(Checks.isBlank(col("customer_ref")), "missing_key")
        .check(type.isin("NPS", "CSAT", "CES", "SUS").unary_$bang(), "unknown_survey_type")
        .check(type.equalTo("SUS").and(item.rlike("^sus_([1-9]|10)$").unary_$bang()), "unknown_item")
        .check(Checks.isBlank(col("score")), "missing_score")
        .check(Checks.badInteger(col("score")), "bad_number")
        .check(score.lt(scaleMin(type)).or(score.gt(scaleMax(type))), "score_out_of_range")
        .check(Checks.isBlank(col("responded_at")), "missing_timestamp")
        .check(Checks.timestampWithoutZone(col("responded_at")), "timestamp_without_zone")
        .check(Checks.badTimestamp(col("responded_at")), "bad_timestamp")
        .first();
    Dataset<Row> checked = raw
        .withColumn("raw_record", Checks.rawRecord(SurveyExports.FIELDS.toArray(new String[0])))
        .withColumn(Checks.REASON, reason)
        .withColumn("_type", type)
        .withColumn("_item_key", when(type.equalTo("SUS"), item).otherwise(lit("")));
    Dataset<Row> deduped =
        Duplicates.markLaterOccurrences(checked, clean(col("response_id")), col("_item_key"));
    // SUS: a response needs at least 9 of its 10 items (METRICS.md); otherwise all its rows go.
    Column goodSusItems = count(when(col(Checks.REASON).isNull(), lit(1)))
        .over(Window.partitionBy(clean(col("response_id")), col("_type")));
    return deduped.withColumn(Checks.REASON,
        when(col(Checks.REASON).isNull().and(col("_type").equalTo("SUS")).and(goodSusItems.lt(9)),
            lit("sus_incomplete")).otherwise(col(Checks.REASON)));
  }

  public static Dataset<Row> accepted(Dataset<Row> validated) {
    return Checks.accepted(validated,
        clean(col("response_id")).as("response_id"),
        clean(col("customer_ref")).as("customer_ref"),
        col("_type").as("survey_type"),
        lower(clean(col("item"))).as("item"),
        Checks.integer(col("score")).as("score"),
        Checks.timestamp(col("responded_at")).as("responded_at"),
        col("_source_file"));
  }
}
