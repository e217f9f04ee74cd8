package com.experiencewarehouse.sources.events;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_compact;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.timestamp_micros;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.unix_micros;
import static org.apache.spark.sql.functions.when;

import com.experiencewarehouse.config.Settings.CsvSource;
import com.experiencewarehouse.config.Settings.WebSource;
import com.experiencewarehouse.sources.CsvExportReader;
import com.experiencewarehouse.sources.InputFiles;
import com.experiencewarehouse.sources.TextValues;
import com.experiencewarehouse.sources.ga4.Ga4Export;
import com.experiencewarehouse.spark.LocalDays;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Web events exported by other analytics tools, as CSV or Parquet with one event (or one visit) per
 * row, mapped by config onto the GA4 export's shape ({@link Ga4Export#RAW}), so that bronze
 * validates, and silver sessionizes, every web source alike. The visitor id plays user_pseudo_id, a
 * numeric session id plays ga_session_id, the page is page_location, a duration becomes the param
 * {@link Ga4Export#DURATION_PARAM}, and property columns become event params. A field may be a fixed
 * value instead of a column (a visit-level export's event_name).
 */
public final class WebEventsExport {

  /**
   * Logical fields, in order; the first three must be mapped to a column of every file (or, but for
   * timestamp and visitor_id, be given a fixed value).
   */
  public static final List<String> FIELDS = List.of("timestamp", "visitor_id", "event_name", "user_id", "page",
      "session_id", "device_category", "country", "traffic_source", "traffic_medium", "duration");
  public static final List<String> REQUIRED = List.of("timestamp", "visitor_id", "event_name");

  private static final String PROPERTY = "_property_";

  private WebEventsExport() {}

  /** The fields read: the mapped ones, then the properties (as _property_KEY). */
  private static CsvSource asCsv(WebSource w) {
    Map<String, String> columns = new LinkedHashMap<>();
    w.columns().forEach((field, column) -> {
      if (!column.isBlank()) {
        columns.put(field, column);
      }
    });
    w.properties().forEach((key, column) -> columns.put(PROPERTY + key, column));
    return new CsvSource(w.dir(), w.pattern(), columns);
  }

  /** The required fields that must be a column: those not given a fixed value. */
  private static List<String> requiredColumns(WebSource w) {
    return REQUIRED.stream().filter(f -> !w.constants().containsKey(f)).toList();
  }

  private static List<String> fields(WebSource w) {
    List<String> fields = new ArrayList<>(FIELDS);
    w.properties().keySet().forEach(k -> fields.add(PROPERTY + k));
    return fields;
  }

  /** The date's files; their header (CSV) or schema (Parquet) checked for the required columns. */
  public static List<String> files(SparkSession spark, WebSource w, String folder, String pattern) {
    List<String> files = InputFiles.list(spark.sparkContext().hadoopConfiguration(), folder, pattern, "web events");
    if (w.format().equals("events-csv")) {
      CsvExportReader.header(spark, files, asCsv(w), requiredColumns(w), "web events");
    } else {
      StructType schema = spark.read().parquet(files.toArray(new String[0])).schema();
      for (String field : requiredColumns(w)) {
        String column = w.columns().getOrDefault(field, "");
        if (column.isBlank() || !List.of(schema.fieldNames()).contains(column)) {
          throw new InputFiles.BadInputException("web events file " + files.get(0) + " has no column '" + column
              + "' (mapped from field " + field + ")");
        }
      }
    }
    return files;
  }

  /**
   * The events in the GA4 export's raw shape plus _source_file, _row_seq and {@link Ga4Export#RAW_TEXT}:
   * a CSV row's line as the file held it ({@link CsvExportReader#line}), a Parquet row's own columns
   * as JSON.
   */
  public static Dataset<Row> read(SparkSession spark, WebSource w, List<String> files) {
    return read(spark, w, files, java.time.ZoneOffset.UTC);
  }

  /**
   * {@link #read(SparkSession, WebSource, List)} with event_date the local day in {@code reportingZone}
   * (xw.sources.web.time-zone), as GA4 writes it.
   */
  public static Dataset<Row> read(SparkSession spark, WebSource w, List<String> files,
      java.time.ZoneId reportingZone) {
    Dataset<Row> fields;
    Column typedTimestampUs = lit(null).cast(DataTypes.LongType);
    if (w.format().equals("events-csv")) {
      fields = CsvExportReader.readWithLine(spark, files, asCsv(w), fields(w), requiredColumns(w), "web events",
          Ga4Export.RAW_TEXT);
    } else {
      Dataset<Row> parquet = spark.read().parquet(files.toArray(new String[0]));
      List<String> present = List.of(parquet.schema().fieldNames());
      CsvSource mapping = asCsv(w);
      List<Column> out = new ArrayList<>();
      for (String field : fields(w)) {
        String column = mapping.columns().get(field);
        out.add(column != null && present.contains(column)
            ? col(CsvExportReader.quote(column)).cast(DataTypes.StringType).as(field)
            : lit(null).cast(DataTypes.StringType).as(field));
      }
      // A TIMESTAMP column is already an instant: taken as is, whatever timestamp-format says.
      String tsColumn = mapping.columns().get("timestamp");
      DataType tsType = parquet.schema().apply(tsColumn).dataType();
      if (tsType.equals(DataTypes.TimestampType) || tsType.equals(DataTypes.TimestampNTZType)) {
        out.add(unix_micros(typedTimestamp(col(CsvExportReader.quote(tsColumn)), tsType, w.timeZone()))
            .as("_timestamp_us"));
        typedTimestampUs = col("_timestamp_us");
      }
      out.add(lit(null).cast(DataTypes.StringType).as(CsvExportReader.CORRUPT));
      out.add(col("_metadata.file_path").as("_source_file"));
      out.add(monotonically_increasing_id().as("_row_seq"));
      // Parquet has no text line: the row's own columns, as JSON, are its raw record.
      out.add(to_json(struct(present.stream().map(c -> col(CsvExportReader.quote(c))).toArray(Column[]::new)))
          .as(Ga4Export.RAW_TEXT));
      fields = parquet.select(out.toArray(new Column[0]));
    }
    return asGa4(withConstants(fields, w), w, typedTimestampUs, reportingZone);
  }

  /**
   * A Parquet TIMESTAMP column as an instant. A TIMESTAMP_NTZ is a wall-clock time: read in
   * {@code zone} when one is set, else (as before the key existed) as UTC, the session's zone.
   */
  private static Column typedTimestamp(Column ts, DataType type, String zone) {
    Column instant = ts.cast(DataTypes.TimestampType);
    return type.equals(DataTypes.TimestampNTZType) && !zone.isEmpty()
        ? org.apache.spark.sql.functions.to_utc_timestamp(instant, zone) : instant;
  }

  /** The fields given a fixed value in config hold it on every row. */
  private static Dataset<Row> withConstants(Dataset<Row> fields, WebSource w) {
    Map<String, Column> values = new LinkedHashMap<>();
    w.constants().forEach((field, value) -> values.put(field, lit(value)));
    return values.isEmpty() ? fields : fields.withColumns(values);
  }

  /** Microseconds since the epoch from the timestamp text; NULL when it does not parse. */
  static Column micros(Column text, String format) {
    return micros(text, format, "");
  }

  /**
   * As {@link #micros(Column, String)}; an "iso" date-time without zone is a wall-clock time in
   * {@code zone} ("" = NULL, as it is ambiguous).
   */
  static Column micros(Column text, String format, String zone) {
    Column t = TextValues.clean(text);
    return switch (format) {
      // try_cast: a number too large for microseconds is NULL (bad_timestamp), never an overflow.
      case "epoch-s" -> when(t.rlike("^\\d+(\\.\\d{1,6})?$"),
          t.try_cast(DataTypes.createDecimalType(38, 6)).multiply(1_000_000L).try_cast(DataTypes.LongType));
      case "epoch-ms" -> when(t.rlike("^\\d+(\\.\\d{1,3})?$"),
          t.try_cast(DataTypes.createDecimalType(38, 3)).multiply(1_000L).try_cast(DataTypes.LongType));
      case "epoch-us" -> when(t.rlike("^\\d+$"), t.try_cast(DataTypes.LongType));
      default -> unix_micros(TextValues.isoTimestamp(t, zone));
    };
  }

  /**
   * A duration in whole milliseconds as text, from a non-negative number of {@code unit} ("s" or
   * "ms", a fraction allowed and truncated below 1 ms); NULL otherwise. The digits are bounded
   * (10^12 s, over 30 000 years), so the conversion cannot overflow.
   */
  static Column durationMillis(Column text, String unit) {
    Column t = TextValues.clean(text);
    return unit.equals("ms")
        ? when(t.rlike("^\\d{1,15}(\\.\\d{1,9})?$"),
            t.cast(DataTypes.createDecimalType(24, 9)).cast(DataTypes.LongType).cast(DataTypes.StringType))
        : when(t.rlike("^\\d{1,12}(\\.\\d{1,9})?$"),
            t.cast(DataTypes.createDecimalType(21, 9)).multiply(1_000L).cast(DataTypes.LongType)
                .cast(DataTypes.StringType));
  }

  private static Dataset<Row> asGa4(Dataset<Row> f, WebSource w, Column typedTimestampUs,
      java.time.ZoneId reportingZone) {
    Column us = org.apache.spark.sql.functions.coalesce(typedTimestampUs,
        micros(col("timestamp"), w.timestampFormat(), w.timeZone()));
    List<Column> params = new ArrayList<>();
    params.add(param("page_location", col("page"), null));
    params.add(param("ga_session_id", null, col("session_id")));
    params.add(durationParam(col("duration"), w.durationUnit()));
    w.properties().keySet().forEach(k -> params.add(param(k, col(PROPERTY + k), null)));
    Map<String, Column> ga4 = new LinkedHashMap<>();
    ga4.put("event_date", date_format(LocalDays.of(timestamp_micros(us), reportingZone), "yyyyMMdd"));
    // An unparsable timestamp stays as written, so bronze rejects it (bad_timestamp) and the
    // quarantine shows it.
    ga4.put("event_timestamp", when(us.isNotNull(), us.cast(DataTypes.StringType)).otherwise(col("timestamp")));
    ga4.put("event_name", col("event_name"));
    ga4.put("event_params", array_compact(array(params.toArray(new Column[0]))));
    ga4.put("event_bundle_sequence_id", lit(null));
    ga4.put("user_id", col("user_id"));
    ga4.put("user_pseudo_id", col("visitor_id"));
    Column none = lit(null).cast(DataTypes.StringType);
    ga4.put("device", struct(col("device_category"), none, struct(none)));
    ga4.put("geo", struct(col("country"), none, none));
    ga4.put("traffic_source", struct(col("traffic_source"), col("traffic_medium"), none));
    ga4.put("ecommerce", lit(null));
    ga4.put("items", lit(null));
    ga4.put("event_value_in_usd", lit(null));
    ga4.put("collected_traffic_source", lit(null));
    ga4.put("session_traffic_source_last_click", lit(null));
    ga4.put(CsvExportReader.CORRUPT, col(CsvExportReader.CORRUPT));
    List<Column> out = new ArrayList<>();
    for (StructField field : Ga4Export.RAW.fields()) {
      // Structs are cast field by field, by position, taking the export's field names.
      out.add(ga4.get(field.name()).cast(field.dataType()).as(field.name()));
    }
    out.add(col("_source_file"));
    out.add(col("_row_seq"));
    out.add(col(Ga4Export.RAW_TEXT));
    return f.select(out.toArray(new Column[0]));
  }

  /**
   * The duration param: milliseconds as int_value; a value that is no duration (non-numeric,
   * negative) as written in string_value, so bronze quarantines the row (bad_number) and shows it.
   */
  private static Column durationParam(Column text, String unit) {
    Column t = TextValues.clean(text);
    Column ms = durationMillis(t, unit);
    return when(t.isNotNull(), struct(lit(Ga4Export.DURATION_PARAM).as("key"), struct(
        when(ms.isNull(), t).as("string_value"),
        ms.as("int_value"),
        lit(null).cast(DataTypes.DoubleType).as("float_value"),
        lit(null).cast(DataTypes.DoubleType).as("double_value")).as("value")));
  }

  /** A GA4 event param (key, value{string_value, int_value}) or NULL when the value is absent. */
  private static Column param(String key, Column stringValue, Column intValue) {
    Column present = stringValue != null ? TextValues.clean(stringValue) : TextValues.clean(intValue);
    return when(present.isNotNull(), struct(lit(key).as("key"), struct(
        (stringValue != null ? present : lit(null).cast(DataTypes.StringType)).as("string_value"),
        (intValue != null ? present : lit(null).cast(DataTypes.StringType)).as("int_value"),
        lit(null).cast(DataTypes.DoubleType).as("float_value"),
        lit(null).cast(DataTypes.DoubleType).as("double_value")).as("value")));
  }
}
