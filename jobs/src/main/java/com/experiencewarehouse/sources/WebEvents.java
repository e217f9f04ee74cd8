package com.experiencewarehouse.sources;

import com.experiencewarehouse.config.Settings.SourceSettings;
import com.experiencewarehouse.config.Settings.WebSource;
import com.experiencewarehouse.sources.events.WebEventsExport;
import com.experiencewarehouse.sources.ga4.Ga4Export;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** The night's web events, from whichever export xw.sources.web.format names, in the GA4 export's shape. */
public final class WebEvents {

  private WebEvents() {}

  /** The files a night reads; {@code intraday} when they are a GA4 intraday export (no daily file yet). */
  public record Files(List<String> read, boolean intraday) {}

  public static Files files(SparkSession spark, SourceSettings s, LocalDate date) {
    WebSource w = s.web();
    if (w.isGa4()) {
      return Ga4Export.files(spark, s, date);
    }
    return new Files(WebEventsExport.files(spark, w, InputFiles.dateFolder(s.root(), w.dir(), date),
        InputFiles.expand(w.pattern(), date)), false);
  }

  /** Raw events in {@link Ga4Export#RAW}'s shape plus _source_file and _row_seq. */
  public static Dataset<Row> read(SparkSession spark, SourceSettings s, Files files) {
    WebSource w = s.web();
    return w.isGa4()
        ? Ga4Export.read(spark, w.format(), files.read())
        : WebEventsExport.read(spark, w, files.read());
  }
}
