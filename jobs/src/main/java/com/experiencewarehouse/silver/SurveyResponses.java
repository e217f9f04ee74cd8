package com.experiencewarehouse.silver;

import static com.experiencewarehouse.metrics.Metrics.sus;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import com.experiencewarehouse.bronze.SurveyAnswersBronze;
import com.experiencewarehouse.spark.LocalDays;
import java.time.LocalDate;
import java.time.ZoneId;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * silver.survey_response: one row per survey response in one shape for every survey type: its
 * score on the metric's own scale (NPS 0–10, CSAT 1–5, CES 1–7, SUS 0–100) and the category flags
 * the scorecards count (docs/metrics.md "Surveys"). An NPS answer exported only as its group (promoter,
 * passive, detractor) has its flags and no score.
 */
public final class SurveyResponses {

  public static final String TABLE = "silver.survey_response";

  private SurveyResponses() {}

  /** {@link #build(Dataset, LocalDate, ZoneId)} with response_date the UTC day. */
  public static Dataset<Row> build(Dataset<Row> bronzeAnswers, LocalDate exportDate) {
    return build(bronzeAnswers, exportDate, java.time.ZoneOffset.UTC);
  }

  /** @param zone the reporting time zone (xw.sources.web.time-zone): response_date is the local day */
  public static Dataset<Row> build(Dataset<Row> bronzeAnswers, LocalDate exportDate, ZoneId zone) {
    Column itemNo = regexp_extract(col("item"), "^sus_(\\d+)$", 1).cast("int");
    // SUS contribution: odd items x − 1, even items 5 − x.
    Column contribution = when(itemNo.mod(2).equalTo(1), col("score").minus(1))
        .otherwise(lit(5).minus(col("score")));
    // Free-text answers are verbatims (silver.survey_verbatim), not scored responses.
    Dataset<Row> perResponse = bronzeAnswers.filter(col("survey_type").notEqual("TEXT")).groupBy(
            col("response_id"), col("customer_ref"), col("survey_type"))
        .agg(
            max(col("responded_at")).as("responded_at"),
            max(col("score")).as("_single_score"),
            max(when(col("item").equalTo(SurveyAnswersBronze.NPS_GROUP), col("score"))).as("_nps_group"),
            sum(when(col("survey_type").equalTo("SUS"), contribution)).as("_sus_sum"),
            count(lit(1)).as("items_answered"),
            min(col("is_finished")).as("is_finished"),
            max(col("progress_pct")).as("progress_pct"));
    Column type = col("survey_type");
    // An NPS answer given only as its group has no 0–10 score, but is a promoter or detractor.
    Column group = col("_nps_group");
    Column score = when(type.equalTo("SUS"), sus(col("_sus_sum"), col("items_answered")))
        .when(group.isNotNull(), lit(null).cast("double"))
        .otherwise(col("_single_score").cast("double"));
    return perResponse.select(
        LocalDays.of(col("responded_at"), zone).as("response_date"),
        col("response_id"),
        col("customer_ref").as("customer_id"),
        type.as("survey_type"),
        score.as("score"),
        col("items_answered"),
        col("responded_at"),
        when(type.equalTo("NPS"), when(group.isNotNull(), group.equalTo(3)).otherwise(col("_single_score").geq(9)))
            .as("is_promoter"),
        when(type.equalTo("NPS"), when(group.isNotNull(), group.equalTo(1)).otherwise(col("_single_score").leq(6)))
            .as("is_detractor"),
        when(type.equalTo("CSAT"), col("_single_score").geq(4)).as("is_satisfied"),
        when(type.equalTo("CES"), col("_single_score").geq(5)).as("is_easy"),
        col("is_finished"),
        col("progress_pct"),
        lit(exportDate).as("export_date"));
  }
}
