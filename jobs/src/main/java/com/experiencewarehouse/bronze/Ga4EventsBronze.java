package com.experiencewarehouse.bronze;

import static com.experiencewarehouse.bronze.Checks.clean;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.timestamp_micros;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.coalesce;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/** bronze.ga4_events: typed GA4 export events of one date; bad events get a reason. */
public final class Ga4EventsBronze {

  public static final String TABLE = "bronze.ga4_events";
  public static final String SOURCE = "ga4_events";

  private Ga4EventsBronze() {}

  /** Raw export rows -> typed columns plus {@link Checks#REASON} and {@code raw_record}. */
  public static Dataset<Row> validate(Dataset<Row> raw, LocalDate fileDate) {
    Column ts = clean(col("event_timestamp"));
    Dataset<Row> typed = raw
        .withColumn("raw_record", coalesce(col("_corrupt_record"), to_json(struct(
            col("event_date"), col("event_timestamp"), col("event_name"), col("event_params"),
            col("user_id"), col("user_pseudo_id"), col("device"), col("geo"),
            col("traffic_source"), col("ecommerce"), col("items")))))
        .withColumn("_event_timestamp_us", Checks.integerLong(ts))
        .withColumn("_event_date", Checks.basicDate(col("event_date")));
    Column reason = new Checks.Reasons()
        .check(col("_corrupt_record").isNotNull(), "malformed_record")
        .check(Checks.isBlank(col("user_pseudo_id")), "missing_key")
        .check(Checks.isBlank(col("event_name")), "missing_key")
        .check(col("_event_timestamp_us").isNull(), "bad_timestamp")
        .check(col("_event_date").isNull(), "bad_date")
        .check(col("_event_date").notEqual(lit(fileDate)), "date_mismatch")
        .first();
    return typed.withColumn(Checks.REASON, reason);
  }

  /** The good rows in bronze.ga4_events' shape (run metadata is added by the writer). */
  public static Dataset<Row> accepted(Dataset<Row> validated) {
    return Checks.accepted(validated,
        col("_event_date").as("event_date"),
        timestamp_micros(col("_event_timestamp_us")).as("event_at"),
        col("_event_timestamp_us").as("event_timestamp_us"),
        clean(col("event_name")).as("event_name"),
        clean(col("user_id")).as("user_id"),
        clean(col("user_pseudo_id")).as("user_pseudo_id"),
        param("ga_session_id", "int_value").cast(DataTypes.LongType).as("ga_session_id"),
        param("page_location", "string_value").as("page_location"),
        param("engagement_time_msec", "int_value").cast(DataTypes.LongType).as("engagement_time_msec"),
        expr("transform(event_params, p -> named_struct('key', p.key, 'string_value', p.value.string_value,"
            + " 'int_value', try_cast(p.value.int_value as bigint), 'float_value', p.value.float_value,"
            + " 'double_value', p.value.double_value))").as("event_params"),
        col("device.category").as("device_category"),
        col("device.operating_system").as("device_os"),
        col("device.web_info.browser").as("device_browser"),
        col("geo.country").as("geo_country"),
        col("geo.city").as("geo_city"),
        col("traffic_source.source").as("traffic_source"),
        col("traffic_source.medium").as("traffic_medium"),
        col("traffic_source.name").as("traffic_campaign"),
        col("ecommerce.transaction_id").as("transaction_id"),
        col("ecommerce.purchase_revenue").as("purchase_revenue"),
        col("items"),
        col("_source_file"));
  }

  /** An event parameter's value by key, e.g. ga_session_id's int_value; NULL when absent. */
  static Column param(String key, String field) {
    // Keys are constants of this class, never input values.
    return expr("try_element_at(filter(event_params, p -> p.key = '" + key + "'), 1).value." + field)
        .try_cast(field.equals("int_value") ? DataTypes.LongType : DataTypes.StringType);
  }

  static String yyyymmdd(LocalDate d) {
    return d.format(DateTimeFormatter.BASIC_ISO_DATE);
  }
}
