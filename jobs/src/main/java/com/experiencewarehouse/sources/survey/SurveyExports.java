package com.experiencewarehouse.sources.survey;

import com.experiencewarehouse.config.Settings.SourceSettings;
import com.experiencewarehouse.sources.CsvExportReader;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Long-form survey dump (one row per response item): logical fields and reader. */
public final class SurveyExports {

  public static final List<String> FIELDS = List.of(
      "response_id", "customer_ref", "survey_type", "item", "score", "responded_at");

  private SurveyExports() {}

  /** The date's survey files, their header checked. */
  public static List<String> files(SparkSession spark, SourceSettings s, LocalDate date) {
    return CsvExportReader.files(spark, s.root(), s.surveys(), FIELDS, date, "survey");
  }

  public static Dataset<Row> read(SparkSession spark, SourceSettings s, List<String> files) {
    return CsvExportReader.read(spark, files, s.surveys(), FIELDS, FIELDS, "survey");
  }
}
