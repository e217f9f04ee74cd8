package com.experiencewarehouse.sources;

import static org.apache.spark.sql.functions.to_utc_timestamp;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataTypes;

/**
 * Strict readings of exported text that readers and bronze share: a cleaned value, an ISO-8601
 * timestamp with a zone. Each yields NULL instead of failing, so a bad value becomes a quarantine
 * reason in bronze rather than an error.
 */
public final class TextValues {

  /** ISO-8601 date-time with an explicit zone (Z or ±hh:mm); a timestamp without zone is ambiguous. */
  public static final String ISO_TIMESTAMP =
      "^\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:?\\d{2})$";
  public static final String ISO_TIMESTAMP_NO_ZONE =
      "^\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?$";

  private TextValues() {}

  /** Trimmed string, NULL when blank. */
  public static Column clean(Column c) {
    Column t = trim(c);
    return when(t.notEqual(""), t);
  }

  /** Timestamp from ISO-8601 text with a zone; NULL when malformed or impossible (2026-02-30). */
  public static Column isoTimestamp(Column text) {
    return when(text.rlike(ISO_TIMESTAMP), text.try_cast(DataTypes.TimestampType));
  }

  /**
   * Timestamp from ISO-8601 text with a zone, or, when {@code zone} is not "", without one as a
   * wall-clock time in that zone; NULL when malformed or impossible.
   */
  public static Column isoTimestamp(Column text, String zone) {
    if (zone.isEmpty()) {
      return isoTimestamp(text);
    }
    // The session's zone is UTC, so a zone-less cast yields the wall-clock time, then moved to UTC.
    return when(text.rlike(ISO_TIMESTAMP), text.try_cast(DataTypes.TimestampType))
        .when(text.rlike(ISO_TIMESTAMP_NO_ZONE), to_utc_timestamp(text.try_cast(DataTypes.TimestampType), zone));
  }
}
