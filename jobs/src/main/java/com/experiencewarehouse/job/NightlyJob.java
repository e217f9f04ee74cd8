package com.experiencewarehouse.job;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.lit;

import com.experiencewarehouse.bronze.CrmCustomersBronze;
import com.experiencewarehouse.bronze.CrmTicketsBronze;
import com.experiencewarehouse.bronze.Ga4EventsBronze;
import com.experiencewarehouse.bronze.SurveyAnswersBronze;
import com.experiencewarehouse.config.Settings;
import com.experiencewarehouse.gold.CustomerExperienceDaily;
import com.experiencewarehouse.gold.SegmentScorecard;
import com.experiencewarehouse.gold.Segments;
import com.experiencewarehouse.io.Quarantine;
import com.experiencewarehouse.io.RunAudit;
import com.experiencewarehouse.io.RunAudit.SourceCounts;
import com.experiencewarehouse.io.Warehouse;
import com.experiencewarehouse.silver.CustomerSnapshots;
import com.experiencewarehouse.silver.IdentityMap;
import com.experiencewarehouse.silver.SupportTickets;
import com.experiencewarehouse.silver.SurveyResponses;
import com.experiencewarehouse.silver.TaskAttempts;
import com.experiencewarehouse.silver.WebSessions;
import com.experiencewarehouse.sources.crm.CrmExports;
import com.experiencewarehouse.sources.ga4.Ga4Export;
import com.experiencewarehouse.sources.survey.SurveyExports;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

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
    this.warehouse = new Warehouse(spark, settings.warehousePath());
    this.progress = progress;
  }

  /** A run that started and failed; the message is the one-line reason. */
  public static final class RunFailedException extends RuntimeException {
    RunFailedException(String reason, Throwable cause) {
      super(reason, cause);
    }
  }

  /** The files of one night, found before anything is written (missing input: exit 2). */
  record Inputs(List<String> web, List<String> customers, List<String> tickets, List<String> surveys) {}

  public Inputs findInputs(LocalDate date) {
    Settings.SourceSettings s = settings.sources();
    return new Inputs(
        Ga4Export.files(spark, s, date),
        CrmExports.customerFiles(spark, s, date),
        CrmExports.ticketFiles(spark, s, date),
        SurveyExports.files(spark, s, date));
  }

  /** Runs the night; returns the summary. Throws after marking the run failed. */
  public RunSummary run(LocalDate date) {
    Inputs inputs = findInputs(date);
    String runId = date + "-" + UUID.randomUUID().toString().substring(0, 8);
    Instant started = Instant.now();
    RunAudit audit = new RunAudit(spark, warehouse);
    audit.start(runId, date, "run", settings.environment(), started);
    progress.line("run " + runId + " for " + date + " started");
    try {
      List<SourceCounts> counts = bronze(date, inputs, runId);
      audit.recordSources(runId, date, counts);
      for (SourceCounts c : counts) {
        if (!c.balanced()) {
          throw new IllegalStateException("rows read != written + quarantined for " + c.source()
              + ": " + c.read() + " != " + c.written() + " + " + c.quarantined());
        }
      }
      List<LocalDate> window = silver(date, runId);
      gold(window, runId);
      Instant finished = Instant.now();
      audit.finish(runId, date, "run", settings.environment(), started, finished, "succeeded", null);
      progress.line("run " + runId + " succeeded");
      return new RunSummary(runId, date, counts, tableRows(), started, finished);
    } catch (Exception e) {
      // Spark's AnalysisException is checked in Scala's eyes only; catch everything here.
      String reason = Progress.oneLine(e);
      try {
        audit.finish(runId, date, "run", settings.environment(), started, Instant.now(), "failed", reason);
      } catch (RuntimeException auditFailure) {
        e.addSuppressed(auditFailure);
      }
      throw new RunFailedException(reason, e);
    }
  }

  // ---------------------------------------------------------------- bronze

  private List<SourceCounts> bronze(LocalDate date, Inputs in, String runId) {
    Settings.SourceSettings s = settings.sources();
    List<SourceCounts> counts = new ArrayList<>();
    List<Dataset<Row>> rejected = new ArrayList<>();
    List<Dataset<Row>> persisted = new ArrayList<>();
    String day = "'" + date + "'";

    Dataset<Row> web = keep(persisted, Ga4EventsBronze.validate(Ga4Export.read(spark, in.web()), date));
    writeBronze(Ga4EventsBronze.TABLE, Ga4EventsBronze.accepted(web), runId, "event_date = " + day, "event_date", date);
    rejected.add(Quarantine.rows(web, Ga4EventsBronze.SOURCE, date));

    Dataset<Row> customers = keep(persisted, CrmCustomersBronze.validate(CrmExports.readCustomers(spark, s, in.customers())));
    writeBronze(CrmCustomersBronze.TABLE, CrmCustomersBronze.accepted(customers), runId, "snapshot_date = " + day, "snapshot_date", date);
    rejected.add(Quarantine.rows(customers, CrmCustomersBronze.SOURCE, date));

    Dataset<Row> tickets = keep(persisted, CrmTicketsBronze.validate(CrmExports.readTickets(spark, s, in.tickets())));
    writeBronze(CrmTicketsBronze.TABLE, CrmTicketsBronze.accepted(tickets), runId, "export_date = " + day, "export_date", date);
    rejected.add(Quarantine.rows(tickets, CrmTicketsBronze.SOURCE, date));

    Dataset<Row> answers = keep(persisted, SurveyAnswersBronze.validate(SurveyExports.read(spark, s, in.surveys())));
    writeBronze(SurveyAnswersBronze.TABLE, SurveyAnswersBronze.accepted(answers), runId, "export_date = " + day, "export_date", date);
    rejected.add(Quarantine.rows(answers, SurveyAnswersBronze.SOURCE, date));

    Dataset<Row> allRejected = rejected.get(0);
    for (Dataset<Row> r : rejected.subList(1, rejected.size())) {
      allRejected = allRejected.unionByName(r);
    }
    warehouse.replace(Quarantine.TABLE, Quarantine.withRunMetadata(allRejected, runId),
        "load_date = " + day, "load_date");

    Map<String, Map<String, Long>> reasons = Quarantine.countsByReason(warehouse.read(Quarantine.TABLE), date);
    counts.add(count(Ga4EventsBronze.SOURCE, web, Ga4EventsBronze.TABLE, col("event_date"), date, reasons));
    counts.add(count(CrmCustomersBronze.SOURCE, customers, CrmCustomersBronze.TABLE, col("snapshot_date"), date, reasons));
    counts.add(count(CrmTicketsBronze.SOURCE, tickets, CrmTicketsBronze.TABLE, col("export_date"), date, reasons));
    counts.add(count(SurveyAnswersBronze.SOURCE, answers, SurveyAnswersBronze.TABLE, col("export_date"), date, reasons));
    persisted.forEach(Dataset::unpersist);
    for (SourceCounts c : counts) {
      progress.line(String.format("bronze %-15s read %d, written %d, quarantined %d",
          c.source(), c.read(), c.written(), c.quarantined()));
    }
    return counts;
  }

  /** Validated rows are used three times (bronze, quarantine, counts): read the files once. */
  private static Dataset<Row> keep(List<Dataset<Row>> persisted, Dataset<Row> validated) {
    Dataset<Row> p = validated.persist(StorageLevel.MEMORY_AND_DISK());
    persisted.add(p);
    return p;
  }

  private void writeBronze(String table, Dataset<Row> rows, String runId, String predicate,
      String partition, LocalDate date) {
    Dataset<Row> dated = java.util.Arrays.asList(rows.columns()).contains(partition)
        ? rows : rows.select(lit(date).as(partition), col("*"));
    warehouse.replace(table, dated
        .withColumn("_run_id", lit(runId))
        .withColumn("_ingested_at", current_timestamp()), predicate, partition);
  }

  /** Rows read (from the validated input) against rows found in the tables after the writes. */
  private SourceCounts count(String source, Dataset<Row> validated, String table, Column partition,
      LocalDate date, Map<String, Map<String, Long>> reasons) {
    long read = validated.count();
    long written = warehouse.read(table).filter(partition.equalTo(lit(date))).count();
    return new SourceCounts(source, read, written, reasons.getOrDefault(source, Map.of()));
  }

  // ---------------------------------------------------------------- silver

  /** Rebuilds silver for the date; returns the dates whose facts may have changed. */
  private List<LocalDate> silver(LocalDate date, String runId) {
    Settings.SessionSettings ss = settings.session();
    int maxDays = ss.maxDays();
    // Sessions of the last max-days dates can still grow (they may cross midnight): rebuild them
    // from the events one day before (where such a session may begin) through any later day
    // already loaded (so a rerun of an earlier date sees the same events as the first run).
    LocalDate first = date.minusDays(maxDays - 1);
    List<LocalDate> window = new ArrayList<>();
    for (LocalDate d = first; !d.isAfter(date); d = d.plusDays(1)) {
      window.add(d);
    }
    Dataset<Row> events = warehouse.read(Ga4EventsBronze.TABLE).filter(
        col("event_date").between(lit(first.minusDays(1)), lit(date.plusDays(maxDays - 1))));

    // A link seen again widens its first/last seen; it never narrows (reruns change nothing).
    warehouse.merge(IdentityMap.TABLE, IdentityMap.build(events).withColumn("_run_id", lit(runId)),
        col("t.user_pseudo_id").equalTo(col("s.user_pseudo_id"))
            .and(col("t.customer_id").equalTo(col("s.customer_id"))),
        "s.first_seen_at < t.first_seen_at OR s.last_seen_at > t.last_seen_at",
        Map.of("first_seen_at", "least(t.first_seen_at, s.first_seen_at)",
            "last_seen_at", "greatest(t.last_seen_at, s.last_seen_at)",
            "_run_id", "s._run_id"));
    Dataset<Row> identity = warehouse.read(IdentityMap.TABLE);

    Dataset<Row> sessionEvents = WebSessions.assignSessions(events, ss)
        .persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> sessions = WebSessions.withCustomer(
        WebSessions.build(sessionEvents, ss, settings.webEvents()), identity)
        .filter(col("session_date").between(lit(first), lit(date)))
        .persist(StorageLevel.MEMORY_AND_DISK());
    warehouse.replace(WebSessions.TABLE,
        WebSessions.output(sessions.filter(WebSessions.isTooLong(ss).unary_$bang()))
            .withColumn("_run_id", lit(runId)),
        Warehouse.between("session_date", first, date), "session_date");
    warehouse.replace(TaskAttempts.TABLE,
        TaskAttempts.build(sessionEvents, sessions.filter(WebSessions.isTooLong(ss).unary_$bang()),
            settings.tasks()).withColumn("_run_id", lit(runId)),
        Warehouse.between("session_date", first, date), "session_date");
    sessionEvents.unpersist();
    sessions.unpersist();
    progress.line("silver web_session, task_attempt rebuilt for " + first + " .. " + date);

    String day = "'" + date + "'";
    warehouse.replace(CustomerSnapshots.TABLE,
        CustomerSnapshots.build(warehouse.read(CrmCustomersBronze.TABLE).filter(col("snapshot_date").equalTo(lit(date))),
            date, settings.piiSalt(), settings.sources().churnedStatuses()).withColumn("_run_id", lit(runId)),
        "snapshot_date = " + day, "snapshot_date");
    warehouse.merge(SupportTickets.TABLE,
        SupportTickets.build(warehouse.read(CrmTicketsBronze.TABLE).filter(col("export_date").equalTo(lit(date))),
            date, settings.sources().openTicketStatuses()).withColumn("_run_id", lit(runId)),
        col("t.ticket_id").equalTo(col("s.ticket_id")),
        "s.export_date >= t.export_date", "opened_date");
    warehouse.replace(SurveyResponses.TABLE,
        SurveyResponses.build(warehouse.read(SurveyAnswersBronze.TABLE).filter(col("export_date").equalTo(lit(date))), date)
            .withColumn("_run_id", lit(runId)),
        "export_date = " + day, "response_date");
    progress.line("silver customer_snapshot, support_ticket, survey_response, identity_map updated");
    return window;
  }

  // ---------------------------------------------------------------- gold

  private void gold(List<LocalDate> window, String runId) {
    LocalDate first = window.get(0);
    LocalDate last = window.get(window.size() - 1);
    Function<String, Column> between = c -> col(c).between(lit(first), lit(last));
    Dataset<Row> customers = warehouse.read(CustomerSnapshots.TABLE);
    Dataset<Row> sessions = warehouse.read(WebSessions.TABLE);
    Dataset<Row> attempts = warehouse.read(TaskAttempts.TABLE);
    Dataset<Row> responses = warehouse.read(SurveyResponses.TABLE);
    Dataset<Row> tickets = warehouse.read(SupportTickets.TABLE);

    warehouse.replace(CustomerExperienceDaily.TABLE,
        CustomerExperienceDaily.build(
            sessions.filter(between.apply("session_date")), attempts.filter(between.apply("session_date")),
            responses.filter(between.apply("response_date")), tickets.filter(between.apply("opened_date")),
            customers.filter(between.apply("snapshot_date"))).withColumn("_run_id", lit(runId)),
        Warehouse.between("activity_date", first, last), "activity_date");

    warehouse.replace(SegmentScorecard.DAY_TABLE,
        scorecard(SegmentScorecard.Grain.DAY, first, last, sessions, attempts, responses, tickets, customers)
            .withColumn("_run_id", lit(runId)),
        Warehouse.between("scorecard_date", first, last), "scorecard_date");

    // Quarters touched by the window, each recomputed whole from its own facts.
    TreeSet<LocalDate> quarterStarts = new TreeSet<>();
    window.forEach(d -> quarterStarts.add(quarterStart(d)));
    LocalDate qFirst = quarterStarts.first();
    LocalDate qLast = quarterStarts.last().plusMonths(3).minusDays(1);
    List<String> quarters = quarterStarts.stream().map(NightlyJob::quarterName).toList();
    warehouse.replace(SegmentScorecard.QUARTER_TABLE,
        scorecard(SegmentScorecard.Grain.QUARTER, qFirst, qLast, sessions, attempts, responses, tickets, customers)
            .withColumn("_run_id", lit(runId)),
        "quarter IN ('" + String.join("', '", quarters) + "')", "quarter");
    progress.line("gold customer_experience_daily, segment_scorecard_day for " + first + " .. " + last
        + "; segment_scorecard_quarter for " + String.join(", ", quarters));
  }

  private Dataset<Row> scorecard(SegmentScorecard.Grain grain, LocalDate from, LocalDate to,
      Dataset<Row> sessions, Dataset<Row> attempts, Dataset<Row> responses, Dataset<Row> tickets,
      Dataset<Row> customers) {
    Function<String, Column> between = c -> col(c).between(lit(from), lit(to));
    Dataset<Row> snapshots = customers.filter(between.apply("snapshot_date"));
    return SegmentScorecard.build(grain,
        Segments.attach(sessions.filter(between.apply("session_date")), "session_date", snapshots),
        Segments.attach(attempts.filter(between.apply("session_date")), "session_date", snapshots),
        Segments.attach(responses.filter(between.apply("response_date")), "response_date", snapshots),
        Segments.attach(tickets.filter(between.apply("opened_date")), "opened_date", snapshots),
        snapshots, settings.metrics());
  }

  static LocalDate quarterStart(LocalDate d) {
    return LocalDate.of(d.getYear(), ((d.getMonthValue() - 1) / 3) * 3 + 1, 1);
  }

  static String quarterName(LocalDate quarterStart) {
    return quarterStart.getYear() + "-Q" + ((quarterStart.getMonthValue() - 1) / 3 + 1);
  }

  // ---------------------------------------------------------------- summary

  public static final List<String> TABLES = List.of(
      Ga4EventsBronze.TABLE, CrmCustomersBronze.TABLE, CrmTicketsBronze.TABLE, SurveyAnswersBronze.TABLE,
      Quarantine.TABLE, WebSessions.TABLE, TaskAttempts.TABLE, IdentityMap.TABLE, CustomerSnapshots.TABLE,
      SupportTickets.TABLE, SurveyResponses.TABLE, CustomerExperienceDaily.TABLE,
      SegmentScorecard.DAY_TABLE, SegmentScorecard.QUARTER_TABLE, RunAudit.RUN_TABLE,
      RunAudit.SOURCE_TABLE);

  private Map<String, Long> tableRows() {
    Map<String, Long> rows = new LinkedHashMap<>();
    for (String t : TABLES) {
      // Delta answers an unfiltered count from its log statistics.
      rows.put(t, warehouse.exists(t) ? warehouse.read(t).count() : 0L);
    }
    return rows;
  }
}
