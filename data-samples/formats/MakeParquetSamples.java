import static org.apache.spark.sql.functions.col;

import com.experiencewarehouse.sources.ga4.Ga4Export;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;

/**
 * Derives the Parquet samples (run from data-samples/ with the job's classes and Spark on the
 * class path, after make_events_csv.py):
 *   java --add-opens=java.base/sun.nio.ch=ALL-UNNAMED ... -cp "../jobs/target/classes:CLASSPATH" \
 *     formats/MakeParquetSamples.java
 * - formats/ga4-parquet/: web/'s events as a Parquet copy of the GA4 export (`bq extract
 *   --destination_format PARQUET`: INT64 columns are integers, FLOAT64 doubles). The truncated JSON
 *   line has no Parquet form and is left out; 'not-a-timestamp' becomes a NULL timestamp.
 * - formats/events-parquet/: formats/events-csv/'s events with typed columns (Timestamp as a
 *   TIMESTAMP, Session ID and Engagement Time (ms) as BIGINT); the malformed row is left out.
 */
public class MakeParquetSamples {
  public static void main(String[] args) throws IOException {
    SparkSession spark = SparkSession.builder().master("local[1]").config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC").getOrCreate();
    for (String day : List.of("2026-09-14", "2026-09-15")) {
      String basic = day.replace("-", "");
      Dataset<Row> raw = spark.read().schema(Ga4Export.RAW)
          .json("web/" + day + "/events_" + basic + ".json")
          .filter("_corrupt_record IS NULL");
      List<Column> typed = new ArrayList<>();
      for (StructField f : Ga4Export.PARQUET.fields()) {
        typed.add(raw.col(f.name()).try_cast(f.dataType()).as(f.name()));
      }
      write(raw.select(typed.toArray(new Column[0])), "formats/ga4-parquet/web/" + day, "events_" + basic + ".parquet");

      Dataset<Row> csv = spark.read().option("header", "true").option("mode", "DROPMALFORMED")
          .csv("formats/events-csv/web/" + day + "/events_" + day + ".csv");
      write(csv
              .withColumn("Timestamp", col("Timestamp").try_cast("timestamp"))
              .withColumn("Session ID", col("Session ID").try_cast("bigint"))
              .withColumn("Engagement Time (ms)", col("Engagement Time (ms)").try_cast("bigint")),
          "formats/events-parquet/web/" + day, "events_" + day + ".parquet");
    }
    spark.stop();
  }

  /** Writes one Parquet file named {@code name} into {@code folder}. */
  private static void write(Dataset<Row> rows, String folder, String name) throws IOException {
    Path tmp = Files.createTempDirectory("parquet-sample");
    rows.coalesce(1).write().mode("overwrite").parquet(tmp.toString());
    Files.createDirectories(Path.of(folder));
    try (DirectoryStream<Path> parts = Files.newDirectoryStream(tmp, "part-*.parquet")) {
      for (Path part : parts) {
        Files.copy(part, Path.of(folder, name), StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }
}
