package com.experiencewarehouse.job;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import com.experiencewarehouse.bronze.Ga4EventsBronze;
import com.experiencewarehouse.config.Settings;
import com.experiencewarehouse.gold.ConsentModeDaily;
import com.experiencewarehouse.gold.CustomerLifetimeValue;
import com.experiencewarehouse.gold.CustomerExperienceDaily;
import com.experiencewarehouse.gold.DetractorFollowup;
import com.experiencewarehouse.gold.JourneyFunnel;
import com.experiencewarehouse.gold.SegmentScorecard;
import com.experiencewarehouse.gold.Segments;
import com.experiencewarehouse.gold.SurveyResponseContext;
import com.experiencewarehouse.gold.TaskScorecard;
import com.experiencewarehouse.gold.UxCxDrivers;
import com.experiencewarehouse.io.Warehouse;
import com.experiencewarehouse.silver.CustomerDimension;
import com.experiencewarehouse.silver.CustomerSnapshots;
import com.experiencewarehouse.silver.SupportTickets;
import com.experiencewarehouse.silver.SurveyResponses;
import com.experiencewarehouse.silver.SurveyVerbatims;
import com.experiencewarehouse.silver.TaskAttempts;
import com.experiencewarehouse.silver.WebSessions;
import java.time.LocalDate;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** The gold step of a night: customer-day experience and segment scorecards of the touched periods. */
final class GoldBuild {

  private final Settings settings;
  private final Warehouse warehouse;
  private final Progress progress;

  GoldBuild(Settings settings, Warehouse warehouse, Progress progress) {
    this.settings = settings;
    this.warehouse = warehouse;
    this.progress = progress;
  }

  /**
   * Rebuilds the gold rows of {@code dates} (the dates whose facts may have changed) and their quarters;
   * {@code night}'s follow-up list too, unless {@code night} is NULL (an erasure, which deletes its
   * person's follow-up rows and leaves the other rows of past lists as they were sent).
   */
  void build(LocalDate night, SortedSet<LocalDate> dates, String runId) {
    Column[] dayValues = dates.stream().map(d -> lit(java.sql.Date.valueOf(d))).toArray(Column[]::new);
    Function<String, Column> onDates = c -> col(c).isin((Object[]) dayValues);
    Dataset<Row> dim = warehouse.read(CustomerDimension.TABLE);
    Dataset<Row> snapshots = warehouse.read(CustomerSnapshots.TABLE);
    Dataset<Row> sessions = warehouse.read(WebSessions.TABLE);
    Dataset<Row> attempts = warehouse.read(TaskAttempts.TABLE);
    Dataset<Row> responses = warehouse.read(SurveyResponses.TABLE);
    Dataset<Row> tickets = warehouse.read(SupportTickets.TABLE);

    // Quarters touched, each recomputed whole from its own facts.
    TreeSet<LocalDate> quarterStarts = new TreeSet<>();
    dates.forEach(d -> quarterStarts.add(quarterStart(d)));
    Function<String, Column> onQuarters = c -> quarterFilterOn(quarterStarts, c);
    List<String> quarters = quarterStarts.stream().map(GoldBuild::quarterName).toList();
    String days = dates.size() + " date(s) " + dates.first() + " .. " + dates.last();
    String quarterList = String.join(", ", quarters);

    // Each step writes tables of its own and reads only silver, bronze and what it wrote itself.
    ConcurrentSteps.run(settings.spark().concurrentSteps(), List.of(
        () -> {
          warehouse.replace(CustomerExperienceDaily.TABLE,
              CustomerExperienceDaily.build(
                  sessions.filter(onDates.apply("session_date")), attempts.filter(onDates.apply("session_date")),
                  responses.filter(onDates.apply("response_date")), tickets.filter(onDates.apply("opened_date")),
                  dim).withColumn("_run_id", lit(runId)),
              Warehouse.in("activity_date", dates), "activity_date");
          progress.line("gold customer_experience_daily for " + days);
        },
        () -> {
          warehouse.replace(SegmentScorecard.DAY_TABLE,
              scorecard(SegmentScorecard.Grain.DAY, onDates, sessions, attempts, responses, tickets, dim,
                  snapshots).withColumn("_run_id", lit(runId)),
              Warehouse.in("scorecard_date", dates), "scorecard_date");
          progress.line("gold segment_scorecard_day for " + days);
        },
        () -> {
          warehouse.replace(SegmentScorecard.QUARTER_TABLE,
              scorecard(SegmentScorecard.Grain.QUARTER, onQuarters, sessions, attempts, responses, tickets,
                  dim, snapshots).withColumn("_run_id", lit(runId)),
              Warehouse.inNames("quarter", quarters), "quarter");
          progress.line("gold segment_scorecard_quarter for " + quarterList);
        },
        () -> {
          warehouse.replace(TaskScorecard.DAY_TABLE,
              taskScorecard(SegmentScorecard.Grain.DAY, onDates, attempts, dim).withColumn("_run_id", lit(runId)),
              Warehouse.in("scorecard_date", dates), "scorecard_date");
          progress.line("gold task_scorecard_day for " + days);
        },
        () -> {
          warehouse.replace(TaskScorecard.QUARTER_TABLE,
              taskScorecard(SegmentScorecard.Grain.QUARTER, onQuarters, attempts, dim)
                  .withColumn("_run_id", lit(runId)),
              Warehouse.inNames("quarter", quarters), "quarter");
          progress.line("gold task_scorecard_quarter for " + quarterList);
        },
        () -> linked(night, dates, onDates, onQuarters, quarters, runId, dim, sessions, attempts, responses,
            tickets),
        () -> {
          warehouse.replace(JourneyFunnel.DAY_TABLE,
              funnel(SegmentScorecard.Grain.DAY, dates.first(), onDates, dim, sessions, responses, tickets)
                  .withColumn("_run_id", lit(runId)),
              Warehouse.in("funnel_date", dates), "funnel_date");
          progress.line("gold journey_funnel_day for " + days);
        },
        () -> {
          warehouse.replace(JourneyFunnel.QUARTER_TABLE,
              funnel(SegmentScorecard.Grain.QUARTER, quarterStarts.first(), onQuarters, dim, sessions,
                  responses, tickets).withColumn("_run_id", lit(runId)),
              Warehouse.inNames("quarter", quarters), "quarter");
          progress.line("gold journey_funnel_quarter for " + quarterList);
        },
        () -> {
          warehouse.replace(ConsentModeDaily.TABLE,
              ConsentModeDaily.build(warehouse.read(Ga4EventsBronze.TABLE).filter(onDates.apply("event_date")),
                  settings.webEvents()).withColumn("_run_id", lit(runId)),
              Warehouse.in("event_date", dates), "event_date");
          progress.line("gold consent_mode_daily for " + days);
        },
        () -> {
          // Current state: every customer, revenue through the latest stored session date.
          warehouse.overwrite(CustomerLifetimeValue.TABLE,
              CustomerLifetimeValue.build(dim, sessions).withColumn("_run_id", lit(runId)));
          progress.line("gold customer_lifetime_value rebuilt");
        }));
  }

  /** The funnel of the periods selected by {@code period}, the earliest starting on {@code from}. */
  private Dataset<Row> funnel(SegmentScorecard.Grain grain, LocalDate from, Function<String, Column> period,
      Dataset<Row> dim, Dataset<Row> sessions, Dataset<Row> responses, Dataset<Row> tickets) {
    Settings.JourneySettings j = settings.journey();
    // Sessions since reengage-days before the first period: the history that tells return visits.
    Column history = col("session_date").geq(lit(java.sql.Date.valueOf(from.minusDays(j.reengageDays()))))
        .and(period.apply("session_date").or(col("session_date").lt(lit(java.sql.Date.valueOf(from)))));
    Dataset<Row> signups = dim.groupBy(col("customer_id"))
        .agg(org.apache.spark.sql.functions.min(col("signup_date")).as("signup_date"));
    return JourneyFunnel.build(grain,
        Segments.attach(sessions.filter(history), "session_start_at", dim),
        Segments.attach(tickets.filter(period.apply("opened_date")), "opened_at", dim),
        Segments.attach(responses.filter(period.apply("response_date")), "responded_at", dim),
        signups, j, from, settings.sources().webTimeZone());
  }

  /** The linked UX → CX tables: response context, the night's follow-up list, drivers per quarter. */
  private void linked(LocalDate night, SortedSet<LocalDate> dates, Function<String, Column> onDates,
      Function<String, Column> onQuarters, List<String> quarters, String runId, Dataset<Row> dim,
      Dataset<Row> sessions, Dataset<Row> attempts, Dataset<Row> responses, Dataset<Row> tickets) {
    int window = settings.link().windowDays();
    // Facts that can fall in the windows of the dates' responses.
    Column factsFrom = lit(java.sql.Date.valueOf(dates.first().minusDays(window + 1L)));
    Column factsTo = lit(java.sql.Date.valueOf(dates.last()));
    warehouse.replace(SurveyResponseContext.TABLE,
        SurveyResponseContext.build(responses.filter(onDates.apply("response_date")),
            sessions.filter(col("session_date").between(factsFrom, factsTo)),
            attempts.filter(col("session_date").between(factsFrom, factsTo)),
            tickets.filter(col("opened_date").leq(factsTo)), dim, window, settings.metrics().compositeTask())
            .withColumn("_run_id", lit(runId)),
        Warehouse.in("response_date", dates), "response_date");
    Dataset<Row> context = warehouse.read(SurveyResponseContext.TABLE);
    if (night != null) {
      warehouse.replace(DetractorFollowup.TABLE,
        DetractorFollowup.build(context.filter(col("export_date").equalTo(lit(java.sql.Date.valueOf(night)))),
                warehouse.read(SurveyVerbatims.TABLE).filter(col("export_date").equalTo(lit(java.sql.Date.valueOf(night)))),
                night)
            .withColumn("_run_id", lit(runId)),
        "followup_date = DATE'" + night + "'", "followup_date");
    }
    warehouse.replace(UxCxDrivers.TABLE,
        UxCxDrivers.build(context.filter(onQuarters.apply("response_date")), UxCxDrivers.defaults(settings.metrics().compositeTask()),
            settings.metrics().minSample()).withColumn("_run_id", lit(runId)),
        Warehouse.inNames("quarter", quarters), "quarter");
    progress.line("gold survey_response_context, " + (night == null ? "" : "detractor_followup, ")
        + "ux_cx_drivers updated");
  }

  /** Rows whose date column falls in one of the quarters. */
  private static Column quarterFilterOn(SortedSet<LocalDate> quarterStarts, String column) {
    Column any = lit(false);
    for (LocalDate q : quarterStarts) {
      any = any.or(col(column).between(lit(java.sql.Date.valueOf(q)),
          lit(java.sql.Date.valueOf(q.plusMonths(3).minusDays(1)))));
    }
    return any;
  }

  /** Per task: the attempts of the periods selected by {@code period}, in the segment valid at their start. */
  private Dataset<Row> taskScorecard(SegmentScorecard.Grain grain, Function<String, Column> period,
      Dataset<Row> attempts, Dataset<Row> dim) {
    return TaskScorecard.build(grain,
        Segments.attach(attempts.filter(period.apply("session_date")), "started_at", dim),
        settings.tasks().stream().map(Settings.TaskDefinition::name).toList(), settings.metrics());
  }

  private Dataset<Row> scorecard(SegmentScorecard.Grain grain, Function<String, Column> period,
      Dataset<Row> sessions, Dataset<Row> attempts, Dataset<Row> responses, Dataset<Row> tickets,
      Dataset<Row> dim, Dataset<Row> snapshots) {
    return SegmentScorecard.build(grain,
        Segments.attach(sessions.filter(period.apply("session_date")), "session_start_at", dim),
        Segments.attach(attempts.filter(period.apply("session_date")), "started_at", dim),
        Segments.attach(responses.filter(period.apply("response_date")), "responded_at", dim),
        Segments.attach(tickets.filter(period.apply("opened_date")), "opened_at", dim),
        snapshots.filter(period.apply("snapshot_date")), dim,
        CustomerDimension.churnHistory(dim, settings.sources().webTimeZone()),
        settings.sources().hasChurnInformation(), settings.metrics(), settings.sources().webTimeZone());
  }

  static LocalDate quarterStart(LocalDate d) {
    return LocalDate.of(d.getYear(), ((d.getMonthValue() - 1) / 3) * 3 + 1, 1);
  }

  static String quarterName(LocalDate quarterStart) {
    return quarterStart.getYear() + "-Q" + ((quarterStart.getMonthValue() - 1) / 3 + 1);
  }

}
