package com.experiencewarehouse.job;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import com.experiencewarehouse.bronze.CrmCustomersBronze;
import com.experiencewarehouse.bronze.CrmTicketsBronze;
import com.experiencewarehouse.bronze.Ga4EventsBronze;
import com.experiencewarehouse.bronze.SurveyAnswersBronze;
import com.experiencewarehouse.config.Settings;
import com.experiencewarehouse.io.Warehouse;
import com.experiencewarehouse.privacy.KeyedHash;
import com.experiencewarehouse.silver.CustomerDimension;
import com.experiencewarehouse.silver.CustomerSnapshots;
import com.experiencewarehouse.silver.IdentityMap;
import com.experiencewarehouse.silver.SupportTickets;
import com.experiencewarehouse.silver.SurveyResponses;
import com.experiencewarehouse.silver.SurveyVerbatims;
import com.experiencewarehouse.silver.TaskAttempts;
import com.experiencewarehouse.silver.WebSessions;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * The silver step of a night: conformed sessions, attempts, identities, customers, tickets and
 * survey responses. Returns the dates whose gold rows may have changed: the session rebuild window,
 * the dates of late survey answers and tickets, and the dates of sessions newly stitched to a
 * customer.
 */
final class SilverBuild {

  private final Settings settings;
  private final Warehouse warehouse;
  private final Progress progress;

  SilverBuild(Settings settings, Warehouse warehouse, Progress progress) {
    this.settings = settings;
    this.warehouse = warehouse;
    this.progress = progress;
  }

  SortedSet<LocalDate> build(LocalDate date, String runId) {
    SortedSet<LocalDate> touched = new ConcurrentSkipListSet<>();
    // Each step writes tables of its own and reads only bronze and what it wrote itself.
    ConcurrentSteps.run(settings.spark().concurrentSteps(), List.of(
        () -> {
          Dataset<Row> identity = web(date, runId, touched);
          touched.addAll(restitch(date, identity, runId));
        },
        () -> customers(date, runId),
        () -> touched.addAll(tickets(date, runId)),
        () -> touched.addAll(responses(date, runId))));
    return new TreeSet<>(touched);
  }

  /** Sessions and attempts of the rebuild window; returns the identity map after today's logins. */
  private Dataset<Row> web(LocalDate date, String runId, SortedSet<LocalDate> touched) {
    Settings.SessionSettings ss = settings.session();
    int maxDays = ss.maxDays();
    // Sessions of the last max-days dates can still grow (they may cross midnight): rebuild them
    // from the events one day before (where such a session may begin) through any later day
    // already loaded (so a rerun of an earlier date sees the same events as the first run).
    LocalDate first = date.minusDays(maxDays - 1);
    for (LocalDate d = first; !d.isAfter(date); d = d.plusDays(1)) {
      touched.add(d);
    }
    Dataset<Row> events = WebSessions.withDuration(warehouse.read(Ga4EventsBronze.TABLE).filter(
        col("event_date").between(lit(first.minusDays(1)), lit(date.plusDays(maxDays - 1)))));

    // A link seen again widens its first/last seen; it never narrows (reruns change nothing).
    warehouse.merge(IdentityMap.TABLE, IdentityMap.build(events).withColumn("_run_id", lit(runId)),
        col("t.user_pseudo_id").equalTo(col("s.user_pseudo_id"))
            .and(col("t.customer_id").equalTo(col("s.customer_id"))),
        "s.first_seen_at < t.first_seen_at OR s.last_seen_at > t.last_seen_at",
        Map.of("first_seen_at", "least(t.first_seen_at, s.first_seen_at)",
            "last_seen_at", "greatest(t.last_seen_at, s.last_seen_at)",
            "_run_id", "s._run_id"));
    Dataset<Row> identity = warehouse.read(IdentityMap.TABLE);

    // A direct session carries over the last own source of the device's sessions within the
    // attribution look-back: those stored from before the window, and the window's own.
    Settings.WebAnalyticsSettings wa = settings.webAnalytics();
    Dataset<Row> earlier = warehouse.exists(WebSessions.TABLE) && wa.attributionLookbackDays() > 0
        ? warehouse.read(WebSessions.TABLE).filter(col("session_date")
            .between(lit(first.minusDays(wa.attributionLookbackDays() + 1L)), lit(first.minusDays(1))))
        : null;
    Dataset<Row> built = WebSessions.build(WebSessions.assignSessions(events, ss), ss, settings.webEvents(),
            settings.journey().stages(), TaskAttempts.eventNames(settings.tasks()),
            settings.sources().webTimeZone(), wa)
        .filter(col("session_date").between(lit(first), lit(date)));
    Dataset<Row> sessions = WebSessions.withCustomer(
            WebSessions.withTrafficAttribution(built, earlier != null ? earlier : built.limit(0), wa),
            identity, settings.link().identityLookbackDays())
        .filter(WebSessions.isTooLong(ss).unary_$bang())
        .persist(StorageLevel.MEMORY_AND_DISK());
    warehouse.replace(WebSessions.TABLE,
        WebSessions.output(sessions).withColumn("_run_id", lit(runId)),
        Warehouse.between("session_date", first, date), "session_date");
    warehouse.replace(TaskAttempts.TABLE,
        TaskAttempts.build(sessions, settings.tasks()).withColumn("_run_id", lit(runId)),
        Warehouse.between("session_date", first, date), "session_date");
    sessions.unpersist();
    progress.line("silver identity_map updated; web_session, task_attempt rebuilt for " + first + " .. " + date);
    return identity;
  }

  /**
   * Identity reach-back: stored sessions from before the rebuild window, within the look-back, are
   * attributed again; the partitions where a session's customer changed are rewritten (sessions and
   * their attempts). Returns those dates.
   */
  private List<LocalDate> restitch(LocalDate date, Dataset<Row> identity, String runId) {
    int lookback = settings.link().identityLookbackDays();
    LocalDate windowStart = date.minusDays(settings.session().maxDays() - 1);
    if (lookback == 0 || !warehouse.exists(WebSessions.TABLE)) {
      return List.of();
    }
    LocalDate from = windowStart.minusDays(lookback);
    LocalDate to = windowStart.minusDays(1);
    Dataset<Row> stored = warehouse.read(WebSessions.TABLE)
        .filter(col("session_date").between(lit(from), lit(to))).drop("_run_id");
    Dataset<Row> again = WebSessions.restitch(stored, identity, lookback)
        .persist(StorageLevel.MEMORY_AND_DISK());
    // The dates whose attribution changed: at most lookback-days values, so collected to the driver
    // to name the partitions to rewrite.
    List<LocalDate> changed = again.as("n")
        .join(stored.as("o"), col("n.session_id").equalTo(col("o.session_id")), "inner")
        .filter(col("n.customer_id").eqNullSafe(col("o.customer_id")).unary_$bang())
        .select(col("n.session_date")).distinct()
        .collectAsList().stream().map(r -> r.getDate(0).toLocalDate()).sorted().toList();
    if (!changed.isEmpty()) {
      Column onChanged = col("session_date").isin(changed.stream().map(java.sql.Date::valueOf).toArray());
      Dataset<Row> sessions = again.filter(onChanged);
      warehouse.replace(WebSessions.TABLE, sessions.withColumn("_run_id", lit(runId)),
          Warehouse.in("session_date", changed), "session_date");
      Dataset<Row> owners = sessions.select(col("session_id").as("_s_id"), col("customer_id").as("_s_customer"));
      Dataset<Row> attempts = warehouse.read(TaskAttempts.TABLE).filter(onChanged)
          .join(owners, col("session_id").equalTo(col("_s_id")), "inner")
          .withColumn("customer_id", col("_s_customer"))
          .drop("_s_id", "_s_customer")
          .withColumn("_run_id", lit(runId));
      warehouse.replace(TaskAttempts.TABLE, attempts.localCheckpoint(),
          Warehouse.in("session_date", changed), "session_date");
      progress.line("silver web_session re-attributed for " + changed);
    }
    again.unpersist();
    return changed;
  }

  /** Today's CRM snapshot, then the SCD2 dimension re-derived from the snapshot history. */
  private void customers(LocalDate date, String runId) {
    warehouse.replace(CustomerSnapshots.TABLE,
        CustomerSnapshots.build(
            warehouse.read(CrmCustomersBronze.TABLE).filter(col("snapshot_date").equalTo(lit(date))),
            date, new KeyedHash(settings.pii().hashKey()), settings.sources().churnedStatuses()).withColumn("_run_id", lit(runId)),
        "snapshot_date = '" + date + "'", "snapshot_date");
    warehouse.sync(CustomerDimension.TABLE,
        CustomerDimension.versions(warehouse.read(CustomerSnapshots.TABLE), settings.sources().webTimeZone())
            .withColumn("_run_id", lit(runId)),
        col("t.customer_id").equalTo(col("s.customer_id")).and(col("t.valid_from").equalTo(col("s.valid_from"))),
        "t._row_hash <> s._row_hash OR NOT (t.valid_to <=> s.valid_to)");
    progress.line("silver customer_snapshot, customer_dim updated");
  }

  /** Tickets of the night's export; returns the late window's dates they were opened on. */
  private List<LocalDate> tickets(LocalDate date, String runId) {
    Dataset<Row> tickets = SupportTickets.build(
        warehouse.read(CrmTicketsBronze.TABLE).filter(col("export_date").equalTo(lit(date))),
        date, settings.sources().openTicketStatuses(), settings.sources().webTimeZone()).withColumn("_run_id", lit(runId));
    warehouse.merge(SupportTickets.TABLE, tickets, col("t.ticket_id").equalTo(col("s.ticket_id")),
        "s.export_date >= t.export_date", "opened_date");
    progress.line("silver support_ticket updated");
    return lateDates(warehouse.read(SupportTickets.TABLE).filter(col("export_date").equalTo(lit(date))),
        "opened_date", date);
  }

  /** Survey responses of the night's export; returns the late window's dates they answer for. */
  private List<LocalDate> responses(LocalDate date, String runId) {
    Dataset<Row> answers = warehouse.read(SurveyAnswersBronze.TABLE).filter(col("export_date").equalTo(lit(date)));
    warehouse.replace(SurveyResponses.TABLE,
        SurveyResponses.build(answers, date, settings.sources().webTimeZone()).withColumn("_run_id", lit(runId)),
        "export_date = '" + date + "'", "response_date");
    warehouse.replace(SurveyVerbatims.TABLE,
        SurveyVerbatims.build(answers, date, settings.sources().webTimeZone()).withColumn("_run_id", lit(runId)),
        "export_date = '" + date + "'", "response_date");
    progress.line("silver survey_response, survey_verbatim updated");
    return lateDates(warehouse.read(SurveyResponses.TABLE).filter(col("export_date").equalTo(lit(date))),
        "response_date", date);
  }

  /** Distinct dates of the rows within late.days before the run date (a small result). */
  private List<LocalDate> lateDates(Dataset<Row> rows, String dateColumn, LocalDate date) {
    return rows.filter(col(dateColumn).between(lit(date.minusDays(settings.link().lateDays())), lit(date)))
        .select(col(dateColumn)).distinct().collectAsList().stream()
        .map(r -> r.getDate(0).toLocalDate()).toList();
  }
}
