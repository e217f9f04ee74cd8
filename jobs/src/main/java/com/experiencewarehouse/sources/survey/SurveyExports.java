package com.experiencewarehouse.sources.survey;

import com.experiencewarehouse.bronze.Checks;
import org.apache.spark.sql.Column;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;

import com.experiencewarehouse.config.Settings.SourceSettings;
import com.experiencewarehouse.config.Settings.SurveySource;
import com.experiencewarehouse.sources.CsvExportReader;
import com.experiencewarehouse.sources.InputFiles;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Survey answers in long form (one row per answered item), from every survey source in config
 * (xw.sources.surveys and its {@code more}), each in its format: a long-form CSV dump, or a
 * Qualtrics response export ({@link QualtricsExport}).
 */
public final class SurveyExports {

  /** Logical fields, in output order; the first six are required of a long-form dump. */
  public static final List<String> FIELDS = List.of(
      "response_id", "customer_ref", "survey_type", "item", "score", "responded_at", "text", "finished", "progress",
      "status", "customer_email");
  static final List<String> REQUIRED = FIELDS.subList(0, 6);

  private SurveyExports() {}

  /** One source's files of a night (and, for Qualtrics, their header rows, read once). */
  public record Files(SurveySource source, List<String> files, List<QualtricsExport.Header> qualtricsHeaders) {}

  /**
   * The date's survey files of every source, their headers checked (none for an optional source
   * without input); problems and notes go to {@code problems}.
   */
  public static List<Files> files(SparkSession spark, SourceSettings s, LocalDate date, InputFiles.Problems problems) {
    return s.surveys().stream().map(survey -> problems.checkOptional(s.isOptional("surveys", survey.name()),
        survey.name().isEmpty() ? "surveys" : "survey source " + survey.name(),
        () -> files(spark, s, survey, date, problems), new Files(survey, List.of(), List.of()))).toList();
  }

  private static Files files(SparkSession spark, SourceSettings s, SurveySource survey, LocalDate date,
      InputFiles.Problems problems) {
    if (survey.format().equals("qualtrics")) {
      List<QualtricsExport.Header> headers = QualtricsExport.files(spark,
          InputFiles.dateFolder(s.root(), survey.csv().dir(), date), InputFiles.expand(survey.csv().pattern(), date),
          survey.qualtrics());
      return new Files(survey, headers.stream().map(QualtricsExport.Header::file).toList(), headers);
    }
    List<String> files = CsvExportReader.files(spark, s.root(), survey.csv(), REQUIRED, date, "survey");
    // Without its column a response is finished (the documented default), so no note for that one.
    CsvExportReader.absentOptional(spark, files, survey.csv(),
        FIELDS.stream().filter(f -> !f.equals("finished")).toList(), "survey").ifPresent(problems::note);
    return new Files(survey, files, List.of());
  }

  /** Whether some source's answers name the respondent's email, to be linked to a customer by it. */
  public static boolean linksByEmail(SourceSettings s) {
    return s.surveys().stream().anyMatch(survey -> survey.format().equals("qualtrics")
        ? !survey.qualtrics().customerEmail().isEmpty()
        : !survey.csv().columns().getOrDefault("customer_email", "").isEmpty());
  }

  /** Marks a response kept without a customer (anonymous), read by bronze; absent = false. */
  public static final String ANONYMOUS = "_anonymous";
  /** Marks a source whose test and preview responses count as responses; absent = false. */
  public static final String COUNTS_TESTS = "_counts_test_responses";

  /**
   * The source's own rules for bronze: a Qualtrics response with neither customer reference nor
   * email is anonymous (kept) when the source keeps those; its tests count when it says so.
   */
  public static Dataset<Row> withSourceRules(Dataset<Row> answers, SurveySource survey) {
    boolean qualtrics = survey.format().equals("qualtrics");
    Column anonymous = qualtrics && survey.qualtrics().keepAnonymous()
        ? Checks.clean(col("customer_ref")).isNull().and(Checks.clean(col("customer_email")).isNull())
        : lit(false);
    return answers.withColumn(ANONYMOUS, anonymous)
        .withColumn(COUNTS_TESTS, lit(qualtrics && survey.qualtrics().countTestResponses()));
  }

  /**
   * {@link #FIELDS} plus _corrupt_record, _source_file and _row_seq, of every source; a named
   * source's response ids prefixed with its name; a Qualtrics export's records may span lines
   * within {@code records}.
   */
  public static Dataset<Row> read(SparkSession spark, List<Files> files,
      com.experiencewarehouse.config.Settings.MultiLineRecords records) {
    Dataset<Row> all = null;
    for (Files f : files) {
      SurveySource survey = f.source();
      if (f.files().isEmpty()) {
        continue;
      }
      Dataset<Row> answers = survey.format().equals("qualtrics")
          ? QualtricsExport.read(spark, f.qualtricsHeaders(), survey.qualtrics(), records)
          : CsvExportReader.read(spark, f.files(), survey.csv(), FIELDS, REQUIRED, "survey");
      if (!survey.name().isEmpty()) {
        answers = answers.withColumn("response_id", concat(lit(survey.name() + ":"), col("response_id")));
      }
      answers = withSourceRules(answers, survey);
      all = all == null ? answers : all.unionByName(answers);
    }
    // No survey input tonight (optional sources): no answers, in the same shape.
    return all != null ? all : CsvExportReader.empty(spark, FIELDS).withColumn(ANONYMOUS, lit(false))
        .withColumn(COUNTS_TESTS, lit(false));
  }
}
