package com.experiencewarehouse.sources;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;

import com.experiencewarehouse.config.Settings.SourceSettings;
import com.experiencewarehouse.config.Settings.WebSource;
import com.experiencewarehouse.sources.events.WebEventsExport;
import com.experiencewarehouse.sources.ga4.Ga4Export;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The night's web events, from every web source in config (xw.sources.web and its {@code more}),
 * each read by its format, together in the GA4 export's shape.
 */
public final class WebEvents {

  private WebEvents() {}

  /**
   * Each web source's files of the date (none for an optional source without input); problems go to
   * {@code problems}, so that one line names those of every source.
   */
  public static List<WebEventFiles> files(SparkSession spark, SourceSettings s, LocalDate date, InputFiles.Problems problems) {
    return s.web().stream().map(w -> problems.checkOptional(s.isOptional("web", w.name()),
        w.name().isEmpty() ? "web" : "web source " + w.name(),
        () -> files(spark, s.root(), w, date), new WebEventFiles(w, List.of(), WebEventFiles.DAILY))).toList();
  }

  private static WebEventFiles files(SparkSession spark, String root, WebSource w, LocalDate date) {
    if (w.isGa4()) {
      return Ga4Export.files(spark, root, w, date);
    }
    return new WebEventFiles(w, WebEventsExport.files(spark, w, InputFiles.dateFolder(root, w.dir(), date),
        InputFiles.expand(w.pattern(), date)), WebEventFiles.DAILY);
  }

  /**
   * Raw events in {@link Ga4Export#RAW}'s shape plus _source_file and _row_seq; a named source's
   * device ids (user_pseudo_id) prefixed with its name.
   */
  public static Dataset<Row> read(SparkSession spark, List<WebEventFiles> files) {
    return read(spark, files, java.time.ZoneOffset.UTC);
  }

  /** {@link #read(SparkSession, List)}, other tools' event_date the local day in {@code reportingZone}. */
  public static Dataset<Row> read(SparkSession spark, List<WebEventFiles> files, java.time.ZoneId reportingZone) {
    Dataset<Row> all = null;
    for (WebEventFiles f : files) {
      WebSource w = f.source();
      if (f.read().isEmpty()) {
        continue;
      }
      Dataset<Row> events = w.isGa4()
          ? Ga4Export.read(spark, w.format(), f.read())
          : WebEventsExport.read(spark, w, f.read(), reportingZone);
      if (!w.name().isEmpty()) {
        events = events.withColumn("user_pseudo_id", concat(lit(w.name() + ":"), col("user_pseudo_id")));
      }
      all = all == null ? events : all.unionByName(events);
    }
    // No web input tonight (optional sources): no events, in the same shape.
    return all != null ? all : spark.createDataFrame(List.of(), Ga4Export.RAW
        .add("_source_file", org.apache.spark.sql.types.DataTypes.StringType)
        .add("_row_seq", org.apache.spark.sql.types.DataTypes.LongType)
        .add(Ga4Export.RAW_TEXT, org.apache.spark.sql.types.DataTypes.StringType));
  }
}
