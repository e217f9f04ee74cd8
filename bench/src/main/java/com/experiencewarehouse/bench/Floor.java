package com.experiencewarehouse.bench;

import com.experiencewarehouse.config.Settings;
import com.experiencewarehouse.config.SettingsLoader;
import com.experiencewarehouse.sources.CsvExportReader;
import com.experiencewarehouse.sources.crm.CrmExports;
import com.experiencewarehouse.sources.WebEvents;
import com.experiencewarehouse.sources.survey.SurveyExports;
import com.experiencewarehouse.spark.SparkSessions;
import java.io.File;
import java.time.LocalDate;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The benchmark's floor: Spark reads every input of a date once, as the job's readers do, and
 * writes the same rows to Delta — nothing else. {@code Floor DATE CONF OUT_DIR}.
 */
public final class Floor {

  private Floor() {}

  public static void main(String[] args) {
    LocalDate date = LocalDate.parse(args[0]);
    Settings settings = SettingsLoader.load(Optional.of(new File(args[1])));
    String out = args[2];
    SparkSession spark = SparkSessions.forJob(settings.spark());
    Settings.SourceSettings s = settings.sources();
    long started = System.nanoTime();
    com.experiencewarehouse.sources.InputFiles.Problems problems = new com.experiencewarehouse.sources.InputFiles.Problems();
    write(WebEvents.read(spark, WebEvents.files(spark, s, date, problems)), out + "/ga4_events");
    write(CrmExports.readCustomers(spark, s, CrmExports.customerFiles(spark, s, date)), out + "/crm_customers");
    write(CrmExports.readTickets(spark, s, CrmExports.ticketFiles(spark, s, date)), out + "/crm_tickets");
    write(SurveyExports.read(spark, SurveyExports.files(spark, s, date, problems), s.multiLineRecords()), out + "/survey_answers");
    problems.throwIfAny();
    System.out.printf("floor %s: %.1f s%n", date, (System.nanoTime() - started) / 1e9);
    spark.stop();
  }

  private static void write(Dataset<Row> rows, String path) {
    // Spark refuses a query on raw CSV/JSON that reads only the corrupt-record column: keep all.
    rows.drop(CsvExportReader.CORRUPT).write().format("delta").mode("overwrite").save(path);
  }
}
