package com.experiencewarehouse.gold;

import static com.experiencewarehouse.metrics.Metrics.ratio;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.percentile;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * gold.customer_experience_daily: one row per customer and date with every UX and CX measure of that
 * day — what they did on the site (sessions, tasks, errors) next to what they said (survey scores)
 * and asked (tickets). Segment and plan as in that day's CRM snapshot.
 */
public final class CustomerExperienceDaily {

  public static final String TABLE = "gold.customer_experience_daily";

  private static final String[] COUNTS = {
      "sessions", "engaged_sessions", "page_views", "converted_sessions", "add_to_cart_sessions",
      "purchase_sessions", "error_events", "sessions_with_error", "task_attempts", "task_successes",
      "task_failures", "tickets_opened"};

  private CustomerExperienceDaily() {}

  public static Dataset<Row> build(Dataset<Row> sessions, Dataset<Row> attempts,
      Dataset<Row> responses, Dataset<Row> tickets, Dataset<Row> customers) {
    Dataset<Row> web = sessions.filter(col("customer_id").isNotNull())
        .groupBy(col("customer_id"), col("session_date").as("activity_date")).agg(
            count(lit(1)).as("sessions"),
            count(when(col("is_engaged"), 1)).as("engaged_sessions"),
            sum(col("page_views")).as("page_views"),
            count(when(col("is_converted"), 1)).as("converted_sessions"),
            count(when(col("has_add_to_cart"), 1)).as("add_to_cart_sessions"),
            count(when(col("has_purchase"), 1)).as("purchase_sessions"),
            sum(col("error_events")).as("error_events"),
            count(when(col("error_events").gt(0), 1)).as("sessions_with_error"),
            sum(col("duration_s")).as("session_duration_s"));
    Dataset<Row> tasks = attempts.filter(col("customer_id").isNotNull())
        .groupBy(col("customer_id"), col("session_date").as("activity_date")).agg(
            count(lit(1)).as("task_attempts"),
            count(when(col("is_success"), 1)).as("task_successes"),
            count(when(col("is_success").unary_$bang(), 1)).as("task_failures"),
            percentile(col("time_on_task_s"), lit(0.5)).as("time_on_task_median_s"));
    Column at = col("responded_at");
    Dataset<Row> said = responses.filter(col("customer_id").isNotNull())
        .groupBy(col("customer_id"), col("response_date").as("activity_date")).agg(
            // The day's last answer of each type.
            max_by(when(col("survey_type").equalTo("NPS"), col("score")),
                when(col("survey_type").equalTo("NPS"), at)).cast("int").as("nps_score"),
            // Flags too: an NPS answer exported only as its group has no score.
            max_by(when(col("survey_type").equalTo("NPS"), col("is_promoter")),
                when(col("survey_type").equalTo("NPS"), at)).as("is_promoter"),
            max_by(when(col("survey_type").equalTo("NPS"), col("is_detractor")),
                when(col("survey_type").equalTo("NPS"), at)).as("is_detractor"),
            max_by(when(col("survey_type").equalTo("CSAT"), col("score")),
                when(col("survey_type").equalTo("CSAT"), at)).cast("int").as("csat_score"),
            max_by(when(col("survey_type").equalTo("CES"), col("score")),
                when(col("survey_type").equalTo("CES"), at)).cast("int").as("ces_score"),
            max_by(when(col("survey_type").equalTo("SUS"), col("score")),
                when(col("survey_type").equalTo("SUS"), at)).as("sus_score"));
    Dataset<Row> asked = tickets.filter(col("customer_id").isNotNull())
        .groupBy(col("customer_id"), col("opened_date").as("activity_date")).agg(
            count(lit(1)).as("tickets_opened"));
    Dataset<Row> merged = KeyedMerge.byKey(List.of(web, tasks, said, asked),
        List.of("customer_id", "activity_date"), Set.of(COUNTS));
    Dataset<Row> withSegment = Segments.attach(merged, "activity_date", customers);
    return withSegment.select(
        col("activity_date"),
        col("customer_id"),
        col("segment"),
        col("plan"),
        col("sessions"),
        col("engaged_sessions"),
        col("page_views"),
        col("session_duration_s"),
        col("converted_sessions"),
        col("add_to_cart_sessions"),
        col("purchase_sessions"),
        col("error_events"),
        col("sessions_with_error"),
        col("task_attempts"),
        col("task_successes"),
        col("task_failures"),
        ratio(col("task_successes"), col("task_attempts")).as("task_success_rate"),
        col("time_on_task_median_s"),
        col("tickets_opened"),
        col("nps_score"),
        col("is_promoter"),
        col("is_detractor"),
        col("csat_score"),
        col("ces_score"),
        col("sus_score"));
  }
}
