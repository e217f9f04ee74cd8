package com.experiencewarehouse.config;

import java.util.List;
import java.util.Map;

/** Everything the job reads from configuration, typed, read once at start-up. */
public record Settings(
    String environment,
    SparkSettings spark,
    String warehousePath,
    SourceSettings sources,
    boolean devMode,
    PiiSettings pii,
    SessionSettings session,
    WebEventSettings webEvents,
    List<TaskDefinition> tasks,
    MetricSettings metrics,
    LinkSettings link,
    JourneySettings journey,
    QuarantineSettings quarantine,
    MaintenanceSettings maintenance,
    java.time.Duration lockStaleAfter,
    CatalogSettings catalog,
    ServeSettings serve,
    WebAnalyticsSettings webAnalytics) {

  /**
   * The key of the HMAC-SHA256 that turns identifiers into keys (xw.pii.hash-key), and whether it is
   * the public sample key or shorter than a real one: allowed in dev mode only.
   */
  public record PiiSettings(String hashKey, boolean isWeakKey) {

    /** Never the key itself: settings may end up in a log. */
    @Override
    public String toString() {
      return "PiiSettings[hashKey=(" + hashKey.length() + " characters), isWeakKey=" + isWeakKey + "]";
    }
  }

  /**
   * @param shufflePartitions a fixed number, or 0 for "auto": sized from the night's input
   *     ({@link com.experiencewarehouse.spark.ShufflePartitions})
   * @param shufflePartitionBytes input bytes per shuffle partition under "auto"
   * @param maxShufflePartitions the most "auto" chooses
   */
  public record SparkSettings(String master, int shufflePartitions, long shufflePartitionBytes,
      int maxShufflePartitions, String logLevel, int concurrentSteps, Map<String, String> conf) {

    /** These settings with {@code more} Spark settings on top of xw.spark.conf (a key in both: more's). */
    public SparkSettings withConf(Map<String, String> more) {
      Map<String, String> merged = new java.util.LinkedHashMap<>(conf);
      merged.putAll(more);
      return new SparkSettings(master, shufflePartitions, shufflePartitionBytes, maxShufflePartitions, logLevel,
          concurrentSteps, Map.copyOf(merged));
    }

    /** "auto", unless xw.spark.conf sets spark.sql.shuffle.partitions itself. */
    public boolean autoShufflePartitions() {
      return shufflePartitions == 0 && !conf.containsKey("spark.sql.shuffle.partitions");
    }
  }

  /** A CSV export: file pattern and logical field -> header column. */
  public record CsvSource(String dir, String pattern, Map<String, String> columns) {}

  /**
   * A web events export ({@code name} "" for xw.sources.web itself, else the name of one of its
   * {@code more} sources, which prefixes the source's visitor ids): its format ("ga4-json", "ga4-parquet", "events-csv", "events-parquet"),
   * folder, daily file pattern, and the GA4 intraday pattern, read only when the date has no daily
   * file (nor a fresh daily one: {@code freshPattern}, events_fresh_YYYYMMDD, "" = none). Generic events ("events-*") name their columns: logical field -> column ("" = absent),
   * fields given a fixed value instead (field -> value, e.g. event_name -> page_view), how
   * timestamps are written, the zone of timestamps written without one ("" = such values are bad),
   * the unit of the duration column ("s" or "ms"), and property columns kept as event params
   * (key -> column).
   */
  public record WebSource(String name, String format, String dir, String pattern, String intradayPattern,
      Map<String, String> columns, Map<String, String> constants, String timestampFormat, String timeZone,
      String durationUnit, Map<String, String> properties, String freshPattern) {

    /** A source without a fresh daily pattern (another tool's export, or a test's). */
    public WebSource(String name, String format, String dir, String pattern, String intradayPattern,
        Map<String, String> columns, Map<String, String> constants, String timestampFormat, String timeZone,
        String durationUnit, Map<String, String> properties) {
      this(name, format, dir, pattern, intradayPattern, columns, constants, timestampFormat, timeZone,
          durationUnit, properties, "");
    }

    public boolean isGa4() {
      return format.startsWith("ga4-");
    }
  }

  /**
   * @param webTimeZone the web property's reporting time zone (xw.sources.web.time-zone): GA4's
   *     event_date is a day in it, and so is every *_date the job derives from a timestamp
   *     ({@link com.experiencewarehouse.spark.LocalDays}); timestamps stay UTC
   * @param crmFormat "csv" (customers and tickets mapped by their columns) or "salesforce"
   * @param crmTimeZone zone of CRM date-times written without one; "" = such values are quarantined
   * @param optional the sources that may have no input on a night ({@link #isOptional})
   */
  public record SourceSettings(
      String root,
      List<WebSource> web,
      java.time.ZoneId webTimeZone,
      String crmFormat,
      String crmTimeZone,
      CsvSource customers,
      List<String> churnedStatuses,
      CsvSource tickets,
      List<String> openTicketStatuses,
      SalesforceSettings salesforce,
      List<SurveySource> surveys,
      java.util.Set<String> optional,
      MultiLineRecords multiLineRecords) {

    /**
     * Whether a source may have no input on a night (xw.sources.KIND.optional): "web", "crm",
     * "surveys", or a more entry as KIND:NAME ("web:app").
     */
    public boolean isOptional(String kind, String name) {
      return optional.contains(name.isEmpty() ? kind : kind + ":" + name);
    }

    public boolean isSalesforce() {
      return crmFormat.equals("salesforce");
    }

    /**
     * Whether the CRM mapping says who churned: a status or a churn date field mapped. Without
     * either, nobody would look churned and the churn rate would read a plausible 0: it is NULL.
     */
    public boolean hasChurnInformation() {
      Map<String, String> m = isSalesforce() ? salesforce.customer() : customers.columns();
      return !m.getOrDefault("status", "").isEmpty() || !m.getOrDefault("churn_date", "").isEmpty();
    }
  }

  /**
   * Salesforce object exports: each object's file pattern (opportunity "" = none), the customer's
   * fields as Object.Field of the Contact or its Account ("Opportunity.Amount": won revenue), and
   * the Case's field per ticket field (contact = the lookup to the customer's contact).
   */
  /**
   * How far a record of a multi-line CSV export (Salesforce, Qualtrics: quoted values hold line
   * breaks) may run on past its first line: at most {@code maxLines} lines and {@code maxChars}
   * characters (xw.sources.multi-line-records).
   */
  public record MultiLineRecords(int maxLines, int maxChars) implements java.io.Serializable {

    /** Every record one line: line-mode CSV read record by record (a UTF-16 file). */
    public static final MultiLineRecords ONE_LINE = new MultiLineRecords(1, Integer.MAX_VALUE);

    public MultiLineRecords {
      if (maxLines < 1 || maxChars < 1) {
        throw new IllegalArgumentException("record limits must be positive: " + maxLines + " lines, "
            + maxChars + " characters");
      }
    }
  }

  public record SalesforceSettings(String account, String contact, String caseFiles, String opportunity,
      Map<String, String> customer, Map<String, String> ticket) {}

  /**
   * A survey export ({@code name} "" for xw.sources.surveys itself, else the name of one of its
   * {@code more} sources, which prefixes the source's response ids): "long-csv" (one row per answered item, mapped by {@code csv}'s columns) or
   * "qualtrics" (a Qualtrics response export, mapped by {@code qualtrics}).
   */
  public record SurveySource(String name, String format, CsvSource csv, QualtricsSettings qualtrics) {}

  /**
   * A Qualtrics export's customer link column (and the respondent's email column, linked by the
   * CRM's email when the first is empty; "" = none), the zone of its date-times when the export names
   * none, and question column -> metric (nps, csat, ces, sus_1 … sus_10, or text: a free-text
   * answer kept as a verbatim), in export order; whether a response with neither customer reference
   * nor email (an anonymous link's) is kept, in the (anonymous) segment, and whether Qualtrics' test
   * and preview responses count as responses (a sandbox), instead of being quarantined.
   */
  public record QualtricsSettings(String customerRef, String customerEmail, String timeZone,
      Map<String, String> questions, boolean keepAnonymous, boolean countTestResponses) {

    /** An export's mapping with the defaults: anonymous responses kept, tests and previews not counted. */
    public QualtricsSettings(String customerRef, String customerEmail, String timeZone, Map<String, String> questions) {
      this(customerRef, customerEmail, timeZone, questions, true, false);
    }
  }

  public record SessionSettings(long timeoutSeconds, int maxDays, long engagedMinSeconds) {}

  /**
   * Web analytics as GA4 defines it, one set for the warehouse.
   *
   * @param attributionLookbackDays xw.attribution.lookback-days: a direct session takes the last
   *     non-direct source of the same device that started at most this many days before it
   * @param channelGroups xw.attribution.channel-groups: GA4's default channel grouping as ordered
   *     rules, the first matching rule names the session's channel
   * @param sourceCategories xw.attribution.source-categories: category (search, social, video,
   *     shopping) -> its sources, which rules name by source-category
   * @param unassignedChannel the channel of a session no rule matches
   * @param keepQueryParams xw.sources.web.keep-query-params: query parameters kept in page paths
   *     (click ids are removed even when listed)
   * @param revenueParam xw.sources.web.revenue-param: the event param holding a purchase's revenue
   *     when the export has neither ecommerce.purchase_revenue nor event_value_in_usd ("" = none)
   */
  public record WebAnalyticsSettings(int attributionLookbackDays, List<ChannelGroupRule> channelGroups,
      Map<String, List<String>> sourceCategories, String unassignedChannel, List<String> keepQueryParams,
      String revenueParam) {}

  /** A channel group and its alternatives: the rule matches when any alternative does. */
  public record ChannelGroupRule(String name, List<ChannelCondition> anyOf) {}

  /**
   * One alternative of a channel rule: every condition given must hold ("" = no condition).
   * {@code source}, {@code medium} and {@code campaign} are regular expressions matched against
   * the whole lower-cased value; {@code sourceCategory} names a list of xw.attribution.source-categories.
   */
  public record ChannelCondition(String source, String medium, String campaign, String sourceCategory) {}

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

  /**
   * The largest share of a source's rows of a night that may be quarantined (0–1), and overrides by
   * source name (ga4_events, crm_customers, …); above it the run fails before silver and gold.
   * {@code path} is the root of the quarantine's tables (resolved: by default the warehouse's
   * "quarantine" folder), apart from the BI tables so it can be access-restricted; {@code maskPii}
   * replaces emails and phone numbers in its raw records. Event times (GA4 aside, which its
   * event_date bounds) before {@code earliestEventDate} or later than {@code eventDaysAfterDate} days
   * after the night's date are bad_timestamp.
   */
  public record QuarantineSettings(double maxShare, Map<String, Double> maxShareBySource, String path,
      boolean maskPii, java.time.LocalDate earliestEventDate, int eventDaysAfterDate) {

    public double maxShare(String source) {
      return maxShareBySource.getOrDefault(source, maxShare);
    }
  }

  /** {@code maintain}: VACUUM's retention, and whether one below Delta's safe 7 days is allowed. */
  /**
   * Where tables are registered by name (xw.catalog): an embedded Derby metastore in a local folder,
   * an external Hive metastore, or none.
   *
   * @param embeddedPath the Derby metastore's local folder (type EMBEDDED)
   * @param hiveMetastoreUris thrift URIs (type HIVE)
   * @param databasePrefix put before each layer's database name ("prod_" -> prod_gold)
   */
  public record CatalogSettings(CatalogType type, String embeddedPath, String hiveMetastoreUris,
      String databasePrefix) {

    /** The database a layer's tables are registered in. */
    public String database(String layer) {
      return databasePrefix + layer;
    }
  }

  /** These settings with another endpoint address (xw serve --host/--port). */
  public Settings withServe(ServeSettings s) {
    return new Settings(environment, spark, warehousePath, sources, devMode, pii, session, webEvents, tasks, metrics,
        link, journey, quarantine, maintenance, lockStaleAfter, catalog, s, webAnalytics);
  }

  /**
   * xw.serve: the SQL endpoint's address, rescan interval, whether it and xw sql only read, the
   * layers it serves, and the token its clients must present ("" = none: loopback only).
   */
  public record ServeSettings(String host, int port, java.time.Duration rescanInterval, boolean readOnly,
      List<String> layers, String token) {

    /** Another address (xw serve --host/--port), the rest as set. */
    public ServeSettings at(String host, int port) {
      return new ServeSettings(host, port, rescanInterval, readOnly, layers, token);
    }

    /** Never the token: a record's toString would print it into a log. */
    @Override
    public String toString() {
      return "ServeSettings[host=" + host + ", port=" + port + ", rescanInterval=" + rescanInterval + ", readOnly="
          + readOnly + ", layers=" + layers + ", token=" + (token.isEmpty() ? "none" : "(set)") + "]";
    }
  }

  public enum CatalogType { EMBEDDED, HIVE, OFF }

  public record MaintenanceSettings(long vacuumRetentionHours, boolean allowShortRetention) {}

  /**
   * @param compositeTask the configured task (xw.metrics.composite-task) whose success rate the
   *     composite score and the per-task driver use
   */
  public record MetricSettings(int minSample, double compositeWeightUx, double compositeWeightCx,
      String compositeTask) {

    /** The default composite task, {@code checkout} (docs/metrics.md). */
    public static final String DEFAULT_COMPOSITE_TASK = "checkout";

    /** With the default composite task. */
    public MetricSettings(int minSample, double compositeWeightUx, double compositeWeightCx) {
      this(minSample, compositeWeightUx, compositeWeightCx, DEFAULT_COMPOSITE_TASK);
    }
  }
}
