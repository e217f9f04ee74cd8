package com.experiencewarehouse.sources.ga4;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.monotonically_increasing_id;

import com.experiencewarehouse.config.Settings.SourceSettings;
import com.experiencewarehouse.sources.CsvExportReader;
import com.experiencewarehouse.sources.InputFiles;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The GA4 BigQuery export as newline-delimited JSON, with the export's own column names. INT64
 * columns are read as strings because `bq extract` writes them quoted; bronze casts them.
 */
public final class Ga4Export {

  private static final DataType S = DataTypes.StringType;
  private static final DataType D = DataTypes.DoubleType;

  static StructType struct(StructField... fields) {
    return new StructType(fields);
  }

  static StructField f(String name, DataType type) {
    return DataTypes.createStructField(name, type, true);
  }

  public static final StructType PARAM_VALUE = struct(
      f("string_value", S), f("int_value", S), f("float_value", D), f("double_value", D));

  public static final StructType ITEM = struct(
      f("item_id", S), f("item_name", S), f("item_category", S), f("price", D), f("quantity", S));

  /** The columns of the export that the job reads; other columns of the export are ignored. */
  public static final StructType RAW = struct(
      f("event_date", S),
      f("event_timestamp", S),
      f("event_name", S),
      f("event_params", new ArrayType(struct(f("key", S), f("value", PARAM_VALUE)), true)),
      f("user_id", S),
      f("user_pseudo_id", S),
      f("device", struct(f("category", S), f("operating_system", S),
          f("web_info", struct(f("browser", S))))),
      f("geo", struct(f("country", S), f("region", S), f("city", S))),
      f("traffic_source", struct(f("source", S), f("medium", S), f("name", S))),
      f("ecommerce", struct(f("transaction_id", S), f("purchase_revenue", D))),
      f("items", new ArrayType(ITEM, true)),
      f(CsvExportReader.CORRUPT, S));

  private Ga4Export() {}

  public static List<String> files(SparkSession spark, SourceSettings s, LocalDate date) {
    return InputFiles.list(spark.sparkContext().hadoopConfiguration(),
        InputFiles.dateFolder(s.root(), s.webDir(), date),
        InputFiles.expand(s.webPattern(), date), "GA4 events");
  }

  /** Raw events plus {@code _corrupt_record}, {@code _source_file} and {@code _row_seq}. */
  public static Dataset<Row> read(SparkSession spark, List<String> files) {
    return spark.read()
        .schema(RAW)
        .option("mode", "PERMISSIVE")
        .option("columnNameOfCorruptRecord", CsvExportReader.CORRUPT)
        .json(files.toArray(new String[0]))
        .withColumn("_source_file", col("_metadata.file_path"))
        .withColumn("_row_seq", monotonically_increasing_id());
  }
}
