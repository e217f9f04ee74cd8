package com.experiencewarehouse.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsLoaderTest {

  /** A hash key as a deployment sets it (32 characters), which makes dev mode unnecessary. */
  static final String REAL_KEY = "xw.pii.hash-key = \"Zq3vN8rT1xW5yB7cD9fH2jK4mP6sU0aE\"\n";

  @TempDir
  Path dir;

  /** A file setting dev mode only: every other key is the packaged default (incl. the sample key). */
  private Optional<java.io.File> devMode() throws Exception {
    Path f = dir.resolve("dev.conf");
    Files.writeString(f, "xw.dev-mode = true\n");
    return Optional.of(f.toFile());
  }

  @Test
  void defaultsComeFromConfApplicationConf() throws Exception {
    Settings s = SettingsLoader.load(devMode());
    assertEquals("warehouse", s.warehousePath());
    assertEquals("data-samples", s.sources().root());
    assertEquals(1800L, s.session().timeoutSeconds());          // 30 minutes
    assertEquals(3, s.session().maxDays());
    assertEquals(10L, s.session().engagedMinSeconds());
    assertEquals(30, s.metrics().minSample());
    assertEquals(List.of("checkout", "signup", "search"),
        s.tasks().stream().map(Settings.TaskDefinition::name).toList());
    assertEquals(600L, s.tasks().get(2).timeoutSeconds());       // search: 10 minutes
    assertEquals("checkout", s.metrics().compositeTask());
    assertEquals("Customer ID", s.sources().customers().columns().get("customer_id"));
    assertEquals("2", s.spark().conf().get("spark.databricks.delta.snapshotPartitions"));
    assertTrue(s.spark().autoShufflePartitions());
    assertEquals(64L << 20, s.spark().shufflePartitionBytes());  // 64 MiB
    assertEquals(2000, s.spark().maxShufflePartitions());
    assertEquals("true", s.spark().conf().get("spark.databricks.delta.optimizeWrite.enabled"));
    assertEquals("false", s.spark().conf().get("spark.databricks.delta.autoCompact.enabled"));
    assertTrue(s.devMode());
    assertTrue(s.pii().isWeakKey());                            // the public sample key
    assertEquals("warehouse/quarantine", s.quarantine().path()); // where it always was
    assertTrue(s.quarantine().maskPii());
  }

  @Test
  void aConfFileOverridesOnlyTheKeysItNamesAndSystemPropertiesWin() throws Exception {
    Path f = dir.resolve("prod.conf");
    Files.writeString(f, "xw.warehouse.path = \"/data/xw\"\nxw.metrics.min-sample = 50\n" + REAL_KEY
        + "xw.sources.crm.customers.columns.segment = \"Tier\"\n");
    System.setProperty("xw.metrics.min-sample", "40");
    ConfigFactory.invalidateCaches();
    try {
      Settings s = SettingsLoader.load(Optional.of(f.toFile()));
      assertEquals("/data/xw", s.warehousePath());
      assertEquals(40, s.metrics().minSample());
      assertEquals("Tier", s.sources().customers().columns().get("segment"));
      assertEquals("Customer ID", s.sources().customers().columns().get("customer_id"));
    } finally {
      System.clearProperty("xw.metrics.min-sample");
      ConfigFactory.invalidateCaches();
    }
  }

  @Test
  void shufflePartitionsAreAutoANumberOrSetInSparkConf() throws Exception {
    Path f = dir.resolve("fixed.conf");
    Files.writeString(f, "xw.dev-mode = true\nxw.spark.shuffle-partitions = 64\n");
    Settings.SparkSettings s = SettingsLoader.load(Optional.of(f.toFile())).spark();
    assertEquals(64, s.shufflePartitions());
    assertEquals(false, s.autoShufflePartitions());
    // Spark's own key in xw.spark.conf wins over auto as well.
    Files.writeString(f, "xw.dev-mode = true\nxw.spark.conf { \"spark.sql.shuffle.partitions\" = \"12\" }\n");
    assertEquals(false, SettingsLoader.load(Optional.of(f.toFile())).spark().autoShufflePartitions());
    Files.writeString(f, "xw.dev-mode = true\nxw.spark.shuffle-partitions = lots\n");
    SettingsLoader.BadConfigException e = assertThrows(SettingsLoader.BadConfigException.class,
        () -> SettingsLoader.load(Optional.of(f.toFile())));
    assertEquals("bad configuration: xw.spark.shuffle-partitions must be auto or a number > 0, got 'lots'",
        e.getMessage());
  }

  @Test
  void withoutConfTheFileNamedByConfigFileIsRead() throws Exception {
    Path f = dir.resolve("ops.conf");
    Files.writeString(f, "xw.environment = \"staging\"\nxw.dev-mode = true\n");
    System.setProperty("config.file", f.toString());
    ConfigFactory.invalidateCaches();
    try {
      assertEquals("staging", SettingsLoader.load(Optional.empty()).environment());
    } finally {
      System.clearProperty("config.file");
      ConfigFactory.invalidateCaches();
    }
  }

  @Test
  void webAnalyticsDefaultsAreGaFoursChannelGroupingAndNoKeptParameters() throws Exception {
    Settings s = SettingsLoader.load(devMode());
    Settings.WebAnalyticsSettings a = s.webAnalytics();
    assertEquals(90, a.attributionLookbackDays());
    assertEquals(List.of("Direct", "Cross-network", "Paid Shopping", "Paid Search", "Paid Social", "Paid Video",
            "Display", "Paid Other", "Organic Shopping", "Organic Social", "Organic Video", "Organic Search",
            "Referral", "Email", "Affiliates", "Audio", "SMS", "Mobile Push Notifications"),
        a.channelGroups().stream().map(Settings.ChannelGroupRule::name).toList());
    // Direct: source (direct) and medium (not set) or (none), one alternative of two conditions.
    assertEquals(List.of(new Settings.ChannelCondition("\\(direct\\)", "\\(not set\\)|\\(none\\)", "", "")),
        a.channelGroups().get(0).anyOf());
    assertEquals(List.of("search", "social", "video", "shopping"), List.copyOf(a.sourceCategories().keySet()));
    assertEquals("Unassigned", a.unassignedChannel());
    assertEquals(List.of(), a.keepQueryParams());
    assertEquals("", a.revenueParam());
    assertEquals("events_fresh_{yyyyMMdd}*", s.sources().web().get(0).freshPattern());
  }

  @Test
  void aBadChannelRuleFailsAtStartUpNamingIt() throws Exception {
    Path f = dir.resolve("channels.conf");
    Files.writeString(f, "xw.dev-mode = true\nxw.attribution.channel-groups = [ { name = X, when = [ { medium = \"(cpc\" } ] } ]\n");
    SettingsLoader.BadConfigException e = assertThrows(SettingsLoader.BadConfigException.class,
        () -> SettingsLoader.load(Optional.of(f.toFile())));
    assertTrue(e.getMessage().startsWith("bad configuration: xw.attribution.channel-groups[0].when[0].medium is "
        + "not a regular expression: '(cpc'"), e.getMessage());
    Files.writeString(f, "xw.dev-mode = true\nxw.attribution.channel-groups = [ { name = X, when = [ { source-category = news } ] } ]\n");
    e = assertThrows(SettingsLoader.BadConfigException.class, () -> SettingsLoader.load(Optional.of(f.toFile())));
    assertEquals("bad configuration: xw.attribution.channel-groups[0].when[0].source-category 'news' is not a list "
        + "of xw.attribution.source-categories [search, social, video, shopping]", e.getMessage());
    Files.writeString(f, "xw.dev-mode = true\nxw.attribution.channel-groups = [ { name = X, when = [ { sorce = x } ] } ]\n");
    e = assertThrows(SettingsLoader.BadConfigException.class, () -> SettingsLoader.load(Optional.of(f.toFile())));
    assertEquals("bad configuration: xw.attribution.channel-groups[0].when[0].sorce is not a condition (source, "
        + "medium, campaign, source-category)", e.getMessage());
    Files.writeString(f, "xw.dev-mode = true\nxw.attribution.lookback-days = -1\n");
    e = assertThrows(SettingsLoader.BadConfigException.class, () -> SettingsLoader.load(Optional.of(f.toFile())));
    assertEquals("bad configuration: xw.attribution.lookback-days must be >= 0, got -1", e.getMessage());
  }

  @Test
  void badValuesFailAtStartUpWithTheKeyInOneLine() throws Exception {
    Path f = dir.resolve("bad.conf");
    Files.writeString(f, "xw.session.timeout = soon\n");
    SettingsLoader.BadConfigException e = assertThrows(SettingsLoader.BadConfigException.class,
        () -> SettingsLoader.load(Optional.of(f.toFile())));
    assertTrue(e.getMessage().contains("session.timeout"), e.getMessage());
    assertTrue(!e.getMessage().contains("\n"), e.getMessage());

    Files.writeString(f, "xw.metrics.min-sample = 0\n");
    e = assertThrows(SettingsLoader.BadConfigException.class,
        () -> SettingsLoader.load(Optional.of(f.toFile())));
    assertEquals("bad configuration: xw.metrics.min-sample must be > 0, got 0", e.getMessage());

    Files.writeString(f, "xw.sources.web.format = \"csv\"\n");
    e = assertThrows(SettingsLoader.BadConfigException.class,
        () -> SettingsLoader.load(Optional.of(f.toFile())));
    assertEquals("bad configuration: xw.sources.web.format must be one of [ga4-json, ga4-parquet, events-csv, "
        + "events-parquet], got 'csv'", e.getMessage());

    Files.writeString(f, "xw.sources.web.events.properties { \"plan name\" = \"Plan\" }\n");
    e = assertThrows(SettingsLoader.BadConfigException.class,
        () -> SettingsLoader.load(Optional.of(f.toFile())));
    assertEquals("bad configuration: xw.sources.web.events.properties key 'plan name' must be letters, digits "
        + "and _", e.getMessage());

    Files.writeString(f, "xw.sources.crm.salesforce.customer.segment = \"Opportunity.Segment__c\"\n");
    e = assertThrows(SettingsLoader.BadConfigException.class,
        () -> SettingsLoader.load(Optional.of(f.toFile())));
    assertEquals("bad configuration: xw.sources.crm.salesforce.customer.segment must be Contact.Field, "
        + "Account.Field or \"\", got 'Opportunity.Segment__c'", e.getMessage());

    Files.writeString(f, "xw.sources.crm.salesforce.ticket.origin = \"Origin\"\n");
    e = assertThrows(SettingsLoader.BadConfigException.class,
        () -> SettingsLoader.load(Optional.of(f.toFile())));
    assertTrue(e.getMessage().startsWith("bad configuration: xw.sources.crm.salesforce.ticket.origin is not a "
        + "ticket field"), e.getMessage());

    Files.writeString(f, "xw.sources.surveys.qualtrics.questions { Q1 = nps, Q1_NPS_GROUP = nps_group }\n");
    e = assertThrows(SettingsLoader.BadConfigException.class, () -> SettingsLoader.load(Optional.of(f.toFile())));
    assertTrue(e.getMessage().startsWith("bad configuration: xw.sources.surveys.qualtrics.questions maps both nps "
        + "and nps_group"), e.getMessage());

    Files.writeString(f, "xw.sources.crm.time-zone = \"Mars/Olympus\"\n");
    e = assertThrows(SettingsLoader.BadConfigException.class,
        () -> SettingsLoader.load(Optional.of(f.toFile())));
    assertEquals("bad configuration: xw.sources.crm.time-zone is not a zone: 'Mars/Olympus'", e.getMessage());
  }

  @Test
  void theCompositeTaskMustNameAConfiguredTask() throws Exception {
    Path f = dir.resolve("composite.conf");
    Files.writeString(f, "xw.dev-mode = true\nxw.metrics.composite-task = \"signup\"\n");
    assertEquals("signup", SettingsLoader.load(Optional.of(f.toFile())).metrics().compositeTask());
    assertEquals("bad configuration: xw.metrics.composite-task must name a configured task (xw.tasks: checkout, "
        + "signup, search), got 'Checkout'", configError("xw.metrics.composite-task = \"Checkout\"\n"));
    // The default names checkout: a task list without it must name another.
    assertEquals("bad configuration: xw.metrics.composite-task must name a configured task (xw.tasks: search), "
        + "got 'checkout'", configError("xw.tasks = [{ name = \"search\", start = [\"search\"], "
        + "success = [\"view_item\"], failure = [], timeout = 10 minutes }]\n"));
  }

  /** The one-line message of loading a dev-mode file with {@code conf} over the defaults. */
  private String configError(String conf) throws Exception {
    Path f = dir.resolve("bad.conf");
    Files.writeString(f, "xw.dev-mode = true\n" + conf);
    return assertThrows(SettingsLoader.BadConfigException.class, () -> SettingsLoader.load(Optional.of(f.toFile())))
        .getMessage();
  }

  @Test
  void webEventsTakeAZoneADurationUnitAndFixedValues() throws Exception {
    Path f = dir.resolve("web.conf");
    Files.writeString(f, "xw.dev-mode = true\nxw.sources.web.events { time-zone = \"America/New_York\", "
        + "duration-unit = \"ms\", columns { event_name { value = \"page_view\" }, duration = \"visitDuration\" } }\n");
    Settings.WebSource w = SettingsLoader.load(Optional.of(f.toFile())).sources().web().get(0);
    assertEquals("America/New_York", w.timeZone());
    assertEquals("ms", w.durationUnit());
    assertEquals(java.util.Map.of("event_name", "page_view"), w.constants());
    // A fixed field names no column; the others keep theirs.
    assertEquals("", w.columns().get("event_name"));
    assertEquals("visitDuration", w.columns().get("duration"));
    assertEquals("timestamp", w.columns().get("timestamp"));

    Settings.WebSource defaults = SettingsLoader.load(devMode()).sources().web().get(0);
    assertEquals("", defaults.timeZone());
    assertEquals("s", defaults.durationUnit());
    assertEquals(java.util.Map.of(), defaults.constants());
  }

  @Test
  void badWebEventsZonesUnitsAndFixedValuesAreOneLineErrors() throws Exception {
    assertEquals("bad configuration: xw.sources.web.events.time-zone is not a zone: 'Mars/Olympus'",
        configError("xw.sources.web.events.time-zone = \"Mars/Olympus\"\n"));
    assertEquals("bad configuration: xw.sources.web.more[0].events.time-zone is not a zone: 'CEST'",
        configError("xw.sources.web.more = [ { name = \"app\", events.time-zone = \"CEST\" } ]\n"));
    assertEquals("bad configuration: xw.sources.web.events.duration-unit must be one of [s, ms], got 'min'",
        configError("xw.sources.web.events.duration-unit = \"min\"\n"));
    assertEquals("bad configuration: xw.sources.web.events.columns.timestamp must name a column (a fixed value "
        + "would make every row the same event or visitor)",
        configError("xw.sources.web.events.columns.timestamp { value = \"2026-09-14T00:00:00Z\" }\n"));
    assertEquals("bad configuration: xw.sources.web.events.columns.visitor_id must name a column (a fixed value "
        + "would make every row the same event or visitor)",
        configError("xw.sources.web.events.columns.visitor_id { value = \"anyone\" }\n"));
    assertEquals("bad configuration: xw.sources.web.events.columns.event_name must be a column name or "
        + "{ value = \"a fixed text\" }",
        configError("xw.sources.web.events.columns.event_name { valeu = \"page_view\" }\n"));
    assertEquals("bad configuration: xw.sources.web.events.columns.event_name must be a column name or "
        + "{ value = \"a fixed text\" }",
        configError("xw.sources.web.events.columns.event_name { value = 3 }\n"));
  }

  @Test
  void theReportingTimeZoneIsUtcByDefaultAZoneIdAndOneForTheWarehouse() throws Exception {
    assertEquals(java.time.ZoneId.of("UTC"), SettingsLoader.load(devMode()).sources().webTimeZone());
    Path f = dir.resolve("zone.conf");
    Files.writeString(f, "xw.dev-mode = true\nxw.sources.web.time-zone = \"America/Los_Angeles\"\n");
    assertEquals(java.time.ZoneId.of("America/Los_Angeles"),
        SettingsLoader.load(Optional.of(f.toFile())).sources().webTimeZone());
    assertEquals("bad configuration: xw.sources.web.time-zone is not a zone: 'Pacific'",
        configError("xw.sources.web.time-zone = \"Pacific\"\n"));
    assertEquals("bad configuration: xw.sources.web.time-zone is not a zone: ''",
        configError("xw.sources.web.time-zone = \"\"\n"));
    assertEquals("bad configuration: xw.sources.web.more[0].time-zone: the reporting time zone is one for the "
        + "warehouse, set xw.sources.web.time-zone",
        configError("xw.sources.web.more = [ { name = \"app\", time-zone = \"Europe/Berlin\" } ]\n"));
  }

  @Test
  void moreSourcesOfAKindTakeTheBlocksValuesTheyDoNotSetAndMustBeNamed() throws Exception {
    Path f = dir.resolve("more.conf");
    Files.writeString(f, """
        xw.dev-mode = true
        xw.sources.surveys {
          format = "qualtrics", dir = "qualtrics", qualtrics.questions { Q1 = nps }
          more = [ { name = "app", format = "long-csv", dir = "app", columns.score = "Rating" } ]
        }
        """);
    List<Settings.SurveySource> surveys = SettingsLoader.load(Optional.of(f.toFile())).sources().surveys();
    assertEquals(List.of("", "app"), surveys.stream().map(Settings.SurveySource::name).toList());
    assertEquals("qualtrics", surveys.get(0).format());
    Settings.SurveySource app = surveys.get(1);
    assertEquals("long-csv", app.format());
    assertEquals("app", app.csv().dir());
    // Not set in the list: the block's (here its defaults).
    assertEquals("responses*.csv", app.csv().pattern());
    assertEquals("Rating", app.csv().columns().get("score"));
    assertEquals("item", app.csv().columns().get("item"));

    // A mapping given in an entry replaces the block's: the second survey's questions are its own,
    // and its columns are the defaults plus its own, not the block's renamed score column.
    Files.writeString(f, """
        xw.dev-mode = true
        xw.sources.surveys {
          format = "qualtrics", dir = "qualtrics", qualtrics.questions { Q1 = nps, Q2 = csat, Q6 = text }
          columns.score = "Score (0-10)"
          more = [ { name = "pulse", dir = "pulse", qualtrics.questions { QID9 = nps, "QID7#1_1" = csat }
                     columns.item = "Question" } ]
        }
        """);
    surveys = SettingsLoader.load(Optional.of(f.toFile())).sources().surveys();
    assertEquals(Map.of("Q1", "nps", "Q2", "csat", "Q6", "text"), surveys.get(0).qualtrics().questions());
    // A side-by-side question's id holds '#' (a comment outside quotes): read as the key it is.
    assertEquals(Map.of("QID9", "nps", "QID7#1_1", "csat"), surveys.get(1).qualtrics().questions());
    assertEquals("qualtrics", surveys.get(1).format());
    assertEquals("Score (0-10)", surveys.get(0).csv().columns().get("score"));
    assertEquals("score", surveys.get(1).csv().columns().get("score"));
    assertEquals("Question", surveys.get(1).csv().columns().get("item"));

    Files.writeString(f, "xw.sources.web.more = [ { format = \"events-csv\" } ]\n");
    SettingsLoader.BadConfigException e = assertThrows(SettingsLoader.BadConfigException.class,
        () -> SettingsLoader.load(Optional.of(f.toFile())));
    assertEquals("bad configuration: xw.sources.web.more[0].name must be a unique name of lower-case letters, "
        + "digits, - and _, got ''", e.getMessage());

    Files.writeString(f, "xw.sources.web.more = [ { name = \"app\", colums { user_id = \"uid\" } } ]\n");
    e = assertThrows(SettingsLoader.BadConfigException.class, () -> SettingsLoader.load(Optional.of(f.toFile())));
    assertEquals("bad configuration: xw.sources.web.more[0].colums is not a key of xw.sources.web", e.getMessage());
  }

  @Test
  void theQuarantineShareHasADefaultPerSourceOverridesAndBounds() throws Exception {
    Path f = dir.resolve("q.conf");
    Files.writeString(f, "xw.dev-mode = true\nxw.quarantine.max-share-by-source { survey_answers = 0.4 }\n");
    Settings.QuarantineSettings q = SettingsLoader.load(Optional.of(f.toFile())).quarantine();
    assertEquals(0.25, q.maxShare("crm_tickets"));
    assertEquals(0.4, q.maxShare("survey_answers"));
    Files.writeString(f, "xw.dev-mode = true\nxw.quarantine.max-share = 1.5\n");
    SettingsLoader.BadConfigException e = assertThrows(SettingsLoader.BadConfigException.class,
        () -> SettingsLoader.load(Optional.of(f.toFile())));
    assertEquals("bad configuration: xw.quarantine.max-share must be a share from 0 to 1, got 1.5", e.getMessage());
  }

  @Test
  void eventTimesArePlausibleFrom2000ToTwoDaysAfterTheNightByDefaultAndConfigurable() throws Exception {
    Path f = dir.resolve("times.conf");
    Files.writeString(f, "xw.dev-mode = true\n");
    Settings.QuarantineSettings q = SettingsLoader.load(Optional.of(f.toFile())).quarantine();
    assertEquals(java.time.LocalDate.of(2000, 1, 1), q.earliestEventDate());
    assertEquals(2, q.eventDaysAfterDate());
    Files.writeString(f, "xw.dev-mode = true\nxw.quarantine.event-times { earliest = \"1995-06-01\", days-after-date = 0 }\n");
    q = SettingsLoader.load(Optional.of(f.toFile())).quarantine();
    assertEquals(java.time.LocalDate.of(1995, 6, 1), q.earliestEventDate());
    assertEquals(0, q.eventDaysAfterDate());
    Files.writeString(f, "xw.dev-mode = true\nxw.quarantine.event-times.earliest = \"01/01/2000\"\n");
    assertEquals("bad configuration: xw.quarantine.event-times.earliest must be a date (yyyy-MM-dd), got '01/01/2000'",
        assertThrows(SettingsLoader.BadConfigException.class, () -> SettingsLoader.load(Optional.of(f.toFile())))
            .getMessage());
    Files.writeString(f, "xw.dev-mode = true\nxw.quarantine.event-times.days-after-date = -1\n");
    assertEquals("bad configuration: xw.quarantine.event-times.days-after-date must be 0 or more, got -1",
        assertThrows(SettingsLoader.BadConfigException.class, () -> SettingsLoader.load(Optional.of(f.toFile())))
            .getMessage());
  }

  @Test
  void outsideDevModeTheSampleKeyAndShortKeysAreRefusedAndARealKeyIsTaken() throws Exception {
    Path f = dir.resolve("key.conf");
    Files.writeString(f, "xw.environment = \"prod\"\n");
    SettingsLoader.BadConfigException e = assertThrows(SettingsLoader.BadConfigException.class,
        () -> SettingsLoader.load(Optional.of(f.toFile())));
    assertEquals("bad configuration: xw.pii.hash-key is the public sample key of conf/application.conf: set "
        + "XW_PII_HASH_KEY to a secret of at least 32 characters (for the sample data only: XW_DEV_MODE=true)",
        e.getMessage());

    Files.writeString(f, "xw.pii.hash-key = \"0123456789abcdefghijklmnopqrstu\"\n");   // 31 characters
    e = assertThrows(SettingsLoader.BadConfigException.class, () -> SettingsLoader.load(Optional.of(f.toFile())));
    assertEquals("bad configuration: xw.pii.hash-key has 31 characters, fewer than 32: set XW_PII_HASH_KEY to a "
        + "secret of at least 32 characters (for the sample data only: XW_DEV_MODE=true)", e.getMessage());

    // Long enough but no secret: 32 spaces, or one character repeated (32 × "ab": 2 distinct).
    Files.writeString(f, "xw.pii.hash-key = \"" + " ".repeat(32) + "\"\n");
    e = assertThrows(SettingsLoader.BadConfigException.class, () -> SettingsLoader.load(Optional.of(f.toFile())));
    assertEquals("bad configuration: xw.pii.hash-key (env XW_PII_HASH_KEY) is blank (only whitespace)", e.getMessage());
    Files.writeString(f, "xw.pii.hash-key = \"" + "ab".repeat(16) + "\"\n");
    e = assertThrows(SettingsLoader.BadConfigException.class, () -> SettingsLoader.load(Optional.of(f.toFile())));
    assertEquals("bad configuration: xw.pii.hash-key has 2 distinct characters, fewer than 8 (a repeated key is no "
        + "secret): set XW_PII_HASH_KEY to a secret of at least 32 characters (for the sample data only: "
        + "XW_DEV_MODE=true)", e.getMessage());
    // 32 hex digits (openssl rand -hex 16) pass: here 16 distinct.
    Files.writeString(f, "xw.pii.hash-key = \"0123456789abcdef0123456789abcdef\"\n");
    assertTrue(!SettingsLoader.load(Optional.of(f.toFile())).pii().isWeakKey());

    Files.writeString(f, REAL_KEY);
    Settings s = SettingsLoader.load(Optional.of(f.toFile()));
    assertEquals("Zq3vN8rT1xW5yB7cD9fH2jK4mP6sU0aE", s.pii().hashKey());
    assertTrue(!s.devMode() && !s.pii().isWeakKey());
    assertTrue(!s.pii().toString().contains("Zq3v"), "the key stays out of logs: " + s.pii());

    // Dev mode takes the sample key and short ones; an empty key never.
    Files.writeString(f, "xw.dev-mode = true\nxw.pii.hash-key = \"short\"\n");
    assertTrue(SettingsLoader.load(Optional.of(f.toFile())).pii().isWeakKey());
    Files.writeString(f, "xw.dev-mode = true\nxw.pii.hash-key = \"\"\n");
    e = assertThrows(SettingsLoader.BadConfigException.class, () -> SettingsLoader.load(Optional.of(f.toFile())));
    assertEquals("bad configuration: xw.pii.hash-key (env XW_PII_HASH_KEY) is empty", e.getMessage());
  }

  @Test
  void theFormerSaltKeyIsAConfigErrorSayingItWasRenamed() throws Exception {
    Path f = dir.resolve("salt.conf");
    Files.writeString(f, "xw.dev-mode = true\nxw.pii.salt = \"pepper\"\n");
    SettingsLoader.BadConfigException e = assertThrows(SettingsLoader.BadConfigException.class,
        () -> SettingsLoader.load(Optional.of(f.toFile())));
    assertEquals("bad configuration: xw.pii.salt was renamed xw.pii.hash-key (env XW_PII_HASH_KEY, the key of an "
        + "HMAC-SHA256, at least 32 characters)", e.getMessage());
  }

  @Test
  void theQuarantineMayLiveApartFromTheWarehouseAndKeepItsRecordsVerbatim() throws Exception {
    Path f = dir.resolve("q.conf");
    Files.writeString(f, REAL_KEY + "xw.warehouse.path = \"s3a://bi/xw/\"\nxw.catalog.type = off\n");
    assertEquals("s3a://bi/xw/quarantine", SettingsLoader.load(Optional.of(f.toFile())).quarantine().path());
    Files.writeString(f, REAL_KEY + "xw.quarantine { path = \"s3a://restricted/xw-quarantine\", mask-pii = false }\n");
    Settings.QuarantineSettings q = SettingsLoader.load(Optional.of(f.toFile())).quarantine();
    assertEquals("s3a://restricted/xw-quarantine", q.path());
    assertTrue(!q.maskPii());
  }

  @Test
  void theEndpointServesTheLayersAskedForAndATokenOfSixteenCharactersOrNone() throws Exception {
    Path f = dir.resolve("serve.conf");
    Files.writeString(f, REAL_KEY + "xw.serve { layers = [gold, quarantine], token = \"0123456789abcdef\" }\n");
    Settings.ServeSettings s = SettingsLoader.load(Optional.of(f.toFile())).serve();
    assertEquals(List.of("gold", "quarantine"), s.layers());
    assertEquals("0123456789abcdef", s.token());
    assertFalse(s.toString().contains("0123456789abcdef"), s.toString());
    Files.writeString(f, REAL_KEY + "xw.serve.layers = [gold, raw]\n");
    assertEquals("bad configuration: xw.serve.layers names unknown layers [raw]; use some of [bronze, silver, gold,"
        + " quarantine]", assertThrows(SettingsLoader.BadConfigException.class,
            () -> SettingsLoader.load(Optional.of(f.toFile()))).getMessage());
    // 15 characters: too short; the message never holds the token.
    Files.writeString(f, REAL_KEY + "xw.serve.token = \"s3cret-s3cret-x\"\n");
    String m = assertThrows(SettingsLoader.BadConfigException.class,
        () -> SettingsLoader.load(Optional.of(f.toFile()))).getMessage();
    assertEquals("bad configuration: xw.serve.token (env XW_SERVE_TOKEN) must be at least 16 characters without"
        + " leading or trailing spaces (it has 15)", m);
  }

  @Test
  void theCatalogIsEmbeddedUnderALocalWarehouseAndNeedsALocalFolderOrAMetastoreOtherwise() throws Exception {
    Path f = dir.resolve("c.conf");
    Files.writeString(f, REAL_KEY + "xw.warehouse.path = \"/data/xw/\"\n");
    Settings s = SettingsLoader.load(Optional.of(f.toFile()));
    assertEquals(new Settings.CatalogSettings(Settings.CatalogType.EMBEDDED, "/data/xw/_catalog", "", ""), s.catalog());
    assertEquals(new Settings.ServeSettings("127.0.0.1", 15002, java.time.Duration.ofMinutes(5), true,
        List.of("silver", "gold"), ""), s.serve());
    // A file: URI names a local folder: Derby gets its path.
    Files.writeString(f, REAL_KEY + "xw.warehouse.path = \"file:///data/xw\"\n");
    assertEquals("/data/xw/_catalog", SettingsLoader.load(Optional.of(f.toFile())).catalog().embeddedPath());
    Files.writeString(f, REAL_KEY + "xw.warehouse.path = \"s3a://bi/xw\"\n");
    SettingsLoader.BadConfigException e = assertThrows(SettingsLoader.BadConfigException.class,
        () -> SettingsLoader.load(Optional.of(f.toFile())));
    assertEquals("bad configuration: the embedded catalog needs a local folder: set xw.catalog.embedded-path (the"
        + " warehouse is at s3a://bi/xw), or xw.catalog.type = hive or off", e.getMessage());
    Files.writeString(f, REAL_KEY + "xw.warehouse.path = \"s3a://bi/xw\"\nxw.catalog.embedded-path = /var/lib/xw\n");
    assertEquals("/var/lib/xw", SettingsLoader.load(Optional.of(f.toFile())).catalog().embeddedPath());
    Files.writeString(f, REAL_KEY + "xw.catalog { type = hive, database-prefix = prod_ }\n");
    e = assertThrows(SettingsLoader.BadConfigException.class, () -> SettingsLoader.load(Optional.of(f.toFile())));
    assertEquals("bad configuration: xw.catalog.type = hive needs xw.catalog.hive-metastore-uris (thrift://host:9083)",
        e.getMessage());
    Files.writeString(f, REAL_KEY + "xw.catalog { type = hive, database-prefix = prod_, hive-metastore-uris = "
        + "\"thrift://hms:9083\" }\n");
    Settings.CatalogSettings hive = SettingsLoader.load(Optional.of(f.toFile())).catalog();
    assertEquals(Settings.CatalogType.HIVE, hive.type());
    assertEquals("thrift://hms:9083", hive.hiveMetastoreUris());
    assertEquals("prod_gold", hive.database("gold"));
    Files.writeString(f, REAL_KEY + "xw.catalog.database-prefix = \"prod-\"\n");
    e = assertThrows(SettingsLoader.BadConfigException.class, () -> SettingsLoader.load(Optional.of(f.toFile())));
    assertEquals("bad configuration: xw.catalog.database-prefix may hold only a-z, 0-9 and _, got 'prod-'", e.getMessage());
    Files.writeString(f, REAL_KEY + "xw.catalog.type = derby\n");
    e = assertThrows(SettingsLoader.BadConfigException.class, () -> SettingsLoader.load(Optional.of(f.toFile())));
    assertEquals("bad configuration: xw.catalog.type must be one of [embedded, hive, off], got 'derby'", e.getMessage());
    Files.writeString(f, REAL_KEY + "xw.serve.port = 70000\n");
    e = assertThrows(SettingsLoader.BadConfigException.class, () -> SettingsLoader.load(Optional.of(f.toFile())));
    assertEquals("bad configuration: xw.serve.port must be a port (1..65535), got 70000", e.getMessage());
  }
}
