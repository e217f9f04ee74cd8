package com.experiencewarehouse.bronze;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.timestamp_micros;
import static org.apache.spark.sql.functions.unix_date;

import com.experiencewarehouse.sources.ga4.Ga4Export;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * bronze.ga4_events: typed GA4 export events of one date; bad events get a reason. Events without
 * a device id (consent mode: no analytics cookie) are kept; they belong to no session and are
 * counted in their own bucket, gold.consent_mode_daily.
 */
public final class Ga4EventsBronze {

  public static final String TABLE = "bronze.ga4_events";
  public static final String SOURCE = "ga4_events";

  private static final List<String> TEXT = List.of(
      "event_date", "event_timestamp", "event_name", "event_bundle_sequence_id", "user_id", "user_pseudo_id");
  private static final List<String> RAW = List.of(
      "event_date", "event_timestamp", "event_name", "event_params", "event_bundle_sequence_id", "user_id",
      "user_pseudo_id", "device", "geo", "traffic_source", "ecommerce", "items", "event_value_in_usd",
      "collected_traffic_source", "session_traffic_source_last_click");

  private Ga4EventsBronze() {}

  /** Raw export rows -> typed columns plus {@link Checks#REASON} and {@code raw_record}. */
  public static Dataset<Row> validate(Dataset<Row> raw, LocalDate fileDate) {
    Dataset<Row> typed = Checks.withIds(Checks.prepare(raw, TEXT, RAW, col(Ga4Export.RAW_TEXT)),
            "user_id", "user_pseudo_id")
        .withColumn("_event_timestamp_us", Checks.integerLong(col("event_timestamp")))
        .withColumn("_event_date", Checks.basicDate(col("event_date")))
        // GA4 writes the bundle's sequence id as any INT64, negative ones included.
        .withColumn("_bundle_seq", Checks.integerLong(col("event_bundle_sequence_id")))
        // session_engaged comes as int_value 1 or as string_value "1"/"0", depending on the stream.
        .withColumn("_engaged_text", Checks.clean(coalesce(paramText("session_engaged", "int_value"),
            paramText("session_engaged", "string_value"))))
        .withColumn("_engaged", Checks.bool(col("_engaged_text")))
        // Another tool's duration (WebEventsExport): milliseconds as int_value, or, when it was no
        // duration, the text as written as string_value.
        .withColumn("_duration_text", Checks.clean(paramText(Ga4Export.DURATION_PARAM, "int_value")))
        .withColumn("_duration_bad_text", Checks.clean(paramText(Ga4Export.DURATION_PARAM, "string_value")))
        .withColumn("_duration_ms", Checks.integerLong(col("_duration_text")));
    Column reason = new Checks.Reasons()
        .check(col("_corrupt_record").isNotNull(), "malformed_record")
        .check(col("event_name").isNull(), "missing_key")
        .check(col("_event_timestamp_us").isNull(), "bad_timestamp")
        .check(col("_event_date").isNull(), "bad_date")
        .check(farFromItsDate(col("_event_timestamp_us"), col("_event_date")), "bad_timestamp")
        .check(col("_event_date").notEqual(lit(fileDate)), "date_mismatch")
        .check(Checks.unparsable(col("event_bundle_sequence_id"), col("_bundle_seq")), "bad_number")
        .check(Checks.unparsable(col("_engaged_text"), col("_engaged")), "bad_boolean")
        .check(col("_duration_bad_text").isNotNull()
            .or(Checks.unparsable(col("_duration_text"), col("_duration_ms"))).or(col("_duration_ms").lt(0)),
            "bad_number")
        .first();
    return typed.withColumn(Checks.REASON, reason);
  }

  /**
   * True when an event's time (µs since the epoch, UTC) lies more than a day outside its event_date in
   * any zone (UTC−12 to UTC+14): GA4 derives event_date from the event's time in the property's
   * zone, so such a time (year 0001, 9999, −1 µs, 2^63 − 1) is none the event had, and left in it would
   * move the event's whole session to a day no table reads. Plain arithmetic on days, so no time
   * overflows.
   */
  static Column farFromItsDate(Column timestampUs, Column eventDate) {
    Column day = unix_date(eventDate).cast(DataTypes.LongType);
    Column from = day.minus(2).multiply(Checks.MICROS_PER_DAY);
    Column until = day.plus(3).multiply(Checks.MICROS_PER_DAY);
    return timestampUs.lt(from).or(timestampUs.geq(until));
  }

  /** The good rows in bronze.ga4_events' shape (run metadata is added by the writer). */
  public static Dataset<Row> accepted(Dataset<Row> validated) {
    return Checks.accepted(validated,
        col("_event_date").as("event_date"),
        timestamp_micros(col("_event_timestamp_us")).as("event_at"),
        col("_event_timestamp_us").as("event_timestamp_us"),
        col("event_name"),
        col("_bundle_seq").as("event_bundle_sequence_id"),
        col("user_id"),
        col("user_pseudo_id"),
        param("ga_session_id", "int_value").as("ga_session_id"),
        param("page_location", "string_value").as("page_location"),
        param("engagement_time_msec", "int_value").as("engagement_time_msec"),
        col("_duration_ms").as("duration_msec"),
        col("_engaged").as("session_engaged"),
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
        col("_source_file"),
        // Appended: the page's referrer, the event's value in USD, the traffic source collected with
        // the event and GA4's session-scoped last click (NULL in exports without them).
        param("page_referrer", "string_value").as("page_referrer"),
        col("event_value_in_usd"),
        col("collected_traffic_source.manual_source").as("collected_source"),
        col("collected_traffic_source.manual_medium").as("collected_medium"),
        col("collected_traffic_source.manual_campaign_name").as("collected_campaign"),
        col("collected_traffic_source.gclid").as("collected_gclid"),
        col("session_traffic_source_last_click.manual_campaign.source").as("last_click_source"),
        col("session_traffic_source_last_click.manual_campaign.medium").as("last_click_medium"),
        col("session_traffic_source_last_click.manual_campaign.campaign_name").as("last_click_campaign"));
  }

  /** An event parameter's value by key, e.g. ga_session_id's int_value; NULL when absent. */
  static Column param(String key, String field) {
    Column v = paramText(key, field);
    return field.equals("int_value") ? v.try_cast(DataTypes.LongType) : v;
  }

  /** An event parameter's value field as read (text for int_value); NULL when absent or null. */
  private static Column paramText(String key, String field) {
    // Keys are constants of this class, never input values.
    return expr("try_element_at(filter(event_params, p -> p.key = '" + key + "'), 1).value." + field);
  }
}
