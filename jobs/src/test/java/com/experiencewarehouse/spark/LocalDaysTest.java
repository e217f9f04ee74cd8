package com.experiencewarehouse.spark;

import static com.experiencewarehouse.testing.Rows.assertRows;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.experiencewarehouse.testing.Rows;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class LocalDaysTest {

  private static final ZoneId PACIFIC = ZoneId.of("America/Los_Angeles");

  private static final StructType AT = new StructType().add("at", DataTypes.TimestampType);
  private static final StructType DAY = new StructType().add("day", DataTypes.DateType);

  private static Dataset<Row> instants(String... at) {
    Object[][] rows = new Object[at.length][];
    for (int i = 0; i < at.length; i++) {
      rows[i] = new Object[] {at[i] == null ? null : Timestamp.from(Instant.parse(at[i]))};
    }
    return Rows.frame(AT, rows);
  }

  @Test
  void aTimestampFallsOnItsLocalDayAcrossMidnightAndDaylightSavingChanges() {
    Dataset<Row> at = instants(
        "2026-01-14T07:30:00Z",   // 23:30 PST (UTC-8) on 01-13
        "2026-01-14T08:00:00Z",   // 00:00 PST on 01-14
        "2026-03-08T07:59:59Z",   // 23:59:59 PST on 03-07 (DST starts 03-08 at 02:00 PST)
        "2026-03-08T10:30:00Z",   // 03:30 PDT (UTC-7) on 03-08, after the jump
        "2026-03-09T06:59:59Z",   // 23:59:59 PDT on 03-08: the 23-hour day's last second
        "2026-03-09T07:00:00Z",   // 00:00 PDT on 03-09
        "2026-11-01T08:30:00Z",   // 01:30 PDT on 11-01 (the first 01:30 of the 25-hour day)
        "2026-11-02T07:59:59Z",   // 23:59:59 PST on 11-01
        null);
    assertRows(at.select(col("at").cast("string"), LocalDays.of(col("at"), PACIFIC).as("day")),
        "[2026-01-14 07:30:00,2026-01-13]",
        "[2026-01-14 08:00:00,2026-01-14]",
        "[2026-03-08 07:59:59,2026-03-07]",
        "[2026-03-08 10:30:00,2026-03-08]",
        "[2026-03-09 06:59:59,2026-03-08]",
        "[2026-03-09 07:00:00,2026-03-09]",
        "[2026-11-01 08:30:00,2026-11-01]",
        "[2026-11-02 07:59:59,2026-11-01]",
        "[null,null]");
  }

  @Test
  void inUtcTheLocalDayIsTheUtcDate() {
    assertRows(instants("2026-01-14T07:30:00Z", "2026-01-13T23:59:59Z")
            .select(LocalDays.of(col("at"), ZoneOffset.UTC).as("day"), LocalDays.of(col("at"), ZoneId.of("UTC"))),
        "[2026-01-14,2026-01-14]", "[2026-01-13,2026-01-13]");
  }

  @Test
  void aDayStartsAtLocalMidnightAsAUtcInstant() {
    Dataset<Row> days = Rows.frame(DAY,
        new Object[] {Date.valueOf("2026-01-14")},   // PST: 00:00 = 08:00 UTC
        new Object[] {Date.valueOf("2026-03-08")},   // midnight still PST: 08:00 UTC
        new Object[] {Date.valueOf("2026-03-09")},   // PDT: 00:00 = 07:00 UTC (03-08 had 23 hours)
        new Object[] {Date.valueOf("2026-11-02")},   // PST again: 08:00 UTC (11-01 had 25 hours)
        new Object[] {null});
    assertRows(days.select(col("day"), LocalDays.startOf(col("day"), PACIFIC).cast("string"),
            LocalDays.startOf(col("day"), ZoneOffset.UTC).cast("string")),
        "[2026-01-14,2026-01-14 08:00:00,2026-01-14 00:00:00]",
        "[2026-03-08,2026-03-08 08:00:00,2026-03-08 00:00:00]",
        "[2026-03-09,2026-03-09 07:00:00,2026-03-09 00:00:00]",
        "[2026-11-02,2026-11-02 08:00:00,2026-11-02 00:00:00]",
        "[null,null,null]");
    assertEquals(Instant.parse("2026-03-09T07:00:00Z"), LocalDays.startOf(LocalDate.of(2026, 3, 9), PACIFIC));
    assertEquals(Instant.parse("2026-03-08T08:00:00Z"), LocalDays.startOf(LocalDate.of(2026, 3, 8), PACIFIC));
  }
}
