package com.experiencewarehouse.job;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import com.experiencewarehouse.bronze.CrmAccountsBronze;
import com.experiencewarehouse.bronze.CrmCustomersBronze;
import com.experiencewarehouse.bronze.CrmOpportunitiesBronze;
import com.experiencewarehouse.bronze.CrmTicketsBronze;
import com.experiencewarehouse.bronze.Ga4EventsBronze;
import com.experiencewarehouse.bronze.SurveyAnswersBronze;
import com.experiencewarehouse.config.Settings;
import com.experiencewarehouse.gold.ConsentModeDaily;
import com.experiencewarehouse.gold.CustomerExperienceDaily;
import com.experiencewarehouse.gold.CustomerLifetimeValue;
import com.experiencewarehouse.gold.DetractorFollowup;
import com.experiencewarehouse.gold.JourneyFunnel;
import com.experiencewarehouse.gold.SurveyResponseContext;
import com.experiencewarehouse.gold.UxCxDrivers;
import com.experiencewarehouse.gold.SegmentScorecard;
import com.experiencewarehouse.gold.TaskScorecard;
import com.experiencewarehouse.gold.Segments;
import com.experiencewarehouse.io.CatalogRegistry;
import com.experiencewarehouse.io.Quarantine;
import com.experiencewarehouse.io.RunAudit;
import com.experiencewarehouse.io.RunAudit.SourceCounts;
import com.experiencewarehouse.io.Warehouse;
import com.experiencewarehouse.silver.CustomerDimension;
import com.experiencewarehouse.silver.CustomerSnapshots;
import com.experiencewarehouse.silver.IdentityMap;
import com.experiencewarehouse.silver.SupportTickets;
import com.experiencewarehouse.silver.SurveyResponses;
import com.experiencewarehouse.silver.SurveyVerbatims;
import com.experiencewarehouse.silver.TaskAttempts;
import com.experiencewarehouse.silver.WebSessions;
import com.experiencewarehouse.sources.InputFiles;
import com.experiencewarehouse.sources.crm.CrmExports;
import com.experiencewarehouse.sources.crm.SalesforceExport;
import com.experiencewarehouse.spark.ShufflePartitions;
import com.experiencewarehouse.spark.SparkSessions;
import com.experiencewarehouse.sources.WebEventFiles;
import com.experiencewarehouse.sources.WebEvents;
import com.experiencewarehouse.sources.survey.SurveyExports;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.UUID;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * One night: read the date's exports, write bronze (+ quarantine), rebuild the silver and gold
 * partitions the date touches, and audit the run. Every table write is one atomic Delta commit
 * that replaces whole partitions or merges by key, so rerunning a date repairs it.
 */
public final class NightlyJob {

  private final SparkSession spark;
  private final Settings settings;
  private final Warehouse warehouse;
  private final Progress progress;

  public NightlyJob(SparkSession spark, Settings settings, Progress progress) {
    this.spark = spark;
    this.settings = settings;
    this.warehouse = Warehouse.of(spark, settings);
    this.progress = progress;
  }

  /**
   * Under xw.spark.shuffle-partitions = auto, sets the session's shuffle partitions from the night's
   * input size; returns the figures for the start line.
   */
  private String sizeShuffles(Inputs inputs) {
    Settings.SparkSettings s = settings.spark();
    if (!SparkSessions.autoShufflePartitions(s)) {
      return "";
    }
    long bytes = InputFiles.totalBytes(spark.sparkContext().hadoopConfiguration(), inputs.all());
    int partitions = ShufflePartitions.forInput(bytes, spark.sparkContext().defaultParallelism(),
        s.shufflePartitionBytes(), s.maxShufflePartitions());
    spark.conf().set("spark.sql.shuffle.partitions", Integer.toString(partitions));
    return String.format(java.util.Locale.ROOT, " (%.1f MB of input, %d shuffle partitions)", bytes / 1e6,
        partitions);
  }

  /** A run that started and failed; the message is the one-line reason. */
  public static final class RunFailedException extends RuntimeException {
    RunFailedException(String reason, Throwable cause) {
      super(reason, cause);
    }
  }

  /** The files of one night, found before anything is written (missing input: exit 2). */
  public record Inputs(List<WebEventFiles> web, CrmExports.Files crm, List<SurveyExports.Files> surveys,
      List<String> notes) {

    /** Every file the night reads. */
    public List<String> all() {
      List<String> files = new java.util.ArrayList<>();
      web.forEach(w -> files.addAll(w.read()));
      files.addAll(crm.customers());
      files.addAll(crm.tickets());
      if (crm.isSalesforce()) {
        SalesforceExport.Files sf = crm.salesforce();
        for (SalesforceExport.ObjectFiles o : List.of(sf.accounts(), sf.contacts(), sf.cases(), sf.opportunities())) {
          files.addAll(o.files());
        }
      }
      surveys.forEach(sv -> files.addAll(sv.files()));
      return files;
    }

    /** These inputs without the given files (repeats of files still read), and with more notes. */
    Inputs without(java.util.Set<String> dropped, List<String> moreNotes) {
      java.util.function.Function<List<String>, List<String>> keep =
          list -> list.stream().filter(f -> !dropped.contains(f)).toList();
      List<WebEventFiles> w = web.stream()
          .map(f -> new WebEventFiles(f.source(), keep.apply(f.read()), f.export())).toList();
      SalesforceExport.Files sf = crm.salesforce();
      if (sf != null) {
        java.util.function.Function<SalesforceExport.ObjectFiles, SalesforceExport.ObjectFiles> object =
            o -> new SalesforceExport.ObjectFiles(o.object(), keep.apply(o.files()), o.header(), o.records());
        sf = new SalesforceExport.Files(object.apply(sf.accounts()), object.apply(sf.contacts()),
            object.apply(sf.cases()), object.apply(sf.opportunities()));
      }
      CrmExports.Files c = new CrmExports.Files(keep.apply(crm.customers()), keep.apply(crm.tickets()), sf);
      List<SurveyExports.Files> sv = surveys.stream().map(f -> new SurveyExports.Files(f.source(),
          keep.apply(f.files()), f.qualtricsHeaders().stream().filter(h -> !dropped.contains(h.file())).toList()))
          .toList();
      List<String> n = new java.util.ArrayList<>(notes);
      n.addAll(moreNotes);
      return new Inputs(w, c, sv, List.copyOf(n));
    }
  }

  /**
   * The night's files of every source, checked; every problem of every source in one exception
   * (exit 2), so that an export with several unmapped columns costs one run, not one each.
   */
  public Inputs findInputs(LocalDate date) {
    Settings.SourceSettings s = settings.sources();
    InputFiles.Problems problems = new InputFiles.Problems();
    List<WebEventFiles> web = WebEvents.files(spark, s, date, problems);
    CrmExports.Files crm = CrmExports.files(spark, s, date, problems);
    List<SurveyExports.Files> surveys = SurveyExports.files(spark, s, date, problems);
    problems.throwIfAny();
    Inputs inputs = new Inputs(web, crm, surveys, problems.notes());
    // A file reached twice (a copy beside it, a symlink, two patterns) is read once, and said.
    java.util.Map<String, String> repeats =
        InputFiles.repeats(spark.sparkContext().hadoopConfiguration(), inputs.all());
    return repeats.isEmpty() ? inputs : inputs.without(repeats.keySet(), List.copyOf(repeats.values()));
  }

  /**
   * Runs the night; returns the summary. Throws after marking the run failed. The caller holds the
   * warehouse lock ({@link com.experiencewarehouse.io.RunLock}), so a run the audit still shows as
   * running was killed: it is marked failed first.
   *
   * @param inputs the night's files, from {@link #findInputs} (found before the lock was taken)
   * @param command what started the run, for the audit ("run" or "backfill")
   */
  public RunSummary run(LocalDate date, Inputs inputs, String command) {
    String runId = date + "-" + UUID.randomUUID().toString().substring(0, 8);
    RunAudit audit = new RunAudit(spark, warehouse);
    long abandoned = audit.markAbandoned();
    if (abandoned > 0) {
      progress.line(abandoned + " earlier run(s) still marked running in " + RunAudit.RUN_TABLE
          + " ended without finishing: marked failed");
    }
    Instant started = Instant.now();
    audit.start(runId, date, command, settings.environment(), started);
    progress.line("run " + runId + " for " + date + " started" + sizeShuffles(inputs));
    inputs.notes().forEach(n -> progress.line("note: " + n));
    for (WebEventFiles web : inputs.web()) {
      if (web.provisional()) {
        String source = web.source().name().isEmpty() ? "web" : "web source " + web.source().name();
        String which = web.intraday() ? "the intraday export" : "the fresh daily export";
        progress.line(source + ": no daily GA4 export file for " + date + " yet: reading " + which + " ("
            + web.read().size() + " file(s)); rerun the date when the daily file is there");
      }
    }
    try {
      List<SourceCounts> counts = new BronzeLoad(spark, settings, warehouse, progress).load(date, inputs, runId);
      audit.recordSources(runId, date, counts);
      for (SourceCounts c : counts) {
        if (!c.balanced()) {
          throw new IllegalStateException("rows read != written + quarantined + forgotten for " + c.source()
              + ": " + c.read() + " != " + c.written() + " + " + c.quarantined() + " + " + c.forgotten());
        }
        java.util.Optional<String> over = QuarantineShare.exceeded(c, settings.quarantine(), date);
        if (over.isPresent()) {
          throw new IllegalStateException(over.get());
        }
      }
      SortedSet<LocalDate> touched = new SilverBuild(settings, warehouse, progress).build(date, runId);
      new GoldBuild(settings, warehouse, progress).build(date, touched, runId);
      registerTables();
      Instant finished = Instant.now();
      audit.finish(runId, date, command, settings.environment(), started, finished, "succeeded", null);
      progress.line("run " + runId + " succeeded");
      List<String> notes = new java.util.ArrayList<>(inputs.notes());
      notes.addAll(RunSummary.sourceNotes(counts));
      notes.addAll(churnNotes(date));
      return new RunSummary(runId, date, counts, tableRows(), List.copyOf(notes), started, finished);
    } catch (Exception e) {
      // Spark's AnalysisException is checked in Scala's eyes only; catch everything here.
      String reason = Progress.oneLine(e);
      try {
        audit.finish(runId, date, command, settings.environment(), started, Instant.now(), "failed", reason);
      } catch (RuntimeException auditFailure) {
        e.addSuppressed(auditFailure);
      }
      try {
        // What was written is readable by name, the quarantine the reason points at first of all
        // (a failed first night would otherwise leave no names at all).
        registerTables();
      } catch (RuntimeException catalogFailure) {
        e.addSuppressed(catalogFailure);
      }
      throw new RunFailedException(reason, e);
    }
  }

  /**
   * Registers the tables by name (xw.catalog). The embedded metastore open in another process does
   * not fail the night: the tables are complete and readable by path, and their names, once
   * registered, keep pointing at them; the next run registers what is new.
   */
  private void registerTables() {
    registerTables(spark, settings, warehouse, progress, TABLES);
  }

  /** Registers {@code tables} by name as a night does (for any command that writes tables). */
  static void registerTables(SparkSession spark, Settings settings, Warehouse warehouse, Progress progress,
      java.util.Collection<String> tables) {
    if (settings.catalog().type() == Settings.CatalogType.OFF) {
      return;
    }
    try {
      CatalogRegistry.Result r = new CatalogRegistry(spark, settings.catalog(), warehouse).register(tables);
      if (r.changedAnything()) {
        progress.line("catalog: " + (r.registered().size() + r.moved().size() + r.unchanged()) + " tables by name"
            + (r.registered().isEmpty() ? "" : ", " + r.registered().size() + " newly registered")
            + (r.moved().isEmpty() ? "" : ", " + r.moved().size() + " re-pointed here from another location"));
      }
    } catch (CatalogRegistry.CatalogBusyException e) {
      progress.line("warning: catalog not updated: " + e.getMessage() + "; the next run registers new tables");
    } catch (RuntimeException e) {
      throw new IllegalStateException("catalog: " + Progress.oneLine(e), e);
    }
  }

  // ---------------------------------------------------------------- summary

  /**
   * Why the date's and its quarter's churn rate (all segments) is NULL, when churned customers
   * have no churn date to place them: a line each for the summary.
   */
  private List<String> churnNotes(LocalDate date) {
    Column all = col("segment").equalTo(Segments.ALL);
    Column unknown = col("customers_churn_unknown").gt(0);
    String quarter = GoldBuild.quarterName(GoldBuild.quarterStart(date));
    List<Row> rows = warehouse.read(SegmentScorecard.DAY_TABLE)
        .filter(col("scorecard_date").equalTo(java.sql.Date.valueOf(date)).and(all).and(unknown))
        .select(lit(date.toString()), col("customers_churn_unknown"))
        .union(warehouse.read(SegmentScorecard.QUARTER_TABLE)
            .filter(col("quarter").equalTo(quarter).and(all).and(unknown))
            .select(col("quarter"), col("customers_churn_unknown")))
        .collectAsList();
    List<String> notes = new java.util.ArrayList<>();
    for (Row r : rows) {
      notes.add(settings.sources().hasChurnInformation()
          ? String.format(java.util.Locale.ROOT, "churn_rate of %s is NULL: %d churned customer(s) have no "
              + "churn date and were churned in their first snapshot, so whether they churned in the period is "
              + "not known (map the CRM's churn date: xw.sources.crm.customers.columns.churn_date or "
              + "salesforce.customer.churn_date; without one, a later snapshot dates a status change)",
              r.getString(0), r.getLong(1))
          : "churn_rate of " + r.getString(0) + " is NULL: the CRM mapping has neither a status nor a churn date "
              + "(xw.sources.crm.customers.columns.status / churn_date, or salesforce.customer.status / churn_date)");
    }
    return notes;
  }


  public static final List<String> TABLES = List.of(
      Ga4EventsBronze.TABLE, CrmCustomersBronze.TABLE, CrmTicketsBronze.TABLE, CrmAccountsBronze.TABLE,
      CrmOpportunitiesBronze.TABLE, SurveyAnswersBronze.TABLE,
      Quarantine.TABLE, WebSessions.TABLE, TaskAttempts.TABLE, IdentityMap.TABLE, CustomerSnapshots.TABLE,
      SupportTickets.TABLE, SurveyResponses.TABLE, SurveyVerbatims.TABLE, CustomerDimension.TABLE,
      CustomerExperienceDaily.TABLE,
      SegmentScorecard.DAY_TABLE, SegmentScorecard.QUARTER_TABLE, TaskScorecard.DAY_TABLE, TaskScorecard.QUARTER_TABLE,
      SurveyResponseContext.TABLE, DetractorFollowup.TABLE, UxCxDrivers.TABLE, JourneyFunnel.DAY_TABLE,
      JourneyFunnel.QUARTER_TABLE, ConsentModeDaily.TABLE, CustomerLifetimeValue.TABLE, RunAudit.RUN_TABLE,
      RunAudit.SOURCE_TABLE);

  private Map<String, Long> tableRows() {
    // Delta answers an unfiltered count from its log statistics, but each is a snapshot load and a
    // Spark job of its own: counted side by side. Tables of sources the config does not read (e.g.
    // bronze.crm_accounts of a CSV CRM) are not listed.
    Map<String, Long> counted = new java.util.concurrent.ConcurrentHashMap<>();
    ConcurrentSteps.run(settings.spark().concurrentSteps(), TABLES.stream().<Runnable>map(t -> () -> {
      if (warehouse.exists(t)) {
        counted.put(t, warehouse.read(t).count());
      }
    }).toList());
    Map<String, Long> rows = new LinkedHashMap<>();
    TABLES.stream().filter(counted::containsKey).forEach(t -> rows.put(t, counted.get(t)));
    return rows;
  }
}
