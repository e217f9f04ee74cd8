package com.experiencewarehouse.bronze;

import static com.experiencewarehouse.testing.Rows.assertRows;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_format;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.experiencewarehouse.config.Settings.WebSource;
import com.experiencewarehouse.sources.events.WebEventsExport;
import com.experiencewarehouse.sources.ga4.Ga4Export;
import com.experiencewarehouse.testing.SharedSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Ga4EventsBronzeTest {

  private static final LocalDate FILE_DATE = LocalDate.of(2026, 9, 14);

  // 2026-09-14T10:00:00Z = 1789380000 s = 1789380000000000 µs
  private static final String DEVICE = "\"device\":{\"category\":\"desktop\",\"operating_system\":"
      + "\"Windows\",\"web_info\":{\"browser\":\"Chrome\"}},\"geo\":{\"country\":\"Germany\","
      + "\"region\":\"Berlin\",\"city\":\"Berlin\"},\"traffic_source\":{\"source\":\"google\","
      + "\"medium\":\"organic\",\"name\":\"(organic)\"}";

  /** A minimal event line; fields given as raw JSON text (quoted or not). */
  private static String event(String date, String timestamp, String name, String pseudoId) {
    return "{\"event_date\":" + date + ",\"event_timestamp\":" + timestamp + ",\"event_name\":" + name
        + ",\"event_params\":[],\"user_id\":null,\"user_pseudo_id\":" + pseudoId + "," + DEVICE
        + ",\"ecommerce\":null,\"items\":[]}";
  }

  private static Dataset<Row> read(Path dir, String... lines) throws IOException {
    Path file = dir.resolve("events_20260914.json");
    Files.write(file, List.of(lines), StandardCharsets.UTF_8);
    return Ga4Export.read(SharedSpark.get(), "ga4-json", List.of(file.toString()));
  }

  @Test
  void eachBadEventGetsItsReason(@TempDir Path dir) throws IOException {
    Dataset<Row> v = Ga4EventsBronze.validate(read(dir,
        event("\"20260914\"", "1789380000000000", "\"page_view\"", "\"good\""),      // good
        event("\"20260914\"", "1789380000000000", "\"page_view\"", "null"),          // consent mode: kept
        event("\"20260914\"", "1789380000000000", "\"page_view\"", "\"  \""),        // blank id: the same
        event("\"20260914\"", "1789380000000000", "\"\"", "\"no-name\""),            // blank event name
        event("\"20260914\"", "\"yesterday\"", "\"page_view\"", "\"bad-ts\""),       // not µs
        event("\"20260914\"", "1.78938E15", "\"page_view\"", "\"float-ts\""),        // not an integer
        event("\"2026-09-14\"", "1789380000000000", "\"page_view\"", "\"iso-date\""),// not yyyyMMdd
        event("\"20260230\"", "1789380000000000", "\"page_view\"", "\"feb-30\""),    // impossible date
        event("\"20260913\"", "1789380000000000", "\"page_view\"", "\"yesterday\""), // another day's file
        "{\"event_date\":\"20260914\",\"event_name\":"),                              // broken JSON
        FILE_DATE);
    assertRows(v.select(col("user_pseudo_id"), col(Checks.REASON)),
        "[good,null]",
        "[null,null]", "[null,null]", "[no-name,missing_key]",
        "[bad-ts,bad_timestamp]", "[float-ts,bad_timestamp]",
        "[iso-date,bad_date]", "[feb-30,bad_date]", "[yesterday,date_mismatch]",
        "[null,malformed_record]");
    // The broken line is kept as it was, with the file it came from.
    List<Row> malformed = Checks.quarantined(v, Ga4EventsBronze.SOURCE, FILE_DATE)
        .filter(col("reason_code").equalTo("malformed_record")).collectAsList();
    assertEquals(1, malformed.size());
    assertEquals("{\"event_date\":\"20260914\",\"event_name\":", malformed.get(0).getAs("raw_record"));
    assertTrue(((String) malformed.get(0).getAs("source_file")).endsWith("events_20260914.json"));
  }

  @Test
  void anEventTimeMoreThanADayOutsideItsEventDateIsABadTimestamp(@TempDir Path dir) throws IOException {
    // event_date 2026-09-14 is epoch day 20710; kept are times in [day 20708, day 20713) UTC:
    // 20708 × 86 400 000 000 = 1789171200000000 (2026-09-12T00:00Z), 20713 × … = 1789603200000000
    // (2026-09-17T00:00Z), a day either side of the date in any zone (UTC−12 … UTC+14).
    Dataset<Row> v = Ga4EventsBronze.validate(read(dir,
        event("\"20260914\"", "\"1789171200000000\"", "\"page_view\"", "\"first-instant\""),
        event("\"20260914\"", "\"1789171199999999\"", "\"page_view\"", "\"a-us-before\""),
        event("\"20260914\"", "\"1789603199999999\"", "\"page_view\"", "\"last-instant\""),
        event("\"20260914\"", "\"1789603200000000\"", "\"page_view\"", "\"a-us-after\""),
        event("\"20260914\"", "\"-62135596800000000\"", "\"page_view\"", "\"year-1\""),
        event("\"20260914\"", "\"253402300799000000\"", "\"page_view\"", "\"year-9999\""),
        event("\"20260914\"", "\"-1\"", "\"page_view\"", "\"minus-1-us\""),
        event("\"20260914\"", "\"9223372036854775807\"", "\"page_view\"", "\"long-max\""),
        event("\"20260914\"", "\"9223372036854775808\"", "\"page_view\"", "\"above-long\"")),
        FILE_DATE);
    assertRows(v.select(col("user_pseudo_id"), col(Checks.REASON)),
        "[first-instant,null]", "[a-us-before,bad_timestamp]", "[last-instant,null]",
        "[a-us-after,bad_timestamp]", "[year-1,bad_timestamp]", "[year-9999,bad_timestamp]",
        "[minus-1-us,bad_timestamp]", "[long-max,bad_timestamp]", "[above-long,bad_timestamp]");
  }

  @Test
  void deviceAndUserIdsLoseInvisibleCharactersAndOtherSpaces(@TempDir Path dir) throws IOException {
    // A no-break space after the device id, a zero-width space inside it: the device "d1".
    Dataset<Row> v = Ga4EventsBronze.validate(read(dir,
        event("\"20260914\"", "1789380000000000", "\"page_view\"", "\"d1\u00A0\""),
        event("\"20260914\"", "1789380000000000", "\"page_view\"", "\"d\u200B1\""),
        event("\"20260914\"", "1789380000000000", "\"page_view\"", "\"\u200B\u00A0\"")),   // nothing: no id
        FILE_DATE);
    assertRows(v.select(col("user_pseudo_id"), col(Checks.REASON)),
        "[d1,null]", "[d1,null]", "[null,null]");
  }

  @Test
  void aLineThatIsNotOneJsonObjectIsOneMalformedRecordAndBlankLinesAreNone(@TempDir Path dir) throws IOException {
    String a = event("\"20260914\"", "1789380000000000", "\"page_view\"", "\"in-array-a\"");
    String b = event("\"20260914\"", "1789380000000000", "\"page_view\"", "\"in-array-b\"");
    String good = event("\"20260914\"", "1789380000000000", "\"page_view\"", "\"indented\"");
    // A page URL holding "} {" is still one object.
    String braces = event("\"20260914\"", "1789380000000000", "\"page_view\"", "\"url-} {\"");
    // 11 lines, 2 blank: 9 records, 2 kept (the indented object, the braces), 7 malformed, each its
    // line as written.
    Dataset<Row> v = Ga4EventsBronze.validate(read(dir, "[" + a + "," + b + "]", "[]", " \t " + good, "",
        "42", "null", " \t\r", "\"text\"", a + " " + b, a + "xyz", braces), FILE_DATE);
    assertRows(v.select(col("user_pseudo_id"), col(Checks.REASON)),
        "[null,malformed_record]", "[null,malformed_record]", "[indented,null]", "[null,malformed_record]",
        "[null,malformed_record]", "[null,malformed_record]", "[null,malformed_record]",
        "[null,malformed_record]", "[url-} {,null]");
    assertRows(v.filter(col(Checks.REASON).isNotNull()).select(col(Checks.RAW_RECORD)),
        "[[" + a + "," + b + "]]", "[[]]", "[42]", "[null]", "[\"text\"]", "[" + a + " " + b + "]",
        "[" + a + "xyz]");
  }

  @Test
  void aGoodEventIsTypedWithItsParamsFlattened(@TempDir Path dir) throws IOException {
    // INT64 values both as JSON numbers and as quoted strings (bq extract writes them quoted).
    String purchase = "{\"event_date\":\"20260914\",\"event_timestamp\":\"1789380060000000\","
        + "\"event_name\":\"purchase\",\"event_params\":["
        + "{\"key\":\"ga_session_id\",\"value\":{\"string_value\":null,\"int_value\":\"1789379000\","
        + "\"float_value\":null,\"double_value\":null}},"
        + "{\"key\":\"page_location\",\"value\":{\"string_value\":\"https://shop.example.com/checkout\","
        + "\"int_value\":null,\"float_value\":null,\"double_value\":null}},"
        + "{\"key\":\"engagement_time_msec\",\"value\":{\"string_value\":null,\"int_value\":2095,"
        + "\"float_value\":null,\"double_value\":null}}],"
        + "\"user_id\":\"C0025\",\"user_pseudo_id\":\"380614699.1727328868\"," + DEVICE + ","
        + "\"ecommerce\":{\"transaction_id\":\"T-1\",\"purchase_revenue\":42.5},"
        + "\"items\":[{\"item_id\":\"sku1\",\"item_name\":\"Mug\",\"item_category\":\"Home\","
        + "\"price\":42.5,\"quantity\":\"1\"}]}";
    Dataset<Row> accepted = Ga4EventsBronze.accepted(Ga4EventsBronze.validate(read(dir, purchase),
        FILE_DATE));
    // 1789380060000000 µs = 1789380060 s = 2026-09-14 10:01:00 UTC
    assertRows(accepted.select(col("event_date"),
            date_format(col("event_at"), "yyyy-MM-dd HH:mm:ss"), col("event_timestamp_us"),
            col("event_name"), col("user_id"), col("user_pseudo_id"), col("ga_session_id"),
            col("page_location"), col("engagement_time_msec"), col("device_category"),
            col("device_os"), col("device_browser"), col("geo_country"), col("geo_city"),
            col("traffic_source"), col("traffic_medium"), col("traffic_campaign"),
            col("transaction_id"), col("purchase_revenue")),
        "[2026-09-14,2026-09-14 10:01:00,1789380060000000,purchase,C0025,380614699.1727328868,"
            + "1789379000,https://shop.example.com/checkout,2095,desktop,Windows,Chrome,Germany,Berlin,"
            + "google,organic,(organic),T-1,42.5]");
    StructType schema = accepted.schema();
    assertEquals(DataTypes.DateType, schema.apply("event_date").dataType());
    assertEquals(DataTypes.TimestampType, schema.apply("event_at").dataType());
    assertEquals(DataTypes.LongType, schema.apply("event_timestamp_us").dataType());
    assertEquals(DataTypes.LongType, schema.apply("ga_session_id").dataType());
    assertEquals(DataTypes.DoubleType, schema.apply("purchase_revenue").dataType());
    // event_params keep every key, with int_value as a number.
    assertRows(accepted.selectExpr("inline(event_params)").select(col("key"), col("int_value")),
        "[ga_session_id,1789379000]", "[page_location,null]", "[engagement_time_msec,2095]");
    assertEquals(1L, accepted.selectExpr("explode(items)").count());
  }

  @Test
  void newerExportColumnsAreReadAndAnOlderExportWithoutThemStillLoads(@TempDir Path dir) throws IOException {
    // A newer export's event: page_referrer param, event_value_in_usd, collected_traffic_source (with
    // fields the job does not read) and session_traffic_source_last_click (likewise).
    String newer = "{\"event_date\":\"20260914\",\"event_timestamp\":\"1789380000000000\","
        + "\"event_name\":\"page_view\",\"event_params\":[{\"key\":\"page_referrer\",\"value\":"
        + "{\"string_value\":\"https://news.example.org/a\"}}],\"user_pseudo_id\":\"new\","
        + "\"event_value_in_usd\":12.5,"
        + "\"collected_traffic_source\":{\"manual_campaign_id\":\"7\",\"manual_campaign_name\":\"autumn\","
        + "\"manual_source\":\"newsletter\",\"manual_medium\":\"email\",\"manual_term\":null,\"gclid\":\"g-1\"},"
        + "\"session_traffic_source_last_click\":{\"manual_campaign\":{\"campaign_id\":\"7\","
        + "\"campaign_name\":\"autumn\",\"source\":\"newsletter\",\"medium\":\"email\"},"
        + "\"google_ads_campaign\":{\"customer_id\":\"1\"}}}";
    // An older export's event: none of these columns.
    String older = event("\"20260914\"", "1789380000000000", "\"page_view\"", "\"old\"");
    Dataset<Row> accepted = Ga4EventsBronze.accepted(Ga4EventsBronze.validate(read(dir, newer, older), FILE_DATE));
    assertRows(accepted.select(col("user_pseudo_id"), col("page_referrer"), col("event_value_in_usd"),
            col("collected_source"), col("collected_medium"), col("collected_campaign"), col("collected_gclid"),
            col("last_click_source"), col("last_click_medium"), col("last_click_campaign")),
        "[new,https://news.example.org/a,12.5,newsletter,email,autumn,g-1,newsletter,email,autumn]",
        "[old,null,null,null,null,null,null,null,null,null]");
    // The same from a Parquet copy that lacks the columns altogether (an older export's copy).
    Path parquet = dir.resolve("events_20260914.parquet");
    SharedSpark.get().read().json(dir.resolve("events_20260914.json").toString())
        .filter(col("user_pseudo_id").equalTo("old"))
        .select(col("event_date"), col("event_timestamp").cast("long"), col("event_name"), col("user_pseudo_id"))
        .write().parquet(parquet.toString());
    Dataset<Row> fromParquet = Ga4EventsBronze.accepted(Ga4EventsBronze.validate(
        Ga4Export.read(SharedSpark.get(), "ga4-parquet", List.of(parquet.toString())), FILE_DATE));
    assertRows(fromParquet.select(col("user_pseudo_id"), col("event_value_in_usd"), col("collected_source"),
            col("last_click_source")),
        "[old,null,null,null]");
  }

  /** An event of device {@code id} with a bundle id and params, each given as raw JSON text. */
  private static String withBundle(String id, String bundleId, String params) {
    return "{\"event_date\":\"20260914\",\"event_timestamp\":\"1789380000000000\",\"event_name\":\"page_view\","
        + "\"event_params\":[" + params + "]," + (bundleId == null ? "" : "\"event_bundle_sequence_id\":" + bundleId + ",")
        + "\"user_pseudo_id\":\"" + id + "\"}";
  }

  @Test
  void bundleIdsAndSessionEngagedAreTypedWhateverTheirJsonShapeAndBadOnesRejected(@TempDir Path dir)
      throws IOException {
    Dataset<Row> v = Ga4EventsBronze.validate(read(dir,
        withBundle("neg", "\"-4\"", "{\"key\":\"session_engaged\",\"value\":{\"int_value\":\"1\"}}"),
        withBundle("num", "17", "{\"key\":\"session_engaged\",\"value\":{\"string_value\":\"0\"}}"),
        withBundle("str1", "\"5\"", "{\"key\":\"session_engaged\",\"value\":{\"string_value\":\"1\"}}"),
        withBundle("none", null, "{\"key\":\"session_engaged\",\"value\":null},{\"key\":\"x\",\"value\":null}"),
        withBundle("badseq", "\"12a\"", ""),
        withBundle("badeng", "1", "{\"key\":\"session_engaged\",\"value\":{\"string_value\":\"maybe\"}}")),
        FILE_DATE);
    assertRows(v.select(col("user_pseudo_id"), col(Checks.REASON)),
        "[neg,null]", "[num,null]", "[str1,null]", "[none,null]", "[badseq,bad_number]", "[badeng,bad_boolean]");
    assertRows(Ga4EventsBronze.accepted(v).select(col("user_pseudo_id"), col("event_bundle_sequence_id"),
            col("session_engaged")),
        "[neg,-4,true]", "[num,17,false]", "[str1,5,true]", "[none,null,null]");
  }

  @Test
  void anEventWithoutGaSessionIdHasANullSessionId(@TempDir Path dir) throws IOException {
    Dataset<Row> accepted = Ga4EventsBronze.accepted(Ga4EventsBronze.validate(read(dir,
        event("\"20260914\"", "1789380000000000", "\"page_view\"", "\"p1\"")), FILE_DATE));
    assertRows(accepted.select(col("user_pseudo_id"), col("ga_session_id"), col("page_location")),
        "[p1,null,null]");
  }

  /** Another tool's CSV export of one folder, read as the source maps it. */
  private static Dataset<Row> export(WebSource w, Path folder, String file) {
    String dir = folder.toAbsolutePath().toString();
    return WebEventsExport.read(SharedSpark.get(), w, WebEventsExport.files(SharedSpark.get(), w, dir, file));
  }

  private static WebSource csv(String timeZone) {
    return new WebSource("", "events-csv", "web", "*.csv", "", Map.of("timestamp", "Time", "visitor_id", "Visitor",
        "event_name", "Event", "page", "Page"), Map.of(), "iso", timeZone, "s", Map.of());
  }

  @Test
  void aQuarantinedCsvRowKeepsItsLineAsTheFileHasIt(@TempDir Path dir) throws IOException {
    // Quoted where RFC 4180 needs it (a comma, a doubled quote); empty fields absent.
    List<String> lines = List.of(
        "Time,Visitor,Event,Page,Note",
        "2026-09-14T10:00:00Z,v1,page_view,https://shop.example.com/,ok",
        "yesterday,v2,page_view,\"https://shop.example.com/search?q=mugs,cups\",\"say \"\"hi\"\"\"",
        "2026-09-14 10:00:00,v3,page_view,,",
        "2026-09-14T10:00:00Z,v4");
    Files.write(dir.resolve("events.csv"), lines, StandardCharsets.UTF_8);
    Dataset<Row> v = Ga4EventsBronze.validate(export(csv(""), dir, "events.csv"), FILE_DATE);
    Dataset<Row> quarantined = Checks.quarantined(v, Ga4EventsBronze.SOURCE, FILE_DATE)
        .select(col("reason_code"), col("raw_record"));
    // A CSV row always has its line.
    assertEquals(new StructType().add("reason_code", DataTypes.StringType).add("raw_record", DataTypes.StringType, false),
        quarantined.schema());
    // Each line exactly as written: not the job's JSON of the GA4 shape. v3's time has no zone and
    // time-zone is "" (bad_timestamp); v4's line is two fields of five (malformed_record).
    assertRows(quarantined,
        "[bad_timestamp," + lines.get(2) + "]",
        "[bad_timestamp," + lines.get(3) + "]",
        "[malformed_record," + lines.get(4) + "]");
  }

  @Test
  void snowplowTimesWithoutZoneAreBadUnlessTheZoneIsConfigured() throws IOException {
    Path folder = Path.of("data-samples/formats/snowplow/web/2026-09-14");
    String file = "atomic_events_2026-09-14.csv";
    WebSource noZone = new WebSource("", "events-csv", "web", file, "", Map.of("timestamp", "derived_tstamp",
        "visitor_id", "domain_userid", "event_name", "event_name", "session_id", "domain_sessionidx"), Map.of(),
        "iso", "", "s", Map.of());
    WebSource utc = new WebSource("", "events-csv", "web", file, "", noZone.columns(), Map.of(), "iso", "UTC", "s",
        Map.of());
    // 1020 lines: the truncated one is malformed_record whatever the zone; without the key every other
    // time ("2026-09-14 01:14:56.000") is ambiguous; with UTC only "not-a-timestamp" stays bad.
    assertRows(Ga4EventsBronze.validate(export(noZone, folder, file), FILE_DATE).groupBy(col(Checks.REASON)).agg(count("*")),
        "[malformed_record,1]", "[bad_timestamp,1019]");
    Dataset<Row> v = Ga4EventsBronze.validate(export(utc, folder, file), FILE_DATE);
    assertRows(v.groupBy(col(Checks.REASON)).agg(count("*")),
        "[null,1018]", "[malformed_record,1]", "[bad_timestamp,1]");
    // The bad row's raw record is its line of the file (line 511), all 131 columns.
    List<String> lines = Files.readAllLines(folder.resolve(file), StandardCharsets.UTF_8);
    assertRows(Checks.quarantined(v, Ga4EventsBronze.SOURCE, FILE_DATE).filter(col("reason_code").equalTo("bad_timestamp"))
        .select(col("raw_record")), "[" + lines.get(510) + "]");
  }

  @Test
  void aMatomoVisitWithoutADurationIsBadNumberAndAGoodOneKeepsIt() throws IOException {
    Path folder = Path.of("data-samples/formats/matomo/web/2026-09-14");
    String file = "visits_2026-09-14.csv";
    WebSource matomo = new WebSource("", "events-csv", "web", file, "", Map.of("timestamp", "firstActionTimestamp",
        "visitor_id", "visitorId", "session_id", "idVisit", "duration", "visitDuration"),
        Map.of("event_name", "page_view"), "epoch-s", "", "s", Map.of());
    Dataset<Row> v = Ga4EventsBronze.validate(export(matomo, folder, file), FILE_DATE);
    // 109 visits, and visits 110 (visitDuration -14) and 111 (n/a).
    assertRows(v.groupBy(col(Checks.REASON)).agg(count("*")), "[null,109]", "[bad_number,2]");
    List<String> lines = Files.readAllLines(folder.resolve(file), StandardCharsets.UTF_8);
    assertRows(Checks.quarantined(v, Ga4EventsBronze.SOURCE, FILE_DATE).select(col("raw_record")),
        "[" + lines.get(110) + "]", "[" + lines.get(111) + "]");
    Dataset<Row> accepted = Ga4EventsBronze.accepted(v).filter(col("ga_session_id").isin(1L, 3L))
        .select(col("ga_session_id"), col("event_name"), col("duration_msec"));
    assertEquals(DataTypes.LongType, accepted.schema().apply("duration_msec").dataType());
    // visitDuration 1090 s and 286 s, in milliseconds.
    assertRows(accepted, "[1,page_view,1090000]", "[3,page_view,286000]");
  }

  @Test
  void aGa4EventHasNoDuration(@TempDir Path dir) throws IOException {
    Dataset<Row> accepted = Ga4EventsBronze.accepted(Ga4EventsBronze.validate(read(dir,
        event("\"20260914\"", "1789380000000000", "\"page_view\"", "\"p1\"")), FILE_DATE));
    assertRows(accepted.select(col("user_pseudo_id"), col("duration_msec")), "[p1,null]");
  }

  @Test
  void aQuarantinedParquetRowKeepsItsOwnColumnsAsJson(@TempDir Path dir) {
    Path folder = dir.resolve("web");
    SharedSpark.get().sql("SELECT TIMESTAMP'2026-09-14 01:14:56' AS `Timestamp`, 'v1' AS `Visitor`, "
            + "CAST(-3 AS INT) AS `Seconds`, 'extra, column' AS `Note`")
        .coalesce(1).write().parquet(folder.toString());
    WebSource w = new WebSource("", "events-parquet", "web", "*.parquet", "", Map.of("timestamp", "Timestamp",
        "visitor_id", "Visitor", "duration", "Seconds"), Map.of("event_name", "page_view"), "iso", "", "s", Map.of());
    Dataset<Row> v = Ga4EventsBronze.validate(WebEventsExport.read(SharedSpark.get(), w,
        WebEventsExport.files(SharedSpark.get(), w, folder.toString(), "*.parquet")), FILE_DATE);
    // A negative duration (-3 s): bad_number; the raw record is the row's columns (the session time zone
    // is UTC), not the GA4 shape.
    assertRows(Checks.quarantined(v, Ga4EventsBronze.SOURCE, FILE_DATE).select(col("reason_code"), col("raw_record")),
        "[bad_number,{\"Timestamp\":\"2026-09-14T01:14:56.000Z\",\"Visitor\":\"v1\",\"Seconds\":-3,"
            + "\"Note\":\"extra, column\"}]");
  }
}
