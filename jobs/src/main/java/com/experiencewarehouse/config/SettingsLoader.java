package com.experiencewarehouse.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads HOCON once: system properties over the given file (or -Dconfig.file / application.conf) over
 * the packaged reference (conf/application.conf), validated against the reference.
 */
public final class SettingsLoader {

  /** conf/application.conf, packed into the jar by the build: every key's default. */
  public static final String DEFAULTS = "xw/application.conf";

  private SettingsLoader() {}

  /** Raised for any configuration problem; the message is one line naming the key or file. */
  public static final class BadConfigException extends RuntimeException {
    public BadConfigException(String message) {
      super(message);
    }
  }

  public static Settings load(Optional<File> confFile) {
    if (confFile.isPresent() && !confFile.get().isFile()) {
      throw new BadConfigException("config file not found: " + confFile.get().getPath());
    }
    return loadFrom(confFile.map(File::getPath));
  }

  /**
   * {@code --conf X}: a local file, a URI (hdfs:, s3a:, file:, local:) or, under spark-submit, the
   * name of a file given with {@code --files} ({@link ConfigFiles}); none: -Dconfig.file or
   * application.conf on the classpath, if any.
   */
  public static Settings loadFrom(Optional<String> location) {
    try {
      Config app;
      if (location.isPresent()) {
        ConfigParseOptions options = ConfigParseOptions.defaults().setAllowMissing(false);
        ConfigFiles.Located found = ConfigFiles.locate(location.get(), System.getProperties());
        if (found instanceof ConfigFiles.LocalFile local) {
          app = ConfigFactory.parseFile(local.file(), options);
        } else {
          ConfigFiles.RemoteFile remote = (ConfigFiles.RemoteFile) found;
          try (java.io.Reader r = remote.open()) {
            app = ConfigFactory.parseReader(r, options.setOriginDescription(remote.uri()));
          } catch (java.io.IOException e) {
            throw new BadConfigException("cannot read config file " + remote.uri() + ": " + oneLine(
                String.valueOf(e.getMessage())));
          }
        }
      } else {
        app = ConfigFactory.defaultApplication();
      }
      Config reference = ConfigFactory.parseResources(DEFAULTS,
          ConfigParseOptions.defaults().setAllowMissing(false));
      Config config = ConfigFactory.defaultOverrides().withFallback(app).withFallback(reference).resolve();
      // A web events column is a name or a fixed value { value = ... }: its type is checked by web().
      config.checkValid(reference.resolve().withoutPath("xw.sources.web.events.columns"), "xw");
      // The sample key is the one the packaged defaults hold before any environment variable.
      String sampleKey = reference.resolve(ConfigResolveOptions.noSystem()).getString("xw.pii.hash-key");
      return fromConfig(config.getConfig("xw"), sampleKey);
    } catch (ConfigException e) {
      throw new BadConfigException("bad configuration: " + oneLine(e.getMessage()));
    }
  }

  static Settings fromConfig(Config c, String sampleKey) {
    Settings.SparkSettings spark = new Settings.SparkSettings(
        c.getString("spark.master"),
        shufflePartitions(c),
        positiveBytes(c, "spark.shuffle-partition-size"),
        positive(c, "spark.max-shuffle-partitions"),
        c.getString("spark.log-level"),
        positive(c, "spark.concurrent-steps"),
        flatStrings(c.getConfig("spark.conf")));
    Config s = c.getConfig("sources");
    Settings.SourceSettings sources = new Settings.SourceSettings(
        s.getString("root"),
        sourcesOfKind(s, "web", SettingsLoader::web),
        reportingZone(s),
        oneOf(c, "sources.crm.format", List.of("csv", "salesforce")),
        zone(s.getString("crm.time-zone"), "sources.crm.time-zone", true),
        csv(s, "crm.dir", "crm.customers"),
        lower(s.getStringList("crm.customers.churned-statuses")),
        csv(s, "crm.dir", "crm.tickets"),
        lower(s.getStringList("crm.tickets.open-statuses")),
        salesforce(s),
        sourcesOfKind(s, "surveys", SettingsLoader::survey),
        optionalSources(s),
        new Settings.MultiLineRecords(positive(c, "sources.multi-line-records.max-lines"),
            positive(c, "sources.multi-line-records.max-chars")));
    Settings.SessionSettings session = new Settings.SessionSettings(
        seconds(c, "session.timeout", "xw.session.timeout"),
        positive(c, "session.max-days"),
        c.getLong("engaged.min-seconds"));
    Settings.WebEventSettings web = new Settings.WebEventSettings(
        c.getString("web-events.page-view"),
        c.getStringList("web-events.conversion"),
        c.getString("web-events.add-to-cart"),
        c.getString("web-events.purchase"),
        c.getStringList("web-events.errors"));
    List<Settings.TaskDefinition> tasks = new ArrayList<>();
    for (Config t : c.getConfigList("tasks")) {
      tasks.add(new Settings.TaskDefinition(
          t.getString("name"),
          t.getStringList("start"),
          t.getStringList("success"),
          t.getStringList("failure"),
          seconds(t, "timeout", "xw.tasks." + t.getString("name") + ".timeout")));
    }
    Settings.MetricSettings metrics = new Settings.MetricSettings(
        positive(c, "metrics.min-sample"),
        c.getDouble("metrics.composite.w-ux"),
        c.getDouble("metrics.composite.w-cx"),
        compositeTask(c, tasks));
    boolean devMode = c.getBoolean("dev-mode");
    return new Settings(
        c.getString("environment"),
        spark,
        c.getString("warehouse.path"),
        sources,
        devMode,
        pii(c, devMode, sampleKey),
        session,
        web,
        List.copyOf(tasks),
        metrics,
        new Settings.LinkSettings(
            nonNegative(c, "identity.lookback-days"),
            nonNegative(c, "late.days"),
            positive(c, "link.window-days")),
        journey(c),
        quarantine(c),
        maintenance(c),
        Duration.ofSeconds(seconds(c, "lock.stale-after", "xw.lock.stale-after")),
        catalog(c),
        serve(c),
        webAnalytics(c));
  }

  /** The layers xw.serve.layers may name. */
  public static final List<String> LAYERS = List.of("bronze", "silver", "gold", "quarantine");

  /** The shortest xw.serve.token accepted (16 characters: guessing it is out of reach). */
  public static final int MIN_TOKEN_LENGTH = 16;

  private static Settings.ServeSettings serve(Config c) {
    List<String> layers = c.getStringList("serve.layers");
    List<String> unknown = layers.stream().filter(l -> !LAYERS.contains(l)).toList();
    if (!unknown.isEmpty() || layers.isEmpty()) {
      throw new BadConfigException("bad configuration: xw.serve.layers " + (layers.isEmpty() ? "is empty"
          : "names unknown layers " + unknown) + "; use some of " + LAYERS);
    }
    String token = c.getString("serve.token");
    if (!token.isEmpty() && (token.strip().length() < MIN_TOKEN_LENGTH || !token.equals(token.strip()))) {
      // Never the token itself in the message: it is a secret.
      throw new BadConfigException("bad configuration: xw.serve.token (env XW_SERVE_TOKEN) must be at least "
          + MIN_TOKEN_LENGTH + " characters without leading or trailing spaces (it has " + token.length() + ")");
    }
    return new Settings.ServeSettings(c.getString("serve.host"), port(c, "serve.port"),
        Duration.ofSeconds(seconds(c, "serve.rescan-interval", "xw.serve.rescan-interval")), c.getBoolean("serve.read-only"),
        List.copyOf(layers), token);
  }

  /** Click ids: never kept in a page path (xw.sources.web.keep-query-params cannot keep them). */
  public static final List<String> CLICK_IDS = List.of("gclid", "fbclid", "msclkid", "dclid", "wbraid", "gbraid",
      "ttclid");

  private static Settings.WebAnalyticsSettings webAnalytics(Config c) {
    Config a = c.getConfig("attribution");
    Map<String, List<String>> categories = new LinkedHashMap<>();
    Config cats = a.getConfig("source-categories");
    for (String name : cats.root().keySet()) {
      categories.put(name, lower(cats.getStringList(com.typesafe.config.ConfigUtil.quoteString(name))));
    }
    List<Settings.ChannelGroupRule> rules = new ArrayList<>();
    List<? extends Config> groups = a.getConfigList("channel-groups");
    for (int i = 0; i < groups.size(); i++) {
      Config g = groups.get(i);
      String label = "xw.attribution.channel-groups[" + i + "]";
      List<Settings.ChannelCondition> any = new ArrayList<>();
      List<? extends Config> when = g.getConfigList("when");
      if (when.isEmpty()) {
        throw new BadConfigException("bad configuration: " + label + ".when must list at least one alternative");
      }
      for (int j = 0; j < when.size(); j++) {
        Config w = when.get(j);
        String at = label + ".when[" + j + "]";
        for (String key : w.root().keySet()) {
          if (!List.of("source", "medium", "campaign", "source-category").contains(key)) {
            throw new BadConfigException("bad configuration: " + at + "." + key
                + " is not a condition (source, medium, campaign, source-category)");
          }
        }
        Settings.ChannelCondition cond = new Settings.ChannelCondition(regex(w, "source", at),
            regex(w, "medium", at), regex(w, "campaign", at),
            w.hasPath("source-category") ? w.getString("source-category") : "");
        if (!cond.sourceCategory().isEmpty() && !categories.containsKey(cond.sourceCategory())) {
          throw new BadConfigException("bad configuration: " + at + ".source-category '" + cond.sourceCategory()
              + "' is not a list of xw.attribution.source-categories " + categories.keySet());
        }
        if (String.join("", cond.source(), cond.medium(), cond.campaign(), cond.sourceCategory()).isEmpty()) {
          throw new BadConfigException("bad configuration: " + at + " has no condition");
        }
        any.add(cond);
      }
      rules.add(new Settings.ChannelGroupRule(g.getString("name"), List.copyOf(any)));
    }
    return new Settings.WebAnalyticsSettings(nonNegative(c, "attribution.lookback-days"), List.copyOf(rules),
        java.util.Collections.unmodifiableMap(categories), a.getString("unassigned"),
        c.getStringList("sources.web.keep-query-params"), c.getString("sources.web.revenue-param"));
  }

  /** A condition's regular expression ("" when absent), checked to compile. */
  private static String regex(Config w, String key, String at) {
    if (!w.hasPath(key)) {
      return "";
    }
    String r = w.getString(key);
    try {
      java.util.regex.Pattern.compile(r);
    } catch (java.util.regex.PatternSyntaxException e) {
      throw new BadConfigException("bad configuration: " + at + "." + key + " is not a regular expression: '"
          + r + "' (" + oneLine(e.getDescription()) + ")");
    }
    return r;
  }

  /** xw.metrics.composite-task: the name of one configured task. */
  private static String compositeTask(Config c, List<Settings.TaskDefinition> tasks) {
    String name = c.getString("metrics.composite-task");
    List<String> names = tasks.stream().map(Settings.TaskDefinition::name).toList();
    if (!names.contains(name)) {
      throw new BadConfigException("bad configuration: xw.metrics.composite-task must name a configured task (xw.tasks: "
          + String.join(", ", names) + "), got '" + name + "'");
    }
    return name;
  }

  private static int port(Config c, String key) {
    int p = c.getInt(key);
    if (p < 1 || p > 65535) {
      throw new BadConfigException("bad configuration: xw." + key + " must be a port (1..65535), got " + p);
    }
    return p;
  }

  private static Settings.CatalogSettings catalog(Config c) {
    Settings.CatalogType type = switch (oneOf(c, "catalog.type", List.of("embedded", "hive", "off"))) {
      case "embedded" -> Settings.CatalogType.EMBEDDED;
      case "hive" -> Settings.CatalogType.HIVE;
      default -> Settings.CatalogType.OFF;
    };
    String prefix = c.getString("catalog.database-prefix");
    if (!prefix.matches("[a-z0-9_]*")) {
      throw new BadConfigException("bad configuration: xw.catalog.database-prefix may hold only a-z, 0-9 and _, got '"
          + prefix + "'");
    }
    String uris = c.getString("catalog.hive-metastore-uris").trim();
    if (type == Settings.CatalogType.HIVE && uris.isEmpty()) {
      throw new BadConfigException("bad configuration: xw.catalog.type = hive needs xw.catalog.hive-metastore-uris"
          + " (thrift://host:9083)");
    }
    String path = c.getString("catalog.embedded-path");
    if (type == Settings.CatalogType.EMBEDDED && path.isEmpty()) {
      String warehouse = c.getString("warehouse.path");
      if (warehouse.matches("^[A-Za-z][A-Za-z0-9+.-]+:.*") && !warehouse.startsWith("file:")) {
        // Derby keeps its files on a local disk only.
        throw new BadConfigException("bad configuration: the embedded catalog needs a local folder: set"
            + " xw.catalog.embedded-path (the warehouse is at " + warehouse + "), or xw.catalog.type = hive or off");
      }
      path = (warehouse.endsWith("/") ? warehouse : warehouse + "/") + "_catalog";
    }
    if (path.startsWith("file:")) {
      path = java.net.URI.create(path).getPath();
    }
    return new Settings.CatalogSettings(type, path, uris, prefix);
  }

  /** The shortest xw.pii.hash-key accepted outside dev mode (32 random base64 characters: 192 bits). */
  static final int MIN_HASH_KEY_LENGTH = 32;

  /**
   * The fewest distinct characters (whitespace aside) of a key accepted outside dev mode: 32 random
   * hex digits have about 14, base64 about 25; "aaaa…" or 32 spaces are no secret.
   */
  static final int MIN_HASH_KEY_DISTINCT = 8;

  /**
   * The hash key; outside dev mode neither the public sample key nor a short one, since anyone can
   * hash a list of known emails with those and match them to the warehouse's email keys.
   */
  private static Settings.PiiSettings pii(Config c, boolean devMode, String sampleKey) {
    if (c.hasPath("pii.salt")) {
      throw new BadConfigException("bad configuration: xw.pii.salt was renamed xw.pii.hash-key (env XW_PII_HASH_KEY, "
          + "the key of an HMAC-SHA256, at least " + MIN_HASH_KEY_LENGTH + " characters)");
    }
    String key = c.getString("pii.hash-key");
    if (key.isBlank()) {
      throw new BadConfigException("bad configuration: xw.pii.hash-key (env XW_PII_HASH_KEY) is "
          + (key.isEmpty() ? "empty" : "blank (only whitespace)"));
    }
    boolean sample = key.equals(sampleKey);
    long distinct = key.codePoints().filter(ch -> !Character.isWhitespace(ch)).distinct().count();
    boolean weak = sample || key.length() < MIN_HASH_KEY_LENGTH || distinct < MIN_HASH_KEY_DISTINCT;
    if (weak && !devMode) {
      String what = sample ? "is the public sample key of conf/application.conf"
          : key.length() < MIN_HASH_KEY_LENGTH ? "has " + key.length() + " characters, fewer than " + MIN_HASH_KEY_LENGTH
          : "has " + distinct + " distinct characters, fewer than " + MIN_HASH_KEY_DISTINCT + " (a repeated key is no secret)";
      throw new BadConfigException("bad configuration: xw.pii.hash-key " + what + ": set XW_PII_HASH_KEY to a secret "
          + "of at least " + MIN_HASH_KEY_LENGTH + " characters (for the sample data only: XW_DEV_MODE=true)");
    }
    return new Settings.PiiSettings(key, weak);
  }

  /** Delta's default VACUUM retention, below which its own check refuses to run. */
  static final long SAFE_RETENTION_HOURS = 7 * 24;

  private static Settings.MaintenanceSettings maintenance(Config c) {
    Duration retention = c.getDuration("maintenance.vacuum-retention");
    boolean allowShort = c.getBoolean("maintenance.allow-short-retention");
    if (retention.isNegative()) {
      throw new BadConfigException("bad configuration: xw.maintenance.vacuum-retention must not be negative");
    }
    long hours = retention.toHours();
    if (hours < SAFE_RETENTION_HOURS && !allowShort) {
      throw new BadConfigException("bad configuration: xw.maintenance.vacuum-retention of " + hours
          + " h is below Delta's safe 168 h (7 days); set xw.maintenance.allow-short-retention = true to allow it");
    }
    return new Settings.MaintenanceSettings(hours, allowShort);
  }

  private static Settings.QuarantineSettings quarantine(Config c) {
    Map<String, Double> bySource = new LinkedHashMap<>();
    Config block = c.getConfig("quarantine.max-share-by-source");
    for (String source : block.root().keySet()) {
      bySource.put(source, share(block.getDouble(com.typesafe.config.ConfigUtil.quoteString(source)),
          "quarantine.max-share-by-source." + source));
    }
    // By default under the warehouse, where the quarantine always was, so existing warehouses keep it.
    String path = c.getString("quarantine.path");
    if (path.isEmpty()) {
      String warehouse = c.getString("warehouse.path");
      path = (warehouse.endsWith("/") ? warehouse : warehouse + "/") + "quarantine";
    }
    java.time.LocalDate earliest;
    try {
      earliest = java.time.LocalDate.parse(c.getString("quarantine.event-times.earliest"));
    } catch (java.time.format.DateTimeParseException e) {
      throw new BadConfigException("bad configuration: xw.quarantine.event-times.earliest must be a date"
          + " (yyyy-MM-dd), got '" + c.getString("quarantine.event-times.earliest") + "'");
    }
    int daysAfter = c.getInt("quarantine.event-times.days-after-date");
    if (daysAfter < 0) {
      throw new BadConfigException("bad configuration: xw.quarantine.event-times.days-after-date must be"
          + " 0 or more, got " + daysAfter);
    }
    return new Settings.QuarantineSettings(share(c.getDouble("quarantine.max-share"), "quarantine.max-share"),
        Map.copyOf(bySource), path, c.getBoolean("quarantine.mask-pii"), earliest, daysAfter);
  }

  private static double share(double v, String key) {
    if (v < 0 || v > 1) {
      throw new BadConfigException("bad configuration: xw." + key + " must be a share from 0 to 1, got " + v);
    }
    return v;
  }

  private static Settings.JourneySettings journey(Config c) {
    List<Settings.JourneyStage> stages = new ArrayList<>();
    for (Config st : c.getConfigList("journey.stages")) {
      stages.add(new Settings.JourneyStage(st.getString("name"), st.getStringList("events")));
    }
    List<String> names = stages.stream().map(Settings.JourneyStage::name).toList();
    for (String required : List.of("pre_purchase", "purchase", "post_purchase", "ongoing", "re_engagement")) {
      if (!names.contains(required)) {
        throw new BadConfigException("bad configuration: xw.journey.stages lacks stage " + required);
      }
    }
    return new Settings.JourneySettings(List.copyOf(stages), positive(c, "journey.reengage-days"));
  }

  private static Settings.CsvSource csv(Config s, String dirKey, String path) {
    Map<String, String> columns = new LinkedHashMap<>();
    Config cols = s.getConfig(path + ".columns");
    for (String key : cols.root().keySet()) {
      columns.put(key, cols.getString(com.typesafe.config.ConfigUtil.quoteString(key)));
    }
    return new Settings.CsvSource(s.getString(dirKey), s.getString(path + ".pattern"), Map.copyOf(columns));
  }

  /**
   * The sources of one kind: its block (the first, unnamed), then each of its {@code more} list,
   * whose keys override the block's and which must be named.
   */
  private static <T> List<T> sourcesOfKind(Config s, String kind, SourceParser<T> parser) {
    Config block = s.getConfig(kind).withoutPath("more");
    Config defaults = ConfigFactory.parseResources(DEFAULTS).resolve().getConfig("xw.sources." + kind);
    List<T> out = new ArrayList<>();
    out.add(parser.parse(block, "xw.sources." + kind, ""));
    List<String> names = new ArrayList<>();
    List<? extends Config> more = s.getConfigList(kind + ".more");
    for (int i = 0; i < more.size(); i++) {
      String label = "xw.sources." + kind + ".more[" + i + "]";
      Config m = more.get(i);
      for (String key : m.root().keySet()) {
        if (!key.equals("name") && !block.hasPathOrNull(com.typesafe.config.ConfigUtil.quoteString(key))) {
          throw new BadConfigException("bad configuration: " + label + "." + key + " is not a key of xw.sources." + kind);
        }
      }
      String name = m.hasPath("name") ? m.getString("name") : "";
      if (!name.matches("[a-z][a-z0-9_-]*") || names.contains(name)) {
        throw new BadConfigException("bad configuration: " + label + ".name must be a unique name of lower-case "
            + "letters, digits, - and _, got '" + name + "'");
      }
      names.add(name);
      // A mapping given in the entry replaces the block's (over the defaults): merged key by key
      // with the block's, a second survey would demand the first one's question columns.
      Config base = block;
      for (String mapping : MAPPINGS) {
        if (m.hasPath(mapping)) {
          base = base.withValue(mapping, defaults.getValue(mapping));
        }
      }
      out.add(parser.parse(m.withoutPath("name").withFallback(base).resolve(), label, name));
    }
    return List.copyOf(out);
  }

  /** A source block's mappings (field or question -> column): replaced whole by a more entry's. */
  private static final List<String> MAPPINGS = List.of("columns", "events.columns", "events.properties",
      "qualtrics.questions");

  /** The sources marked optional: "web", "crm", "surveys", and KIND:NAME of a more entry (its own or its block's). */
  private static java.util.Set<String> optionalSources(Config s) {
    java.util.Set<String> optional = new java.util.HashSet<>();
    for (String kind : List.of("web", "surveys")) {
      boolean block = s.getBoolean(kind + ".optional");
      if (block) {
        optional.add(kind);
      }
      for (Config m : s.getConfigList(kind + ".more")) {
        if (m.hasPath("optional") ? m.getBoolean("optional") : block) {
          optional.add(kind + ":" + m.getString("name"));
        }
      }
    }
    if (s.getBoolean("crm.optional")) {
      optional.add("crm");
    }
    return java.util.Set.copyOf(optional);
  }

  @FunctionalInterface
  private interface SourceParser<T> {
    /** A source from its block; {@code label} names the block in messages. */
    T parse(Config block, String label, String name);
  }

  private static Settings.WebSource web(Config w, String label, String name) {
    Config columns = w.getConfig("events.columns");
    return new Settings.WebSource(name,
        oneOf(w, "format", label, List.of("ga4-json", "ga4-parquet", "events-csv", "events-parquet")),
        w.getString("dir"), w.getString("pattern"), w.getString("intraday-pattern"),
        mappedColumns(columns), constants(columns, label + ".events.columns"),
        oneOf(w, "events.timestamp-format", label, List.of("iso", "epoch-s", "epoch-ms", "epoch-us")),
        zone(w.getString("events.time-zone"), label.substring(3) + ".events.time-zone", true),
        oneOf(w, "events.duration-unit", label, List.of("s", "ms")),
        propertyColumns(w.getConfig("events.properties")),
        w.getString("fresh-pattern"));
  }

  /** Field -> column of a web events mapping; a field given a fixed value maps to no column (""). */
  private static Map<String, String> mappedColumns(Config columns) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String key : columns.root().keySet()) {
      out.put(key, isConstant(columns, key) ? "" : columns.getString(key));
    }
    return java.util.Collections.unmodifiableMap(out);
  }

  /**
   * Field -> fixed value, from {@code field { value = "..." }}. An object, never a marked string
   * (such as "=page_view"): a header name is any text, so no prefix is safe from colliding with one,
   * while an object is a HOCON type of its own. The timestamp and the visitor id identify the event,
   * so the same value on every row would make every row one event of one visitor: rejected.
   */
  private static Map<String, String> constants(Config columns, String key) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String field : columns.root().keySet()) {
      if (!isConstant(columns, field)) {
        continue;
      }
      Config c = columns.getConfig(field);
      if (List.of("timestamp", "visitor_id").contains(field)) {
        throw new BadConfigException("bad configuration: " + key + "." + field
            + " must name a column (a fixed value would make every row the same event or visitor)");
      }
      if (!c.root().keySet().equals(java.util.Set.of("value"))
          || c.getValue("value").valueType() != com.typesafe.config.ConfigValueType.STRING
          || c.getString("value").isBlank()) {
        throw new BadConfigException("bad configuration: " + key + "." + field
            + " must be a column name or { value = \"a fixed text\" }");
      }
      out.put(field, c.getString("value"));
    }
    return java.util.Collections.unmodifiableMap(out);
  }

  private static boolean isConstant(Config columns, String field) {
    return columns.getValue(field).valueType() == com.typesafe.config.ConfigValueType.OBJECT;
  }

  private static Settings.SurveySource survey(Config v, String label, String name) {
    String format = oneOf(v, "format", label, List.of("long-csv", "qualtrics"));
    Map<String, String> questions = strings(v.getConfig("qualtrics.questions"));
    List<String> metrics = new ArrayList<>(List.of("nps", "nps_group", "csat", "ces", "text"));
    for (int i = 1; i <= 10; i++) {
      metrics.add("sus_" + i);
    }
    questions.forEach((column, metric) -> {
      if (!metrics.contains(metric)) {
        throw new BadConfigException("bad configuration: " + label + ".qualtrics.questions." + column
            + " must be one of nps, nps_group, csat, ces, sus_1 … sus_10, text, got '" + metric + "'");
      }
    });
    if (questions.containsValue("nps") && questions.containsValue("nps_group")) {
      // One NPS answer per response: the group is derived from the score.
      throw new BadConfigException("bad configuration: " + label + ".qualtrics.questions maps both nps and "
          + "nps_group: map the NPS answer's column alone (its *_NPS_GROUP column only when the export has no score)");
    }
    if (format.equals("qualtrics") && questions.isEmpty()) {
      throw new BadConfigException("bad configuration: " + label + ".qualtrics.questions maps no question");
    }
    String zone = zone(v.getString("qualtrics.time-zone"), label.substring(3) + ".qualtrics.time-zone", false);
    return new Settings.SurveySource(name, format,
        new Settings.CsvSource(v.getString("dir"), v.getString("pattern"), strings(v.getConfig("columns"))),
        new Settings.QualtricsSettings(v.getString("qualtrics.customer-ref"),
            v.getString("qualtrics.customer-email"), zone, questions, v.getBoolean("qualtrics.keep-anonymous"),
            v.getBoolean("qualtrics.count-test-responses")));
  }

  /**
   * The web property's reporting time zone (xw.sources.web.time-zone): one for the warehouse, since
   * a day must mean the same hours in every table, so a more entry cannot set its own.
   */
  private static java.time.ZoneId reportingZone(Config s) {
    List<? extends Config> more = s.getConfigList("web.more");
    for (int i = 0; i < more.size(); i++) {
      if (more.get(i).hasPath("time-zone")) {
        throw new BadConfigException("bad configuration: xw.sources.web.more[" + i + "].time-zone: the reporting "
            + "time zone is one for the warehouse, set xw.sources.web.time-zone");
      }
    }
    return java.time.ZoneId.of(zone(s.getString("web.time-zone"), "sources.web.time-zone", false));
  }

  /** A zone id (Europe/Berlin, UTC, +02:00), or "" where allowed. */
  private static String zone(String zone, String key, boolean blankAllowed) {
    if (blankAllowed && zone.isEmpty()) {
      return zone;
    }
    try {
      java.time.ZoneId.of(zone);
      return zone;
    } catch (java.time.DateTimeException e) {
      throw new BadConfigException("bad configuration: xw." + key + " is not a zone: '" + zone + "'");
    }
  }

  private static final List<String> SALESFORCE_CUSTOMER_OBJECTS = List.of("Contact", "Account");

  private static Settings.SalesforceSettings salesforce(Config s) {
    Config sf = s.getConfig("crm.salesforce");
    Map<String, String> customer = strings(sf.getConfig("customer"));
    List<String> customerFields = List.of("customer_id", "email", "full_name", "phone", "segment", "plan", "region",
        "signup_date", "status", "churn_date", "lifetime_value", "owner");
    customer.forEach((field, ref) -> {
      if (!customerFields.contains(field)) {
        throw new BadConfigException("bad configuration: xw.sources.crm.salesforce.customer." + field
            + " is not a customer field (" + String.join(", ", customerFields) + ")");
      }
      int dot = ref.indexOf('.');
      boolean ok = ref.isEmpty() || ref.equals("Opportunity.Amount")
          || (dot > 0 && dot < ref.length() - 1 && SALESFORCE_CUSTOMER_OBJECTS.contains(ref.substring(0, dot)));
      if (!ok) {
        throw new BadConfigException("bad configuration: xw.sources.crm.salesforce.customer." + field
            + " must be Contact.Field, Account.Field or \"\", got '" + ref + "'");
      }
    });
    if (customer.getOrDefault("segment", "").isEmpty()) {
      // Every customer needs a segment (bronze quarantines one without: missing_segment).
      throw new BadConfigException("bad configuration: xw.sources.crm.salesforce.customer.segment must name a field"
          + " (a standard org without a segment field: Account.Type or Account.Industry)");
    }
    if (!customer.getOrDefault("customer_id", "").startsWith("Contact.")) {
      throw new BadConfigException(
          "bad configuration: xw.sources.crm.salesforce.customer.customer_id must be a Contact field");
    }
    Map<String, String> ticket = strings(sf.getConfig("ticket"));
    List<String> ticketFields = List.of("ticket_id", "contact", "opened_at", "first_response_at", "closed_at",
        "channel", "category", "status", "reopened");
    for (String field : ticket.keySet()) {
      if (!ticketFields.contains(field)) {
        throw new BadConfigException("bad configuration: xw.sources.crm.salesforce.ticket." + field
            + " is not a ticket field (" + String.join(", ", ticketFields) + ")");
      }
    }
    for (String required : List.of("ticket_id", "contact", "opened_at")) {
      if (ticket.getOrDefault(required, "").isEmpty()) {
        throw new BadConfigException("bad configuration: xw.sources.crm.salesforce.ticket." + required
            + " must name a Case field");
      }
    }
    return new Settings.SalesforceSettings(sf.getString("account"), sf.getString("contact"), sf.getString("case"),
        sf.getString("opportunity"), customer, ticket);
  }

  /** A block of key = "string" entries, in the block's order. */
  private static Map<String, String> strings(Config block) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String key : block.root().keySet()) {
      out.put(key, block.getString(com.typesafe.config.ConfigUtil.quoteString(key)));
    }
    return java.util.Collections.unmodifiableMap(out);
  }

  /** Property param key -> column; keys become GA4-style param keys, so plain names only. */
  private static Map<String, String> propertyColumns(Config block) {
    Map<String, String> out = strings(block);
    for (String key : out.keySet()) {
      if (!key.matches("[A-Za-z][A-Za-z0-9_]*")) {
        throw new BadConfigException("bad configuration: xw.sources.web.events.properties key '" + key
            + "' must be letters, digits and _");
      }
    }
    return out;
  }

  /** A block of "quoted.keys" = values as a flat map (Spark setting names contain dots). */
  private static Map<String, String> flatStrings(Config block) {
    Map<String, String> out = new LinkedHashMap<>();
    block.entrySet().forEach(e -> out.put(
        com.typesafe.config.ConfigUtil.splitPath(e.getKey()).stream()
            .reduce((a, b) -> a + "." + b).orElse(e.getKey()),
        String.valueOf(e.getValue().unwrapped())));
    return Map.copyOf(out);
  }

  /** "auto" (0) or a positive number. */
  private static int shufflePartitions(Config c) {
    String v = c.getString("spark.shuffle-partitions").trim();
    if (v.equalsIgnoreCase("auto")) {
      return 0;
    }
    try {
      int n = Integer.parseInt(v);
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new BadConfigException("bad configuration: xw.spark.shuffle-partitions must be auto or a number > 0, got '"
        + v + "'");
  }

  private static long positiveBytes(Config c, String key) {
    long v = c.getBytes(key);
    if (v <= 0) {
      throw new BadConfigException("bad configuration: xw." + key + " must be > 0, got " + v);
    }
    return v;
  }

  private static int positive(Config c, String key) {
    int v = c.getInt(key);
    if (v <= 0) {
      throw new BadConfigException("bad configuration: xw." + key + " must be > 0, got " + v);
    }
    return v;
  }

  private static String oneOf(Config c, String key, List<String> allowed) {
    return oneOf(c, key, "xw", allowed);
  }

  /** A value of {@code allowed}; {@code label} is the block's full key, for the message. */
  private static String oneOf(Config c, String key, String label, List<String> allowed) {
    String v = c.getString(key);
    if (!allowed.contains(v)) {
      throw new BadConfigException("bad configuration: " + label + "." + key + " must be one of " + allowed
          + ", got '" + v + "'");
    }
    return v;
  }

  private static int nonNegative(Config c, String key) {
    int v = c.getInt(key);
    if (v < 0) {
      throw new BadConfigException("bad configuration: xw." + key + " must be >= 0, got " + v);
    }
    return v;
  }

  private static long seconds(Config c, String key, String label) {
    Duration d = c.getDuration(key);
    if (d.isNegative() || d.isZero()) {
      throw new BadConfigException("bad configuration: " + label + " must be a positive duration, got " + d);
    }
    return d.getSeconds();
  }

  private static List<String> lower(List<String> values) {
    return values.stream().map(v -> v.trim().toLowerCase(java.util.Locale.ROOT)).toList();
  }

  private static String oneLine(String message) {
    return message == null ? "" : message.replaceAll("\\s+", " ").trim();
  }
}
