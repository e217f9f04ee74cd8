package com.experiencewarehouse.gold;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import com.experiencewarehouse.config.Settings.WebEventSettings;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * gold.consent_mode_daily: web events sent without a device id (GA4 consent mode, no analytics
 * cookie), per date. They cannot be put in sessions or linked to anyone, so they are kept apart
 * rather than dropped or mixed into the anonymous sessions.
 */
public final class ConsentModeDaily {

  public static final String TABLE = "gold.consent_mode_daily";

  private ConsentModeDaily() {}

  /** @param events bronze.ga4_events rows of the dates to count */
  public static Dataset<Row> build(Dataset<Row> events, WebEventSettings w) {
    return events.filter(col("user_pseudo_id").isNull())
        .groupBy(col("event_date")).agg(
            count(lit(1)).as("events"),
            count(when(col("event_name").equalTo(w.pageView()), 1)).as("page_views"),
            count(when(col("event_name").isin(w.conversion().toArray()), 1)).as("conversion_events"),
            count(when(col("event_name").isin(w.errors().toArray()), 1)).as("error_events"),
            countDistinct(col("ga_session_id")).as("distinct_ga_session_ids"))
        .select(col("event_date"), col("events"), col("page_views"), col("conversion_events"),
            col("error_events"), col("distinct_ga_session_ids"));
  }
}
