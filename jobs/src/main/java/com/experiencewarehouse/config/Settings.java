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

  public record SourceSettings(
      String root,
      String webDir,
      String webPattern,
      CsvSource customers,
      List<String> churnedStatuses,
      CsvSource tickets,
      List<String> openTicketStatuses,
      CsvSource surveys) {}

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
