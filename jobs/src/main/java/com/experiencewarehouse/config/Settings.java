package com.experiencewarehouse.config;

import java.util.List;
import java.util.Map;

/** Everything the job reads from configuration, typed, read once at start-up. */
public record Settings(
    String environment,
    SparkSettings spark,
    String warehousePath,
    SourceSettings sources,
    String piiSalt,
    SessionSettings session,
    WebEventSettings webEvents,
    List<TaskDefinition> tasks,
    MetricSettings metrics,
    LinkSettings link,
    JourneySettings journey) {

  public record SparkSettings(String master, int shufflePartitions, String logLevel, int concurrentSteps,
      Map<String, String> conf) {}

  /** A CSV export: file pattern and logical field -> header column. */
  public record CsvSource(String dir, String pattern, Map<String, String> columns) {}

  /**
   * The web events export: its format ("ga4-json", "ga4-parquet", "events-csv", "events-parquet"),
   * folder, daily file pattern, and the GA4 intraday pattern, read only when the date has no daily
   * file. Generic events ("events-*") name their columns: logical field -> column ("" = absent),
   * how timestamps are written, and property columns kept as event params (key -> column).
   */
  public record WebSource(String format, String dir, String pattern, String intradayPattern,
      Map<String, String> columns, String timestampFormat, Map<String, String> properties) {

    public boolean isGa4() {
      return format.startsWith("ga4-");
    }
  }

  public record SourceSettings(
      String root,
      WebSource web,
      CsvSource customers,
      List<String> churnedStatuses,
      CsvSource tickets,
      List<String> openTicketStatuses,
      SurveySource surveys) {}

  /**
   * The survey export: "long-csv" (one row per answered item, mapped by {@code csv}'s columns) or
   * "qualtrics" (a Qualtrics response export, mapped by {@code qualtrics}).
   */
  public record SurveySource(String format, CsvSource csv, QualtricsSettings qualtrics) {}

  /**
   * A Qualtrics export's customer link column, the zone of its date-times when the export names
   * none, and question column -> metric (nps, csat, ces, sus_1 … sus_10, or text: a free-text
   * answer kept as a verbatim), in export order.
   */
  public record QualtricsSettings(String customerRef, String timeZone, Map<String, String> questions) {}

  public record SessionSettings(long timeoutSeconds, int maxDays, long engagedMinSeconds) {}

  public record WebEventSettings(
      String pageView,
      List<String> conversion,
      String addToCart,
      String purchase,
      List<String> errors) {}

  public record TaskDefinition(
      String name,
      List<String> start,
      List<String> success,
      List<String> failure,
      long timeoutSeconds) {}

  /** A journey stage and the GA4 events that put a session in it. */
  public record JourneyStage(String name, List<String> events) {}

  /** Journey stages in funnel order, and the inactivity that makes a return re-engagement. */
  public record JourneySettings(List<JourneyStage> stages, int reengageDays) {}

  /** Identity reach-back, late-data and attribution windows, in days. */
  public record LinkSettings(int identityLookbackDays, int lateDays, int windowDays) {}

  public record MetricSettings(int minSample, double compositeWeightUx, double compositeWeightCx) {}
}
