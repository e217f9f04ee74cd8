package com.experiencewarehouse.sources.survey;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_utc_timestamp;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import com.experiencewarehouse.config.Settings.QualtricsSettings;
import com.experiencewarehouse.sources.CsvExportReader;
import com.experiencewarehouse.sources.InputFiles;
import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A Qualtrics response export (CSV, one row per response) as long-form survey answers, one row per
 * answered question mapped in config (xw.sources.surveys.qualtrics.questions).
 *
 * <p>Three layouts, told apart by their first row. The 2016 "Insights" one is the current one's
 * shape with that era's ids (ResponseID, EndDate, ExternalDataReference: {@code INSIGHTS_IDS}) and
 * ImportId cells written as Python dicts ({'ImportId': 'QID1'}). The current one has three header
 * rows: column ids (ResponseId, RecordedDate, Finished, Progress, Status, ExternalReference, Q1, Q5_1, ...), the
 * question text (in the survey's language), and {"ImportId":...} JSON, whose recordedDate cell
 * names the zone of the date-times (or not, when the export omits it: the configured zone). The
 * legacy layout has two: V1 … V10 and question ids, then labels (ResponseID, ResponseSet, Name,
 * ExternalDataReference, EmailAddress, IPAddress, Status, StartDate, EndDate, Finished) and question
 * text; its metadata columns are found by label, its date-times are in the configured zone. Either
 * may begin with a UTF-8 byte-order mark or be UTF-16, and answers may hold line breaks.
 *
 * <p>Each answer becomes one row: response_id is the response's id and the metric ("R_1a2b:NPS",
 * since a response may answer several instruments), the score the answer's leading number
 * ("10 - Extremely likely" reads 10); a free-text answer is a TEXT row ("R_1a2b:TEXT", item = its
 * question's column) with the text. A response without any mapped answer is one row without a
 * survey type, so bronze quarantines it (no_answer) and every response is accounted for.
 */
public final class QualtricsExport {

  /** The legacy layout's labels for the current layout's metadata column ids. */
  private static final Map<String, String> LEGACY_LABELS = Map.of(
      "ResponseId", "ResponseID", "RecordedDate", "EndDate", "Finished", "Finished", "Status", "Status",
      "ExternalReference", "ExternalDataReference", "RecipientEmail", "EmailAddress");

  /**
   * The 2016 "Insights" layout's ids for the current layout's metadata column ids: its first row
   * spells ResponseID, has EndDate where RecordedDate came later, ExternalDataReference.
   */
  private static final Map<String, String> INSIGHTS_IDS = Map.of(
      "ResponseId", "ResponseID", "RecordedDate", "EndDate", "ExternalReference", "ExternalDataReference");

  // ImportId cells are JSON ({"ImportId":"QID1"}) or, in the 2016 layout, Python dicts ({'ImportId': 'QID1'}).
  private static final Pattern IMPORT_ID = Pattern.compile("[\"']ImportId[\"']\\s*:\\s*[\"']([^\"']+)[\"']");
  private static final Pattern TIME_ZONE = Pattern.compile("[\"']timeZone[\"']\\s*:\\s*[\"']([^\"']+)[\"']");

  private QualtricsExport() {}

  /** A file's header rows: column ids, labels, ImportId cells (empty in the legacy layout). */
  public record Header(String file, List<String> ids, List<String> labels, List<String> importIds, boolean legacy) {

    /**
     * A column's position by its id (an export tag such as Q1), by the question id its ImportId
     * cell names (QID12, QID12_NPS_GROUP: stable when tags are renamed), or in the legacy layout by
     * its label; -1 when absent.
     */
    int indexOf(String name) {
      int i = ids.indexOf(name);
      for (int k = 0; i < 0 && k < importIds.size(); k++) {
        Matcher m = IMPORT_ID.matcher(importIds.get(k));
        if (m.find() && m.group(1).equals(name)) {
          i = k;
        }
      }
      if (i < 0 && legacy) {
        i = labels.indexOf(LEGACY_LABELS.getOrDefault(name, name));
      } else if (i < 0 && INSIGHTS_IDS.containsKey(name)) {
        i = ids.indexOf(INSIGHTS_IDS.get(name));
      }
      return i;
    }

    /** The zone the export names for its recorded dates, else {@code fallback}. */
    String zone(String fallback) {
      int i = indexOf("RecordedDate");
      if (i >= 0 && i < importIds.size()) {
        Matcher m = TIME_ZONE.matcher(importIds.get(i));
        if (m.find()) {
          return m.group(1);
        }
      }
      return fallback;
    }
  }

  /** The survey type of a mapped metric: SUS for its items, NPS for the NPS group, else the metric. */
  static String surveyType(String metric) {
    return metric.startsWith("sus_") ? "SUS"
        : metric.equals("nps_group") ? "NPS" : metric.toUpperCase(java.util.Locale.ROOT);
  }

  /** Reads a file's header rows (quoted question texts may span lines). */
  static Header header(Configuration hadoop, String file) {
    CsvParserSettings settings = new CsvParserSettings();
    settings.setLineSeparatorDetectionEnabled(true);
    settings.setMaxCharsPerColumn(-1);
    settings.setMaxColumns(100_000);
    settings.setNullValue("");
    settings.setEmptyValue("");
    CsvParser parser = new CsvParser(settings);
    List<List<String>> rows = new ArrayList<>();
    try (Reader in = InputFiles.reader(hadoop, file)) {
      parser.beginParsing(in);
      String[] r;
      while (rows.size() < 3 && (r = parser.parseNext()) != null) {
        rows.add(Arrays.stream(r).map(c -> c == null ? "" : c.trim()).toList());
      }
      parser.stopParsing();
    } catch (java.io.IOException e) {
      throw new InputFiles.BadInputException("cannot read " + file + ": " + e.getMessage());
    }
    if (rows.isEmpty()) {
      throw new InputFiles.BadInputException("empty Qualtrics survey file (no header rows): " + file);
    }
    List<String> ids = new ArrayList<>(rows.get(0));
    if (!ids.isEmpty() && ids.get(0).startsWith("\uFEFF")) {
      ids.set(0, ids.get(0).substring(1));
    }
    List<String> labels = rows.size() > 1 ? rows.get(1) : List.of();
    // Three layouts: current (ResponseId), 2016 Insights (ResponseID in the first row), legacy
    // (V1 … V10 in the first row, ResponseID among the labels of the second).
    boolean legacy = !ids.contains("ResponseId") && ids.contains("V1") && labels.contains("ResponseID");
    if (!ids.contains("ResponseId") && !ids.contains("ResponseID") && !legacy) {
      throw new InputFiles.BadInputException("survey file " + file + " is not a Qualtrics response export: no "
          + "ResponseId column (nor the 2016 layout's ResponseID, nor the legacy V1 = ResponseID)");
    }
    List<String> importIds = !legacy && rows.size() > 2
        && rows.get(2).stream().anyMatch(c -> c.startsWith("{\"ImportId\"") || c.startsWith("{'ImportId'"))
        ? rows.get(2) : List.of();
    return new Header(file, List.copyOf(ids), labels, importIds, legacy);
  }

  /**
   * The date's Qualtrics files, as their header rows; each must have the columns the config maps
   * (exit 2 otherwise).
   */
  public static List<Header> files(SparkSession spark, String folder, String pattern, QualtricsSettings q) {
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    List<String> files = InputFiles.list(hadoop, folder, pattern, "survey");
    List<Header> headers = new ArrayList<>();
    List<String> first = null;
    for (String f : files) {
      Header h = header(hadoop, f);
      headers.add(h);
      if (first != null && !first.equals(h.ids())) {
        throw new InputFiles.BadInputException("survey files of one date have different header rows: " + f);
      }
      first = h.ids();
      // Every column the config maps that the file lacks, named at once.
      List<String> missing = required(q).stream().filter(column -> h.indexOf(column) < 0)
          .map(column -> "'" + column + "'").toList();
      if (!missing.isEmpty()) {
        throw new InputFiles.BadInputException("survey file " + f + " has no column " + String.join(", ", missing));
      }
    }
    return headers;
  }

  private static List<String> required(QualtricsSettings q) {
    List<String> columns = new ArrayList<>(List.of("ResponseId", "RecordedDate", q.customerRef()));
    columns.addAll(q.questions().keySet());
    return columns;
  }

  /** Long-form answers: {@link SurveyExports#FIELDS} plus _corrupt_record, _source_file, _row_seq. */
  public static Dataset<Row> read(SparkSession spark, List<Header> headers, QualtricsSettings q,
      com.experiencewarehouse.config.Settings.MultiLineRecords records) {
    List<String> files = headers.stream().map(Header::file).toList();
    // files() checked that every file of the date has the same columns.
    Header h = headers.get(0);
    // Columns by position: ids repeat or are blank (the legacy header's trailing comma).
    StructType schema = new StructType();
    for (int i = 0; i < h.ids().size(); i++) {
      schema = schema.add("c" + i, DataTypes.StringType, true);
    }
    schema = schema.add(CsvExportReader.CORRUPT, DataTypes.StringType, true);
    // Every header row is a record to Spark (its names are not the schema's): each is known by its
    // ResponseId cell (a UTF-8 byte-order mark stripped: the legacy V1 is the first cell).
    Dataset<Row> rows = CsvExportReader.readRaw(spark, schema, files, false, records);
    Column responseId = trim(regexp_replace(col("c" + h.indexOf("ResponseId")), "^\uFEFF", ""));
    List<String> headerCells = new ArrayList<>();
    for (Header fh : headers) {
      headerCells.add(fh.ids().get(fh.indexOf("ResponseId")));
      headerCells.add(fh.labels().get(fh.indexOf("ResponseId")));
      if (!fh.importIds().isEmpty()) {
        headerCells.add(fh.importIds().get(fh.indexOf("ResponseId")));
      }
    }
    // (A row without ResponseId stays: bronze rejects it, missing_key.)
    rows = rows.filter(col(CsvExportReader.CORRUPT).isNotNull()
        .or(org.apache.spark.sql.functions.coalesce(responseId.isin(headerCells.toArray()), lit(false)).unary_$bang()));

    // RecordedDate is local time in the export's zone, per file.
    Column zone = lit(q.timeZone());
    for (Header fh : headers) {
      // Files of one date share a folder: the name tells them apart.
      zone = when(col("_source_file").endsWith("/" + new org.apache.hadoop.fs.Path(fh.file()).getName()),
          lit(fh.zone(q.timeZone()))).otherwise(zone);
    }
    Column recordedText = trim(col("c" + h.indexOf("RecordedDate")));
    Column local = recordedText.try_cast(DataTypes.TimestampNTZType);
    Column recorded = when(recordedText.rlike("^\\d{4}-\\d{2}-\\d{2}[ T]\\d{2}:\\d{2}(:\\d{2})?$").and(local.isNotNull()),
        date_format(to_utc_timestamp(local.cast(DataTypes.TimestampType), zone), "yyyy-MM-dd'T'HH:mm:ss'Z'"))
        // Not a date-time (2026-02-30 04:00:00): kept with its zone, so bronze says bad_timestamp.
        .otherwise(concat(recordedText, lit(" ["), zone, lit("]")));

    List<Column> answers = new ArrayList<>();
    for (Map.Entry<String, String> question : q.questions().entrySet()) {
      int column = h.indexOf(question.getKey());
      // The answer's item is its column's id (Q6), however the config names the column.
      String columnId = h.ids().get(column);
      Column cell = trim(col("c" + column));
      String metric = question.getValue();
      Column number = regexp_extract(cell, "^(-?\\d+(\\.\\d+)?)(\\s*-.*)?$", 1);
      Column none = lit(null).cast(DataTypes.StringType);
      answers.add(when(cell.notEqual(""), metric.equals("text")
          // A free-text answer: item is its question's column, the answer is kept as text.
          ? struct(lit("TEXT").as("survey_type"), lit(columnId).as("item"), none.as("score"), cell.as("text"))
          : struct(lit(surveyType(metric)).as("survey_type"),
              lit(metric).as("item"), when(number.notEqual(""), number).otherwise(cell).as("score"), none.as("text"))));
    }
    Column answered = org.apache.spark.sql.functions.array_compact(array(answers.toArray(new Column[0])));
    Column none = lit(null).cast(DataTypes.StringType);
    // A malformed line, or a response without any mapped answer, stays one row (no survey type).
    Column exploded = when(col(CsvExportReader.CORRUPT).isNull().and(org.apache.spark.sql.functions.size(answered).gt(0)),
        answered).otherwise(array(struct(none.as("survey_type"), none.as("item"), none.as("score"), none.as("text"))));
    Column finished = h.indexOf("Finished") >= 0 ? col("c" + h.indexOf("Finished")) : none;
    Column progress = h.indexOf("Progress") >= 0 ? col("c" + h.indexOf("Progress")) : none;
    Column status = h.indexOf("Status") >= 0 ? col("c" + h.indexOf("Status")) : none;
    Column email = !q.customerEmail().isEmpty() && h.indexOf(q.customerEmail()) >= 0
        ? col("c" + h.indexOf(q.customerEmail())) : none;
    return rows
        .withColumn("_answer", explode(exploded))
        .select(
            when(col("_answer.survey_type").isNotNull(), concat(responseId, lit(":"), col("_answer.survey_type")))
                .otherwise(responseId).as("response_id"),
            col("c" + h.indexOf(q.customerRef())).as("customer_ref"),
            col("_answer.survey_type").as("survey_type"),
            col("_answer.item").as("item"),
            col("_answer.score").as("score"),
            recorded.as("responded_at"),
            col("_answer.text").as("text"),
            finished.as("finished"),
            progress.as("progress"),
            status.as("status"),
            email.as("customer_email"),
            col(CsvExportReader.CORRUPT),
            col("_source_file"),
            monotonically_increasing_id().as("_row_seq"));
  }
}
