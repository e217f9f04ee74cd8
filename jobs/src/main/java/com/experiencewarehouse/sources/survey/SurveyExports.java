package com.experiencewarehouse.sources.survey;

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
 * Survey answers in long form (one row per answered item), from the format xw.sources.surveys
 * names: a long-form CSV dump, or a Qualtrics response export ({@link QualtricsExport}).
 */
public final class SurveyExports {

  /** Logical fields, in output order; the first six are required of a long-form dump. */
  public static final List<String> FIELDS = List.of(
      "response_id", "customer_ref", "survey_type", "item", "score", "responded_at", "text", "finished", "progress",
      "status");
  static final List<String> REQUIRED = FIELDS.subList(0, 6);

  private SurveyExports() {}

  /** The date's survey files, their header checked. */
  public static List<String> files(SparkSession spark, SourceSettings s, LocalDate date) {
    SurveySource survey = s.surveys();
    if (survey.format().equals("qualtrics")) {
      return QualtricsExport.files(spark, InputFiles.dateFolder(s.root(), survey.csv().dir(), date),
          InputFiles.expand(survey.csv().pattern(), date), survey.qualtrics());
    }
    return CsvExportReader.files(spark, s.root(), survey.csv(), REQUIRED, date, "survey");
  }

  public static Dataset<Row> read(SparkSession spark, SourceSettings s, List<String> files) {
    SurveySource survey = s.surveys();
    return survey.format().equals("qualtrics")
        ? QualtricsExport.read(spark, files, survey.qualtrics())
        : CsvExportReader.read(spark, files, survey.csv(), FIELDS, REQUIRED, "survey");
  }
}
