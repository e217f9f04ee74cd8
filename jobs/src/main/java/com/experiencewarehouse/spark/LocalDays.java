package com.experiencewarehouse.spark;

import static org.apache.spark.sql.functions.from_utc_timestamp;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.to_utc_timestamp;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.apache.spark.sql.Column;

/**
 * Days in the web property's reporting time zone (xw.sources.web.time-zone), in which GA4 writes
 * event_date: every *_date the job derives from a timestamp is one, so a Pacific property's session
 * at 19:00 local (02:00 UTC the next day) is filed under its own day. Timestamps stay UTC and the
 * session stays in UTC (spark.sql.session.timeZone): the conversion is explicit here.
 */
public final class LocalDays {

  private LocalDays() {}

  /** The local day of a UTC timestamp column; NULL for NULL. */
  public static Column of(Column timestampUtc, ZoneId zone) {
    return to_date(isUtc(zone) ? timestampUtc : from_utc_timestamp(timestampUtc, zone.getId()));
  }

  /**
   * The instant (a UTC timestamp) of local midnight that starts a date column's day; on a day whose
   * midnight does not exist (a DST jump at 00:00) the first instant of the day.
   */
  public static Column startOf(Column date, ZoneId zone) {
    Column midnight = date.cast("timestamp");
    return isUtc(zone) ? midnight : to_utc_timestamp(midnight, zone.getId());
  }

  /** The instant local midnight of {@code day} starts (the day's first instant). */
  public static Instant startOf(LocalDate day, ZoneId zone) {
    return day.atStartOfDay(zone).toInstant();
  }

  private static boolean isUtc(ZoneId zone) {
    return zone.normalized().equals(java.time.ZoneOffset.UTC);
  }
}
