package com.experiencewarehouse.sources.events;

import static com.experiencewarehouse.testing.Rows.assertRows;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.experiencewarehouse.config.Settings.WebSource;
import com.experiencewarehouse.config.SettingsLoader;
import com.experiencewarehouse.sources.InputFiles;
import com.experiencewarehouse.testing.Rows;
import com.experiencewarehouse.testing.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebEventsExportTest {

  private static final StructType TEXT = new StructType().add("ts", DataTypes.StringType);

  @Test
  void timestampsAreReadInEachConfiguredFormatAndOtherTextIsNull() {
    // 2026-09-14T01:14:56Z = 1789348496 s.
    var rows = Rows.frame(TEXT, new Object[] {"1789348496.5"}, new Object[] {"1789348496123"},
        new Object[] {"1789348496000001"}, new Object[] {"2026-09-14T03:14:56.25+02:00"},
        new Object[] {"2026-09-14 01:14:56"}, new Object[] {"yesterday"}, new Object[] {" "});
    assertRows(rows.select(col("ts"), WebEventsExport.micros(col("ts"), "epoch-s").as("s"),
            WebEventsExport.micros(col("ts"), "epoch-ms").as("ms"), WebEventsExport.micros(col("ts"), "epoch-us").as("us"),
            WebEventsExport.micros(col("ts"), "iso").as("iso")),
        // 1789348496.5 s → …496 500000 µs; as ms it has a fraction of 1 digit → 1789348496.5 ms = 1789348496500 µs
        "[1789348496.5,1789348496500000,1789348496500,null,null]",
        // 1789348496123 ms → ×1000 µs; as s it is 56 700 years on: still an integer, kept
        "[1789348496123,1789348496123000000,1789348496123000,1789348496123,null]",
        // as s: 1.789e21 µs is beyond a 64-bit count of microseconds → NULL, not an overflow error
        "[1789348496000001,null,1789348496000001000,1789348496000001,null]",
        // 03:14:56.25 at +02:00 = 01:14:56.25 UTC
        "[2026-09-14T03:14:56.25+02:00,null,null,null,1789348496250000]",
        // no zone: which clock is unknown → NULL (bad_timestamp in bronze)
        "[2026-09-14 01:14:56,null,null,null,null]",
        "[yesterday,null,null,null,null]",
        "[ ,null,null,null,null]");
  }

  @Test
  void aParquetExportWithoutARequiredColumnIsUnusable(@TempDir Path dir) {
    Path folder = dir.resolve("web");
    SharedSpark.get().sql("SELECT TIMESTAMP'2026-09-14 01:14:56' AS `Timestamp`, 'v1' AS `Anonymous ID`")
        .coalesce(1).write().parquet(folder.toString());
    WebSource w = new WebSource("", "events-parquet", "web", "*.parquet", "", Map.of("timestamp", "Timestamp",
        "visitor_id", "Anonymous ID", "event_name", "Event"), Map.of(), "iso", "", "s", Map.of());
    InputFiles.BadInputException e = assertThrows(InputFiles.BadInputException.class,
        () -> WebEventsExport.files(SharedSpark.get(), w, folder.toString(), "*.parquet"));
    // One line naming the file, the column and the field (exit 2, before any write).
    assertTrue(e.getMessage().matches(
        "web events file file:\\S+/web/part-\\S+\\.parquet has no column 'Event' \\(mapped from field event_name\\)"),
        e.getMessage());
  }

  @Test
  void zoneLessDateTimesAreWallClockTimesOfTheConfiguredZone() {
    var rows = Rows.frame(TEXT, new Object[] {"2026-09-14 01:14:56.695"}, new Object[] {"2026-09-14T01:14:56.123456789"},
        new Object[] {"2026-01-14 01:14"}, new Object[] {"2026-09-14T03:14:56+02:00"}, new Object[] {"2026-02-30 01:14:56"});
    var read = rows.select(col("ts"), WebEventsExport.micros(col("ts"), "iso", "UTC").as("utc"),
        WebEventsExport.micros(col("ts"), "iso", "America/New_York").as("ny"));
    assertEquals(new StructType().add("ts", DataTypes.StringType).add("utc", DataTypes.LongType)
        .add("ny", DataTypes.LongType), read.schema());
    assertRows(read,
        // 2026-09-14T01:14:56Z = 1789348496 s; New York is on EDT (UTC-4) in September: +4 h = +14400 s.
        "[2026-09-14 01:14:56.695,1789348496695000,1789362896695000]",
        // 9 fraction digits: microseconds kept, the last three digits dropped.
        "[2026-09-14T01:14:56.123456789,1789348496123456,1789362896123456]",
        // January: EST (UTC-5). 2026-01-14T01:14:00Z = 1789348496 - 243 days (20995200 s) - 56 s = 1768353240 s; +5 h = +18000 s.
        "[2026-01-14 01:14,1768353240000000,1768371240000000]",
        // With an offset: read as written, whatever the zone.
        "[2026-09-14T03:14:56+02:00,1789348496000000,1789348496000000]",
        "[2026-02-30 01:14:56,null,null]");
  }

  /** The web source of xw.sources.web as {@code hocon} sets it over the packaged defaults. */
  static WebSource source(Path dir, String hocon) throws Exception {
    Path f = dir.resolve("web.conf");
    Files.writeString(f, "xw.dev-mode = true\n" + hocon);
    return SettingsLoader.load(Optional.of(f.toFile())).sources().web().get(0);
  }

  /** The shipped example config of each tool (conf/examples), pointed at its sample. */
  static final String SNOWPLOW = "include file(\"" + Path.of("conf/examples/snowplow-atomic-events.conf").toAbsolutePath()
      + "\")\nxw.sources.web.dir = \"formats/snowplow/web\"\n";

  static final String MATOMO = "include file(\"" + Path.of("conf/examples/matomo-visits.conf").toAbsolutePath()
      + "\")\nxw.sources.web.dir = \"formats/matomo/web\"\n";

  /** A sample's file of 2026-09-14, read by the source. */
  static Dataset<Row> sample(WebSource w, String file) {
    String folder = Path.of("data-samples", w.dir(), "2026-09-14").toAbsolutePath().toString();
    return WebEventsExport.read(SharedSpark.get(), w, WebEventsExport.files(SharedSpark.get(), w, folder, file));
  }

  private static Column param(String key, String field) {
    return expr("try_element_at(filter(event_params, p -> p.key = '" + key + "'), 1).value." + field);
  }

  @Test
  void anotherToolsEventDateIsTheLocalDayOfTheReportingZone(@TempDir Path dir) throws Exception {
    Path folder = Files.createDirectories(dir.resolve("web"));
    // 19:00 PDT on 2026-09-13 = 02:00 UTC on 09-14; 09:00 PDT on 09-14 = 16:00 UTC.
    Files.writeString(folder.resolve("events.csv"), "timestamp,visitor_id,event_name,user_id,page_url\n"
        + "2026-09-14T02:00:00Z,v1,page_view,,/a\n2026-09-14T16:00:00Z,v1,page_view,,/b\n");
    WebSource w = source(dir, "xw.sources.web { format = \"events-csv\", dir = \"web\", pattern = \"events.csv\" }\n");
    List<String> files = WebEventsExport.files(SharedSpark.get(), w, folder.toString(), "events.csv");
    assertRows(WebEventsExport.read(SharedSpark.get(), w, files, java.time.ZoneId.of("America/Los_Angeles"))
            .select(col("event_date"), col("event_timestamp")),
        // 2026-09-14T00:00:00Z = 1789348496 s - 4496 s (01:14:56) = 1789344000 s; 02:00Z = +7200 s =
        // 1789351200 s; 16:00Z = +57600 s = 1789401600 s.
        "[20260913,1789351200000000]", "[20260914,1789401600000000]");
    // The default (UTC): the UTC days.
    assertRows(WebEventsExport.read(SharedSpark.get(), w, files).select(col("event_date")),
        "[20260914]", "[20260914]");
  }

  @Test
  void snowplowAtomicEventsAreReadAsUtcWallClockTimes(@TempDir Path dir) throws Exception {
    Dataset<Row> events = sample(source(dir, SNOWPLOW), "atomic_events_2026-09-14.csv");
    // The GA4 sample's 1020 lines, one row each.
    assertEquals(1020L, events.count());
    Dataset<Row> first = events.filter(col("_row_seq").lt(2)).select(col("event_date"), col("event_timestamp"),
        col("event_name"), col("user_pseudo_id"), col("user_id"), param("ga_session_id", "int_value").as("session"),
        param("page_title", "string_value").as("title"), col("device.category").as("device"));
    assertEquals(new StructType().add("event_date", DataTypes.StringType).add("event_timestamp", DataTypes.StringType)
        .add("event_name", DataTypes.StringType).add("user_pseudo_id", DataTypes.StringType)
        .add("user_id", DataTypes.StringType).add("session", DataTypes.StringType).add("title", DataTypes.StringType)
        .add("device", DataTypes.StringType), first.schema());
    // derived_tstamp 2026-09-14 01:14:56.000 UTC = 1789348496 s; 01:16:23.438 = 87.438 s later. Session 1 of
    // device b60e8d0f-… (the GA4 device 380614699.1727328868 as a UUID), a self-describing session_start
    // then a page_view.
    assertRows(first,
        "[20260914,1789348496000000,session_start,b60e8d0f-6d4f-5ba7-9fdb-9fb179d07901,C0025,1,sku1 | Example Shop,Mobile]",
        "[20260914,1789348583438000,page_view,b60e8d0f-6d4f-5ba7-9fdb-9fb179d07901,C0025,1,sku1 | Example Shop,Mobile]");
  }

  @Test
  void matomoVisitsAreOnePageViewEachLastingTheirVisitDuration(@TempDir Path dir) throws Exception {
    Dataset<Row> visits = sample(source(dir, MATOMO), "visits_2026-09-14.csv")
        .filter(param("ga_session_id", "int_value").isin("1", "110", "111"));
    Dataset<Row> read = visits.select(col("event_timestamp"), col("event_name"), col("user_pseudo_id"),
        param("ga_session_id", "int_value").as("visit"), param("xw_duration_msec", "int_value").as("ms"),
        param("xw_duration_msec", "string_value").as("bad"));
    // The fixed event name is never NULL.
    assertEquals(new StructType().add("event_timestamp", DataTypes.StringType).add("event_name", DataTypes.StringType, false)
        .add("user_pseudo_id", DataTypes.StringType).add("visit", DataTypes.StringType).add("ms", DataTypes.StringType)
        .add("bad", DataTypes.StringType), read.schema());
    assertRows(read,
        // Visit 1: firstActionTimestamp 1789348496 s, visitDuration 1090 s = 1090000 ms; the fixed event name.
        "[1789348496000000,page_view,24f98c6638a22442,1,1090000,null]",
        // Visits 110 and 111: no duration (-14, n/a): kept as written, for bronze to reject.
        "[1789353186000000,page_view,24f98c6638a22442,110,null,-14]",
        "[1789356592000000,page_view,de2a95fb2a5b5995,111,null,n/a]");
  }

  @Test
  void durationsAreWholeMillisecondsOfTheirUnit() {
    var rows = Rows.frame(TEXT, new Object[] {"1090"}, new Object[] {"1.2345"}, new Object[] {"999999999999"},
        new Object[] {"1000000000000"}, new Object[] {"-14"}, new Object[] {"n/a"}, new Object[] {" "});
    assertRows(rows.select(col("ts"), WebEventsExport.durationMillis(col("ts"), "s").as("s"),
            WebEventsExport.durationMillis(col("ts"), "ms").as("ms")),
        "[1090,1090000,1090]",
        // 1.2345 s = 1234.5 ms → 1234; as ms → 1
        "[1.2345,1234,1]",
        // 12 digits of seconds (31 700 years) is the bound: 999999999999000 ms
        "[999999999999,999999999999000,999999999999]",
        "[1000000000000,null,1000000000000]",
        "[-14,null,null]", "[n/a,null,null]", "[ ,null,null]");
  }

  @Test
  void aParquetWallClockTimestampIsReadInTheZoneAndAnInstantAsItIs(@TempDir Path dir) {
    Path folder = dir.resolve("web");
    SharedSpark.get().sql("SELECT TIMESTAMP_NTZ'2026-09-14 01:14:56' AS wall, TIMESTAMP'2026-09-14 01:14:56' AS utc, "
        + "'v1' AS visitor").coalesce(1).write().parquet(folder.toString());
    String file = "*.parquet";
    Map<String, String> byWall = Map.of("timestamp", "wall", "visitor_id", "visitor");
    Map<String, String> byInstant = Map.of("timestamp", "utc", "visitor_id", "visitor");
    Map<String, String> event = Map.of("event_name", "page_view");
    java.util.function.Function<WebSource, Object> read = w -> WebEventsExport.read(SharedSpark.get(), w,
        WebEventsExport.files(SharedSpark.get(), w, folder.toString(), file)).first().getAs("event_timestamp");
    // 2026-09-14 01:14:56 in New York (EDT, UTC-4) = 05:14:56Z = 1789348496 + 14400 s; without the key, UTC.
    assertEquals("1789362896000000", read.apply(new WebSource("", "events-parquet", "web", file, "", byWall, event,
        "iso", "America/New_York", "s", Map.of())));
    assertEquals("1789348496000000", read.apply(new WebSource("", "events-parquet", "web", file, "", byWall, event,
        "iso", "", "s", Map.of())));
    // A TIMESTAMP (an instant; the session zone is UTC) is taken as it is, whatever the key says.
    assertEquals("1789348496000000", read.apply(new WebSource("", "events-parquet", "web", file, "", byInstant, event,
        "iso", "America/New_York", "s", Map.of())));
  }
}
