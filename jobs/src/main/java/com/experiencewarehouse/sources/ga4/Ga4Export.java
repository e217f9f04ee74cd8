package com.experiencewarehouse.sources.ga4;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.is_valid_utf8;
import static org.apache.spark.sql.functions.json_array_length;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.when;

import com.experiencewarehouse.config.Settings.WebSource;
import com.experiencewarehouse.sources.CsvExportReader;
import com.experiencewarehouse.sources.InputFiles;
import com.experiencewarehouse.sources.WebEventFiles;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The GA4 BigQuery export (daily, fresh daily or intraday), as newline-delimited JSON (plain or gzip) or as a
 * Parquet copy, with the export's own column names. INT64 columns are read as strings because
 * `bq extract` writes them quoted in JSON (and a Parquet copy's integers are turned into the same
 * text), so bronze casts one shape whatever the format.
 */
public final class Ga4Export {

  private static final DataType S = DataTypes.StringType;
  private static final DataType D = DataTypes.DoubleType;
  private static final DataType L = DataTypes.LongType;

  static StructType struct(StructField... fields) {
    return new StructType(fields);
  }

  static StructField f(String name, DataType type) {
    return DataTypes.createStructField(name, type, true);
  }

  /**
   * The columns of the export that the job reads, with {@code int64} as the type of its INT64
   * columns; other columns of the export are ignored.
   */
  private static StructType columns(DataType int64) {
    return struct(
        f("event_date", S),
        f("event_timestamp", int64),
        f("event_name", S),
        f("event_params", new ArrayType(struct(f("key", S), f("value",
            struct(f("string_value", S), f("int_value", int64), f("float_value", D), f("double_value", D)))), true)),
        f("event_bundle_sequence_id", int64),
        f("user_id", S),
        f("user_pseudo_id", S),
        f("device", struct(f("category", S), f("operating_system", S),
            f("web_info", struct(f("browser", S))))),
        f("geo", struct(f("country", S), f("region", S), f("city", S))),
        f("traffic_source", struct(f("source", S), f("medium", S), f("name", S))),
        f("ecommerce", struct(f("transaction_id", S), f("purchase_revenue", D))),
        f("items", new ArrayType(struct(f("item_id", S), f("item_name", S), f("item_category", S),
            f("price", D), f("quantity", int64)), true)),
        // Newer export columns (absent from older exports, then NULL): the event's "value" param in
        // USD, the traffic source collected with the event (UTM parameters, click ids), and GA4's own
        // session-scoped last-click attribution.
        f("event_value_in_usd", D),
        f("collected_traffic_source", struct(f("manual_source", S), f("manual_medium", S),
            f("manual_campaign_name", S), f("gclid", S))),
        f("session_traffic_source_last_click", struct(f("manual_campaign",
            struct(f("source", S), f("medium", S), f("campaign_name", S))))));
  }

  /** The export as JSON: INT64 values read as text, since `bq extract` writes them quoted. */
  public static final StructType RAW = columns(S).add(CsvExportReader.CORRUPT, S, true);

  /**
   * Column beside {@link #RAW}'s: the record as its file held it (bronze's raw_record): a GA4 JSON
   * line, another tool's CSV line; NULL for a Parquet copy, whose raw record is its row as JSON.
   */
  public static final String RAW_TEXT = "_raw_text";

  /**
   * Event param carrying another tool's event or visit duration in milliseconds (int_value); GA4
   * never sends it, so GA4 sessions are unaffected. A key of our own rather than GA4's
   * engagement_time_msec, which GA4 events carry with another meaning (foreground time).
   */
  public static final String DURATION_PARAM = "xw_duration_msec";

  /** A Parquet copy of the export, where INT64 values are integers. */
  public static final StructType PARQUET = columns(L);

  private Ga4Export() {}

  /**
   * The export files a night reads, by precedence: the daily ones (events_YYYYMMDD, final); else the
   * fresh daily ones (events_fresh_YYYYMMDD, GA4 360's earlier copy of the same day); else the
   * intraday ones (events_intraday_YYYYMMDD, still growing). Only one kind is read for a date, since
   * each is a copy of the same events (no double counting).
   */
  public static WebEventFiles files(SparkSession spark, String root, WebSource w, LocalDate date) {
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    String folder = InputFiles.dateFolder(root, w.dir(), date);
    List<String> tried = new ArrayList<>();
    for (String export : List.of(WebEventFiles.DAILY, WebEventFiles.FRESH, WebEventFiles.INTRADAY)) {
      String pattern = export.equals(WebEventFiles.DAILY) ? w.pattern()
          : export.equals(WebEventFiles.FRESH) ? w.freshPattern() : w.intradayPattern();
      if (pattern.isEmpty()) {
        continue;
      }
      String expanded = InputFiles.expand(pattern, date);
      tried.add("'" + expanded + "'");
      List<String> found = InputFiles.find(hadoop, folder, expanded, "GA4 events");
      if (!found.isEmpty()) {
        return new WebEventFiles(w, checked(hadoop, w, found), export);
      }
    }
    throw new InputFiles.MissingInputException("no GA4 events file matching " + String.join(" or ", tried)
        + " in " + folder);
  }

  /**
   * The files, once each is known to be readable JSON text: not empty (a failed export or copy; a
   * day without events has no export file) and not UTF-16 (bq extract writes UTF-8; a re-saved
   * copy in UTF-16 would turn every line into a malformed record). Fails with exit 2 otherwise.
   */
  private static List<String> checked(Configuration hadoop, WebSource w, List<String> files) {
    if (w.format().equals("ga4-parquet")) {
      return files;
    }
    for (String f : files) {
      InputFiles.requireContent(hadoop, f, "GA4 events");
      if (!InputFiles.encoding(hadoop, f).equals(java.nio.charset.StandardCharsets.UTF_8)) {
        throw new InputFiles.BadInputException("GA4 events file is UTF-16 (byte-order mark), not the export's "
            + "UTF-8: " + f);
      }
    }
    return files;
  }

  /** Raw events in {@link #RAW}'s shape plus {@code _source_file}, {@code _row_seq} and {@link #RAW_TEXT}. */
  public static Dataset<Row> read(SparkSession spark, String format, List<String> files) {
    Dataset<Row> raw = format.equals("ga4-parquet")
        ? fromParquet(spark.read().schema(PARQUET).parquet(files.toArray(new String[0])))
        : fromJsonLines(spark.read()
            // Newline-delimited JSON: a record ends at LF only. A CR is JSON whitespace between
            // tokens (CRLF files) and malformed inside a string, never a record end (Hadoop's
            // default would split one event into two malformed halves).
            .option("lineSep", "\n")
            .text(files.toArray(new String[0]))
            .withColumn("_source_file", col("_metadata.file_path")));
    if (format.equals("ga4-parquet")) {
      raw = raw.withColumn(RAW_TEXT, lit(null).cast(S));
    }
    return raw.withColumn("_row_seq", monotonically_increasing_id());
  }

  /**
   * One record per line that holds anything (blank and whitespace-only lines are none): the line's
   * JSON object in {@link #RAW}'s shape, or, for a line that is not one JSON object in UTF-8, the
   * line as {@code _corrupt_record}. Read as text and parsed per line, rather than by Spark's JSON
   * reader, because that reader turns a top-level array into one row per element ({@code [{…},{…}]}
   * two events, {@code []} none) and so loses the count of lines, and keeps no line as written; and since the parser reads bytes
   * as characters (an invalid byte becoming U+FFFD), a line that is no UTF-8 is set aside first.
   */
  static Dataset<Row> fromJsonLines(Dataset<Row> lines) {
    // A re-saved file's UTF-8 byte-order mark is no part of its first record.
    Column line = regexp_replace(col("value"), "^\\x{FEFF}", "");
    // One object: from "{" to "}", and, where "}" and "{" meet (two objects, or text holding "} {"),
    // one JSON value indeed (the parser reads the first object of a line and ignores what follows).
    // DOTALL: a CR, U+0085, U+2028 or U+2029 inside a string is no line end.
    Column object = line.rlike("(?s)^[ \\t\\r]*\\{.*\\}[ \\t\\r]*$").and(is_valid_utf8(col("value")))
        .and(not(line.rlike("\\}[ \\t\\r]*\\{"))
            .or(json_array_length(concat(lit("["), line, lit("]"))).equalTo(1)));
    Column parsed = when(object, from_json(line, RAW, java.util.Map.of("mode", "PERMISSIVE",
        "columnNameOfCorruptRecord", CsvExportReader.CORRUPT)));
    List<Column> columns = new ArrayList<>();
    for (StructField field : RAW.fields()) {
      columns.add(field.name().equals(CsvExportReader.CORRUPT)
          ? when(parsed.isNull(), col("value")).otherwise(parsed.getField(field.name())).as(field.name())
          : parsed.getField(field.name()).as(field.name()));
    }
    columns.add(col("_source_file"));
    // Bronze's raw record of a quarantined event: its line as the file holds it.
    columns.add(line.as(RAW_TEXT));
    return lines.filter(not(line.rlike("^[ \\t\\r]*$"))).select(columns.toArray(new Column[0]));
  }

  /** Parquet rows as the JSON reader gives them: integers as their decimal text, no corrupt lines. */
  private static Dataset<Row> fromParquet(Dataset<Row> parquet) {
    List<Column> columns = new ArrayList<>();
    for (StructField field : RAW.fields()) {
      columns.add(field.name().equals(CsvExportReader.CORRUPT)
          ? lit(null).cast(S).as(field.name())
          : col(field.name()).cast(field.dataType()).as(field.name()));
    }
    columns.add(col("_metadata.file_path").as("_source_file"));
    return parquet.select(columns.toArray(new Column[0]));
  }
}
