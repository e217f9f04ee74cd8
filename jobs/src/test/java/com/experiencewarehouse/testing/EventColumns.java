package com.experiencewarehouse.testing;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Hand-built bronze.ga4_events frames: the columns sessionization reads, shared by the silver tests. */
public final class EventColumns {

  private EventColumns() {}

  /** The columns of bronze.ga4_events that sessionization reads (a test adds what else it needs). */
  public static final StructType SESSIONIZED = new StructType()
      .add("event_date", DataTypes.DateType)
      .add("event_at", DataTypes.TimestampType)
      .add("event_timestamp_us", DataTypes.LongType)
      .add("event_name", DataTypes.StringType)
      .add("user_id", DataTypes.StringType)
      .add("user_pseudo_id", DataTypes.StringType)
      .add("ga_session_id", DataTypes.LongType)
      .add("page_location", DataTypes.StringType)
      .add("device_category", DataTypes.StringType)
      .add("geo_country", DataTypes.StringType)
      .add("traffic_source", DataTypes.StringType)
      .add("traffic_medium", DataTypes.StringType)
      .add("duration_msec", DataTypes.LongType);
}
