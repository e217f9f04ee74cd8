package com.experiencewarehouse.bench;

import com.experiencewarehouse.config.Settings;
import com.experiencewarehouse.config.SettingsLoader;
import com.experiencewarehouse.gold.Segments;
import com.experiencewarehouse.metrics.Metrics;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The benchmark's single-machine reference: DuckDB (in process, over JDBC) computes
 * gold.segment_scorecard_day for one date straight from the warehouse's <b>bronze</b> tables,
 * re-deriving in SQL what the job derives in silver (sessions, identity, task attempts, the SCD2
 * customer dimension, survey responses, latest ticket states, the churn base).
 *
 * <pre>DuckDbScorecard DATE WAREHOUSE_DIR OUT_CSV [--conf FILE] [--compare]</pre>
 *
 * Prints {@code duckdb DATE: S s, N rows} (wall time from opening DuckDB to the CSV written, JVM
 * start excluded). With {@code --compare} it then reads the job's gold.segment_scorecard_day rows
 * of the date and prints, per column, the rows compared, NULL mismatches and the max |difference|.
 * Settings (tasks, event names, session timeout, min sample...) come from the job's configuration:
 * the packed defaults, or {@code --conf FILE} as for the job.
 *
 * <p>DuckDB's delta extension would be downloaded at run time (no network here), so the Delta
 * tables are read as Parquet: the live files are those the log added and did not remove (bronze
 * partitions replaced by a rerun leave their old files on disk, so a glob would double count).
 */
public final class DuckDbScorecard {

  private final LocalDate date;
  private final Path warehouse;
  private final Settings settings;

  private DuckDbScorecard(LocalDate date, Path warehouse, Settings settings) {
    this.date = date;
    this.warehouse = warehouse;
    this.settings = settings;
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      System.err.println("usage: DuckDbScorecard DATE WAREHOUSE_DIR OUT_CSV [--conf FILE] [--compare]");
      System.exit(2);
    }
    Optional<File> conf = Optional.empty();
    boolean compare = false;
    for (int i = 3; i < args.length; i++) {
      if (args[i].equals("--compare")) {
        compare = true;
      } else if (args[i].equals("--conf") && i + 1 < args.length) {
        conf = Optional.of(new File(args[++i]));
      } else {
        throw new IllegalArgumentException("unknown argument: " + args[i]);
      }
    }
    DuckDbScorecard job = new DuckDbScorecard(LocalDate.parse(args[0]), Path.of(args[1]).toAbsolutePath(),
        SettingsLoader.load(conf));
    Path out = Path.of(args[2]).toAbsolutePath();

    long started = System.nanoTime();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
      long rows = job.compute(st, out);
      System.out.printf("duckdb %s: %.1f s, %d rows%n", job.date, (System.nanoTime() - started) / 1e9, rows);
      if (compare) {
        job.compare(st);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The scorecard

  /** Runs every step, writes the CSV, returns its row count. */
  private long compute(Statement st, Path out) throws SQLException, IOException {
    // Spark runs with a UTC session time zone: dates of timestamps are UTC dates here too.
    st.execute("SET TimeZone = 'UTC'");
    registerBronze(st);
    for (String step : List.of(EVENTS, SESSION_EVENTS, SESSIONS_RAW, IDENTITY_MAP, SESSIONS,
        taskEvents(), ATTEMPTS, CUSTOMER_DIM, RESPONSES, TICKETS, CHURN_BASE, PARTS, SCORECARD)) {
      long t = System.nanoTime();
      st.execute(bind(step));
      // Where DuckDB's time goes, for the benchmark's profile (stderr keeps stdout's lines stable).
      System.err.printf("duckdb step %-40s %6.1f s%n", step.strip().lines().findFirst().orElse(""),
          (System.nanoTime() - t) / 1e9);
    }
    st.execute("COPY (SELECT * FROM scorecard ORDER BY segment) TO " + literal(out.toString())
        + " (HEADER, DELIMITER ',')");
    return count(st, "SELECT count(*) FROM scorecard");
  }

  /**
   * Bronze events as the job last read them for the date's sessions: a night N rebuilds the
   * sessions of N − max-days + 1 … N from the events of N − max-days … N + max-days − 1, so the date
   * D is last rebuilt by night D + max-days − 1, from D − 1 … D + 2 × max-days − 2 (of these, the
   * days already loaded). The day before tells a session that began before D; the days after
   * complete (or make too long) the sessions that cross midnight. Consent-mode events (no device
   * id) belong to no session.
   */
  private static final String EVENTS = """
      CREATE TEMP TABLE events AS
      SELECT user_pseudo_id, user_id, ga_session_id, event_timestamp_us AS ts_us, event_name
      FROM bronze_ga4_events
      WHERE event_date BETWEEN DATE '${date}' - 1 AND DATE '${date}' + (2 * ${max_days} - 2)
        AND user_pseudo_id IS NOT NULL
      """;

  /**
   * WebSessions.assignSessions: the export's ga_session_id where present; otherwise a new session
   * after a gap longer than session.timeout, keyed by its first event's time.
   */
  private static final String SESSION_EVENTS = """
      CREATE TEMP TABLE session_events AS
      WITH gaps AS (
        SELECT *, ts_us - lag(ts_us) OVER device AS gap
        FROM events
        WINDOW device AS (PARTITION BY user_pseudo_id, ga_session_id IS NULL ORDER BY ts_us, event_name)
      ), numbered AS (
        SELECT *, sum(CASE WHEN gap IS NULL OR gap > ${timeout_us} THEN 1 ELSE 0 END) OVER (
            PARTITION BY user_pseudo_id, ga_session_id IS NULL ORDER BY ts_us, event_name
            ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS gap_seq
        FROM gaps
      )
      SELECT user_pseudo_id || ':' || CASE
            WHEN ga_session_id IS NOT NULL THEN ga_session_id::VARCHAR
            ELSE 't.' || min(ts_us) OVER (PARTITION BY user_pseudo_id, ga_session_id IS NULL, gap_seq)::VARCHAR
          END AS session_id,
        user_pseudo_id, user_id, ts_us, event_name
      FROM numbered
      """;

  /**
   * WebSessions.build, only the columns the scorecard uses; sessions of the date, without those
   * longer than max-days (quarantined by the job). The last login seen in a session identifies it.
   */
  private static final String SESSIONS_RAW = """
      CREATE TEMP TABLE sessions_raw AS
      WITH s AS (
        SELECT session_id, user_pseudo_id,
          min(ts_us) AS start_us,
          max(ts_us) AS end_us,
          count(*) FILTER (WHERE event_name = ${page_view}) AS page_views,
          count(*) FILTER (WHERE event_name IN ${conversion}) AS conversion_events,
          count(*) FILTER (WHERE event_name = ${add_to_cart}) AS add_to_cart_events,
          count(*) FILTER (WHERE event_name = ${purchase}) AS purchase_events,
          count(*) FILTER (WHERE event_name IN ${errors}) AS error_events,
          arg_max(user_id, ts_us) FILTER (WHERE user_id IS NOT NULL) AS user_id
        FROM session_events
        GROUP BY session_id, user_pseudo_id
      )
      SELECT *, make_timestamp(start_us) AS session_start_at, (end_us - start_us) / 1000000.0::DOUBLE AS duration_s
      FROM s
      WHERE make_timestamp(start_us)::DATE = DATE '${date}'
        AND NOT (end_us - start_us) / 1000000.0::DOUBLE > ${max_days} * 86400.0::DOUBLE
      """;

  /**
   * silver.identity_map: every device × customer login with first and last sighting. The job merges
   * each night's links, only ever widening them, so the table holds the links of all loaded events.
   */
  private static final String IDENTITY_MAP = """
      CREATE TEMP TABLE identity_map AS
      SELECT user_pseudo_id, user_id AS customer_id,
        make_timestamp(min(event_timestamp_us)) AS first_seen_at,
        make_timestamp(max(event_timestamp_us)) AS last_seen_at
      FROM bronze_ga4_events
      WHERE user_id IS NOT NULL AND user_pseudo_id IS NOT NULL
      GROUP BY ALL
      """;

  /**
   * WebSessions.withCustomer: the session's own login; else the customer last seen on the device
   * at or before the session start; else the first to log in within lookback-days after it.
   */
  private static final String SESSIONS = """
      CREATE TEMP TABLE sessions AS
      WITH candidates AS (
        SELECT s.*, m.customer_id AS m_customer, m.first_seen_at AS m_first, m.last_seen_at AS m_last,
          m.first_seen_at <= s.session_start_at AS m_before
        FROM sessions_raw s
        -- Only comparisons in the ON clause: an OR or an IS NULL there turns DuckDB's hash join
        -- into a nested-loop join (29 s instead of 1 s at profile S). A link seen before the
        -- session, or first seen within the look-back after it: first_seen <= start + look-back.
        LEFT JOIN identity_map m
          ON m.user_pseudo_id = CASE WHEN s.user_id IS NULL THEN s.user_pseudo_id END
          AND m.first_seen_at <= s.session_start_at + INTERVAL (${lookback_days}) DAY
      )
      SELECT *, coalesce(user_id, m_customer) AS customer_id
      FROM candidates
      QUALIFY row_number() OVER (PARTITION BY session_id ORDER BY
          CASE WHEN m_before THEN 0 ELSE 1 END,
          CASE WHEN m_before THEN (CASE WHEN m_last <= session_start_at THEN m_last ELSE m_first END) END
            DESC NULLS LAST,
          m_first ASC NULLS FIRST,
          m_customer ASC NULLS FIRST) = 1
      """;

  /** Each configured task's start / success / failure events of the date's sessions. */
  private String taskEvents() {
    List<String> perTask = new ArrayList<>();
    for (Settings.TaskDefinition t : settings.tasks()) {
      perTask.add("""
          SELECT session_id, %s AS task_name, ts_us, CASE
              WHEN event_name IN %s THEN 'start'
              WHEN event_name IN %s THEN 'success'
              WHEN event_name IN %s THEN 'failure' END AS kind,
            %d AS timeout_us
          FROM session_events WHERE event_name IN %s"""
          .formatted(literal(t.name()), list(t.start()), list(t.success()), list(t.failure()),
              t.timeoutSeconds() * 1_000_000L, list(concat(t.start(), t.success(), t.failure()))));
    }
    return """
        CREATE TEMP TABLE task_events AS
        WITH e AS (
        %s
        )
        SELECT e.*, s.end_us AS session_end_us,
          -- TaskAttempts.sequence: time order, a start before an outcome at the same instant.
          row_number() OVER (PARTITION BY e.session_id, task_name
              ORDER BY ts_us, CASE WHEN kind = 'start' THEN 0 ELSE 1 END, kind) AS rn,
          count(*) OVER (PARTITION BY e.session_id, task_name) AS n_events
        FROM e JOIN sessions s USING (session_id)
        """.formatted(String.join("\nUNION ALL\n", perTask));
  }

  /**
   * TaskAttempts.sequence as a recursive walk over each session's task events, one event per
   * step, carrying the open attempt's start. A step emits at most one attempt: the open one timing
   * out before the event, or ended by the event's success / failure. An attempt still open after
   * the last event ends with the session (abandoned) or its timeout.
   */
  private static final String ATTEMPTS = """
      CREATE TEMP TABLE attempts AS
      WITH RECURSIVE walk(session_id, task_name, rn, open_start, a_start, a_end, a_outcome, a_outcome_us) AS (
        SELECT session_id, task_name, 0, NULL::BIGINT, NULL::BIGINT, NULL::BIGINT, NULL::VARCHAR, NULL::BIGINT
        FROM task_events WHERE rn = 1
        UNION ALL
        SELECT session_id, task_name, rn,
          -- the attempt open after this event
          CASE WHEN kind <> 'start' THEN NULL WHEN open_start IS NULL OR expired THEN ts_us ELSE open_start END,
          -- the attempt this event ends, if any: timed out before it, or closed by its outcome
          CASE WHEN expired OR (open_start IS NOT NULL AND kind <> 'start') THEN open_start END,
          CASE WHEN expired THEN open_start + timeout_us WHEN open_start IS NOT NULL AND kind <> 'start' THEN ts_us END,
          CASE WHEN expired THEN 'timeout' WHEN open_start IS NOT NULL AND kind <> 'start' THEN kind END,
          CASE WHEN NOT expired AND open_start IS NOT NULL AND kind <> 'start' THEN ts_us END
        FROM (
          SELECT e.*, w.open_start, coalesce(e.ts_us - w.open_start > e.timeout_us, false) AS expired
          FROM walk w
          JOIN task_events e ON e.session_id = w.session_id AND e.task_name = w.task_name AND e.rn = w.rn + 1
        )
      ), ended AS (
        SELECT session_id, task_name, rn, a_start AS start_us, a_end AS end_us, a_outcome AS outcome,
          a_outcome_us AS outcome_us
        FROM walk WHERE a_start IS NOT NULL
        UNION ALL
        -- still open after the task's last event of the session
        SELECT session_id, task_name, rn + 1, open_start,
          CASE WHEN session_end_us - open_start > timeout_us THEN open_start + timeout_us ELSE session_end_us END,
          CASE WHEN session_end_us - open_start > timeout_us THEN 'timeout' ELSE 'abandoned' END,
          NULL
        FROM walk JOIN task_events USING (session_id, task_name, rn)
        WHERE open_start IS NOT NULL AND rn = n_events
      )
      SELECT a.*, make_timestamp(a.start_us) AS started_at, s.customer_id,
        a.outcome = 'success' AS is_success,
        CASE WHEN a.outcome = 'success' THEN (a.outcome_us - a.start_us) / 1000000.0::DOUBLE END AS time_on_task_s
      FROM ended a JOIN sessions s USING (session_id)
      """;

  /**
   * silver.customer_dim (CustomerDimension.versions) from every snapshot in bronze: a version
   * starts at the first snapshot whose tracked attributes differ from the previous one; the first
   * reaches back to the signup date. The email enters as a hash of the normalized address, as the
   * job's keyed hash does (no key needed: only its changes matter here).
   */
  private static final String CUSTOMER_DIM = """
      CREATE TEMP TABLE customer_dim AS
      WITH snapshots AS (
        SELECT *, concat_ws('|',
            coalesce(sha256(nullif(lower(trim(email)), '')), chr(0)), coalesce(segment, chr(0)),
            coalesce(plan, chr(0)), coalesce(region, chr(0)), coalesce(signup_date::VARCHAR, chr(0)),
            coalesce(status, chr(0)), is_churned::VARCHAR, coalesce(churn_date::VARCHAR, chr(0)),
            coalesce(lifetime_value::VARCHAR, chr(0)), coalesce(owner, chr(0))) AS tracked
        FROM (SELECT *, ${is_churned} AS is_churned FROM bronze_crm_customers)
      ), changes AS (
        SELECT * FROM snapshots
        QUALIFY lag(tracked) OVER (PARTITION BY customer_id ORDER BY snapshot_date) IS DISTINCT FROM tracked
      )
      SELECT customer_id, segment,
        CASE WHEN row_number() OVER w = 1 AND signup_date IS NOT NULL
          THEN least(snapshot_date::TIMESTAMP, signup_date::TIMESTAMP) ELSE snapshot_date::TIMESTAMP END AS valid_from,
        (lead(snapshot_date) OVER w)::TIMESTAMP AS valid_to
      FROM changes
      WINDOW w AS (PARTITION BY customer_id ORDER BY snapshot_date)
      """;

  /**
   * silver.survey_response (SurveyResponses.build), per export date as the job replaces it: one
   * row per response with its score on the metric's scale and the category flags.
   */
  private static final String RESPONSES = """
      CREATE TEMP TABLE responses AS
      WITH r AS (
        SELECT export_date, response_id, customer_ref AS customer_id, survey_type,
          max(responded_at) AS responded_at,
          max(score) AS single_score,
          sum(CASE WHEN survey_type = 'SUS' THEN CASE
              WHEN TRY_CAST(regexp_extract(item, '^sus_(\\d+)$', 1) AS INTEGER) % 2 = 1 THEN score - 1
              ELSE 5 - score END END) AS sus_sum,
          count(*) AS items_answered
        FROM bronze_survey_answers
        GROUP BY export_date, response_id, customer_ref, survey_type
      )
      SELECT customer_id, survey_type, responded_at,
        CASE WHEN survey_type = 'SUS' THEN CASE
            WHEN items_answered = 10 THEN sus_sum * 2.5::DOUBLE
            WHEN items_answered = 9 THEN sus_sum * 100.0::DOUBLE / 36.0::DOUBLE END
          ELSE single_score::DOUBLE END AS score,
        CASE WHEN survey_type = 'NPS' THEN single_score >= 9 END AS is_promoter,
        CASE WHEN survey_type = 'NPS' THEN single_score <= 6 END AS is_detractor,
        CASE WHEN survey_type = 'CSAT' THEN single_score >= 4 END AS is_satisfied,
        CASE WHEN survey_type = 'CES' THEN single_score >= 5 END AS is_easy
      FROM r
      WHERE responded_at::DATE = DATE '${date}'
      """;

  /** silver.support_ticket: each ticket's latest exported state (the job merges newer exports over older). */
  private static final String TICKETS = """
      CREATE TEMP TABLE tickets AS
      SELECT customer_id, opened_at, is_reopened,
        (epoch_us(first_response_at) - epoch_us(opened_at)) / 60000000.0::DOUBLE AS first_response_min,
        (epoch_us(closed_at) - epoch_us(opened_at)) / 60000000.0::DOUBLE / 60.0::DOUBLE AS resolution_h
      FROM (
        SELECT * FROM bronze_crm_tickets
        QUALIFY row_number() OVER (PARTITION BY ticket_id ORDER BY export_date DESC) = 1
      )
      WHERE opened_at::DATE = DATE '${date}'
      """;

  /**
   * SegmentScorecard.churnBase for one day: the date's snapshot; the segment of the customer_dim
   * version valid at the day's start (the earliest version not ended by then; without any, the
   * snapshot's); churned only among those active at the start.
   */
  private static final String CHURN_BASE = """
      CREATE TEMP TABLE churn_base AS
      WITH base AS (
        SELECT customer_id, segment,
          (signup_date IS NULL OR signup_date < DATE '${date}')
            AND ((churn_date IS NULL AND NOT is_churned) OR coalesce(churn_date >= DATE '${date}', false))
            AS active_at_start,
          coalesce(churn_date >= DATE '${date}' AND churn_date < DATE '${date}' + 1, false) AS churned_on_date
        FROM (SELECT *, ${is_churned} AS is_churned FROM bronze_crm_customers)
        WHERE snapshot_date = DATE '${date}'
      ), at_start AS (
        SELECT customer_id, arg_min(segment, valid_from) AS start_segment
        FROM customer_dim
        WHERE coalesce(valid_to, 'infinity'::TIMESTAMP) > DATE '${date}'::TIMESTAMP
        GROUP BY customer_id
      )
      SELECT coalesce(a.start_segment, b.segment) AS segment, b.active_at_start,
        b.active_at_start AND b.churned_on_date AS churned_in_period
      FROM base b LEFT JOIN at_start a USING (customer_id)
      """;

  /**
   * The five aggregates of SegmentScorecard.build, each per segment plus "(all)" (a grouping set
   * on the date alone: no facts of a kind, no "(all)" row of that kind, as with Spark's ROLLUP).
   * Facts are put in the segment of the customer_dim version valid when they happened.
   */
  private static final String PARTS = """
      CREATE TEMP TABLE part_web AS
      SELECT coalesce(seg, '${all}') AS segment,
        count(*) AS sessions,
        count(*) FILTER (WHERE duration_s > ${engaged_s} OR page_views >= 2 OR conversion_events >= 1)
          AS engaged_sessions,
        count(*) FILTER (WHERE conversion_events > 0) AS converted_sessions,
        count(*) FILTER (WHERE add_to_cart_events > 0) AS add_to_cart_sessions,
        count(*) FILTER (WHERE add_to_cart_events > 0 AND purchase_events > 0) AS cart_purchase_sessions,
        sum(error_events) AS error_events,
        count(*) FILTER (WHERE error_events > 0) AS sessions_with_error
      FROM (SELECT f.*, DATE '${date}' AS fact_date, ${segment} FROM sessions f ${dim_join(session_start_at)})
      GROUP BY GROUPING SETS ((fact_date, seg), (fact_date));

      CREATE TEMP TABLE part_tasks AS
      SELECT coalesce(seg, '${all}') AS segment,
        count(*) AS task_attempts,
        count(*) FILTER (WHERE is_success) AS task_successes,
        quantile_cont(time_on_task_s, 0.5) AS time_on_task_median_s,
        quantile_cont(time_on_task_s, 0.9) AS time_on_task_p90_s,
        count(*) FILTER (WHERE task_name = ${composite_task}) AS composite_task_attempts,
        count(*) FILTER (WHERE task_name = ${composite_task} AND is_success) AS composite_task_successes
      FROM (SELECT f.*, DATE '${date}' AS fact_date, ${segment} FROM attempts f ${dim_join(started_at)})
      GROUP BY GROUPING SETS ((fact_date, seg), (fact_date));

      CREATE TEMP TABLE part_surveys AS
      SELECT coalesce(seg, '${all}') AS segment,
        count(*) FILTER (WHERE survey_type = 'NPS') AS nps_n,
        count(*) FILTER (WHERE is_promoter) AS nps_promoters,
        count(*) FILTER (WHERE is_detractor) AS nps_detractors,
        count(*) FILTER (WHERE survey_type = 'CSAT') AS csat_n,
        count(*) FILTER (WHERE is_satisfied) AS csat_satisfied,
        count(*) FILTER (WHERE survey_type = 'CES') AS ces_n,
        avg(score) FILTER (WHERE survey_type = 'CES') AS ces_mean_all,
        count(*) FILTER (WHERE is_easy) AS ces_easy,
        count(*) FILTER (WHERE survey_type = 'SUS') AS sus_n,
        avg(score) FILTER (WHERE survey_type = 'SUS') AS sus_mean_all
      FROM (SELECT f.*, DATE '${date}' AS fact_date, ${segment} FROM responses f ${dim_join(responded_at)})
      GROUP BY GROUPING SETS ((fact_date, seg), (fact_date));

      CREATE TEMP TABLE part_support AS
      SELECT coalesce(seg, '${all}') AS segment,
        count(*) AS tickets_opened,
        count(DISTINCT customer_id) AS customers_with_ticket,
        count(*) FILTER (WHERE is_reopened) AS tickets_reopened,
        quantile_cont(first_response_min, 0.5) AS first_response_min_median,
        quantile_cont(first_response_min, 0.9) AS first_response_min_p90,
        quantile_cont(resolution_h, 0.5) AS resolution_h_median,
        quantile_cont(resolution_h, 0.9) AS resolution_h_p90
      FROM (SELECT f.*, DATE '${date}' AS fact_date, ${segment} FROM tickets f ${dim_join(opened_at)})
      GROUP BY GROUPING SETS ((fact_date, seg), (fact_date));

      CREATE TEMP TABLE part_churn AS
      SELECT coalesce(seg, '${all}') AS segment,
        count(*) FILTER (WHERE active_at_start) AS customers_active_at_start,
        count(*) FILTER (WHERE churned_in_period) AS customers_churned
      FROM (SELECT *, segment AS seg, DATE '${date}' AS fact_date FROM churn_base)
      GROUP BY GROUPING SETS ((fact_date, seg), (fact_date));
      """;

  /**
   * The gold row per segment, column for column as SegmentScorecard.build: counts absent from a
   * part are 0 (KeyedMerge), rates NULL over nothing, survey scores NULL below min-sample. The
   * constants are the job's own doubles (Metrics.Z95, weights), so the arithmetic is the same.
   */
  private static final String SCORECARD = """
      CREATE TEMP TABLE merged AS
      SELECT segment,
        coalesce(sessions, 0) AS sessions, coalesce(engaged_sessions, 0) AS engaged_sessions,
        coalesce(converted_sessions, 0) AS converted_sessions,
        coalesce(add_to_cart_sessions, 0) AS add_to_cart_sessions,
        coalesce(cart_purchase_sessions, 0) AS cart_purchase_sessions,
        coalesce(error_events, 0)::BIGINT AS error_events, coalesce(sessions_with_error, 0) AS sessions_with_error,
        coalesce(task_attempts, 0) AS task_attempts, coalesce(task_successes, 0) AS task_successes,
        time_on_task_median_s, time_on_task_p90_s,
        coalesce(nps_n, 0) AS nps_n, coalesce(nps_promoters, 0) AS nps_promoters,
        coalesce(nps_detractors, 0) AS nps_detractors,
        coalesce(csat_n, 0) AS csat_n, coalesce(csat_satisfied, 0) AS csat_satisfied,
        coalesce(ces_n, 0) AS ces_n, ces_mean_all, coalesce(ces_easy, 0) AS ces_easy,
        coalesce(sus_n, 0) AS sus_n, sus_mean_all,
        coalesce(tickets_opened, 0) AS tickets_opened, coalesce(tickets_reopened, 0) AS tickets_reopened,
        coalesce(customers_with_ticket, 0) AS customers_with_ticket,
        first_response_min_median, first_response_min_p90, resolution_h_median, resolution_h_p90,
        coalesce(customers_active_at_start, 0) AS customers_active_at_start,
        coalesce(customers_churned, 0) AS customers_churned,
        coalesce(composite_task_attempts, 0) AS composite_task_attempts,
        coalesce(composite_task_successes, 0) AS composite_task_successes
      FROM (SELECT segment FROM part_web UNION SELECT segment FROM part_tasks
            UNION SELECT segment FROM part_surveys UNION SELECT segment FROM part_support
            UNION SELECT segment FROM part_churn) k
      LEFT JOIN part_web USING (segment) LEFT JOIN part_tasks USING (segment)
      LEFT JOIN part_surveys USING (segment) LEFT JOIN part_support USING (segment)
      LEFT JOIN part_churn USING (segment);

      CREATE MACRO ratio(num, den) AS CASE WHEN den > 0 THEN num::DOUBLE / den::DOUBLE END;
      CREATE MACRO unless_small(v, n) AS CASE WHEN n >= ${min_sample} THEN v END;
      CREATE MACRO nps_half(p_count, d_count, n) AS CASE WHEN n > 0 THEN ${z100} * sqrt(
          (p_count::DOUBLE / n + d_count::DOUBLE / n - pow(p_count::DOUBLE / n - d_count::DOUBLE / n, 2)) / n) END;
      CREATE MACRO wilson(k, n, dir) AS CASE WHEN n > 0 THEN
          (k::DOUBLE / n::DOUBLE + ${z2} / (n::DOUBLE * 2)
            + ${z} * sqrt((k::DOUBLE / n::DOUBLE) * (1.0::DOUBLE - k::DOUBLE / n::DOUBLE) / n::DOUBLE
                + ${z2} / (n::DOUBLE * n::DOUBLE * 4)) * dir)
          / (1.0::DOUBLE + ${z2} / n::DOUBLE) END;

      CREATE TEMP TABLE scorecard AS
      WITH scored AS (
        SELECT *,
          unless_small(CASE WHEN nps_n > 0 THEN 100.0::DOUBLE * (nps_promoters - nps_detractors) / nps_n::DOUBLE END,
            nps_n) AS nps,
          nps_half(nps_promoters, nps_detractors, nps_n) AS nps_half,
          ratio(task_successes, task_attempts) AS task_success_rate
        FROM merged
      )
      SELECT DATE '${date}' AS scorecard_date, segment,
        sessions, engaged_sessions, 1.0::DOUBLE - ratio(engaged_sessions, sessions) AS bounce_rate,
        converted_sessions, ratio(converted_sessions, sessions) AS conversion_rate,
        add_to_cart_sessions, cart_purchase_sessions,
        1.0::DOUBLE - ratio(cart_purchase_sessions, add_to_cart_sessions) AS cart_abandonment_rate,
        error_events, sessions_with_error,
        ratio(error_events, sessions) AS errors_per_session,
        ratio(sessions_with_error, sessions) AS error_session_rate,
        task_attempts, task_successes, task_success_rate, time_on_task_median_s, time_on_task_p90_s,
        nps_n, nps_promoters, nps_detractors, nps,
        unless_small(nps - nps_half, nps_n) AS nps_ci_low,
        unless_small(nps + nps_half, nps_n) AS nps_ci_high,
        nps_n < ${min_sample} AS nps_suppressed,
        csat_n, csat_satisfied,
        unless_small(ratio(csat_satisfied, csat_n), csat_n) AS csat,
        unless_small(wilson(csat_satisfied, csat_n, -1), csat_n) AS csat_ci_low,
        unless_small(wilson(csat_satisfied, csat_n, 1), csat_n) AS csat_ci_high,
        csat_n < ${min_sample} AS csat_suppressed,
        ces_n, unless_small(ces_mean_all, ces_n) AS ces_mean,
        unless_small(ratio(ces_easy, ces_n), ces_n) AS ces_easy_share,
        ces_n < ${min_sample} AS ces_suppressed,
        sus_n, unless_small(sus_mean_all, sus_n) AS sus_mean, sus_n < ${min_sample} AS sus_suppressed,
        tickets_opened, first_response_min_median, first_response_min_p90,
        resolution_h_median, resolution_h_p90,
        ratio(tickets_reopened, tickets_opened) AS reopen_rate,
        customers_active_at_start, customers_churned,
        ratio(customers_churned, customers_active_at_start) AS churn_rate,
        ${w_ux100} * unless_small(ratio(composite_task_successes, composite_task_attempts), composite_task_attempts)
          + ${w_cx} * (nps + 100.0::DOUBLE) / 2.0::DOUBLE AS composite_score,
        customers_with_ticket, ratio(tickets_opened, customers_active_at_start) AS tickets_per_customer,
        ${composite_task} AS composite_task, composite_task_attempts, composite_task_successes,
        unless_small(ratio(composite_task_successes, composite_task_attempts), composite_task_attempts)
          AS composite_task_success_rate,
        unless_small(wilson(composite_task_successes, composite_task_attempts, -1), composite_task_attempts)
          AS composite_task_success_rate_ci_low,
        unless_small(wilson(composite_task_successes, composite_task_attempts, 1), composite_task_attempts)
          AS composite_task_success_rate_ci_high,
        composite_task_attempts < ${min_sample} AS composite_task_success_suppressed
      FROM scored
      """;

  /** A fact's segment: anonymous without a customer, unknown without a dim version at its time. */
  private static final String SEGMENT_EXPR =
      "CASE WHEN f.customer_id IS NULL THEN '" + Segments.ANONYMOUS + "' "
          + "ELSE coalesce(d.segment, '" + Segments.UNKNOWN + "') END AS seg";

  /** Segments.attach: the customer_dim version valid at the fact's timestamp. */
  private static String dimJoin(String timeColumn) {
    // Comparisons only (no OR): DuckDB then hashes on the customer id instead of a nested loop.
    return "LEFT JOIN customer_dim d ON d.customer_id = f.customer_id AND f.%1$s >= d.valid_from "
        .formatted(timeColumn) + "AND f.%1$s < coalesce(d.valid_to, 'infinity'::TIMESTAMP)".formatted(timeColumn);
  }

  // ---------------------------------------------------------------------------------------------
  // Comparison with the job's gold table

  private void compare(Statement st) throws SQLException, IOException {
    st.execute("CREATE TEMP VIEW spark_gold AS SELECT * FROM "
        + parquetOf(st, warehouse.resolve("gold/segment_scorecard_day"), "scorecard_date")
        + " WHERE scorecard_date = DATE '" + date + "'");
    try (ResultSet r = st.executeQuery("""
        SELECT count(*) FILTER (WHERE d.segment IS NOT NULL AND s.segment IS NOT NULL),
          string_agg(d.segment, ', ') FILTER (WHERE s.segment IS NULL),
          string_agg(s.segment, ', ') FILTER (WHERE d.segment IS NULL)
        FROM scorecard d FULL JOIN spark_gold s ON d.segment = s.segment""")) {
      r.next();
      System.out.printf("segments in both: %d; only duckdb: %s; only spark: %s%n", r.getLong(1),
          r.getString(2), r.getString(3));
    }
    System.out.printf("%-28s %8s %14s %12s%n", "column", "compared", "null mismatch", "max |diff|");
    for (String c : metricColumns(st)) {
      try (ResultSet r = st.executeQuery("""
          SELECT count(*) FILTER (WHERE a IS NOT NULL AND b IS NOT NULL),
            count(*) FILTER (WHERE (a IS NULL) <> (b IS NULL)),
            max(abs(a - b))
          FROM (SELECT (d.%1$s)::INTEGER::DOUBLE AS a, (s.%1$s)::INTEGER::DOUBLE AS b
                FROM scorecard d JOIN spark_gold s USING (segment))"""
          .formatted(c).replace("::INTEGER::DOUBLE", isBoolean(st, c) ? "::INTEGER::DOUBLE" : "::DOUBLE"))) {
        r.next();
        long compared = r.getLong(1);
        long nullMismatch = r.getLong(2);
        double diff = r.getDouble(3);
        String shown = r.wasNull() ? "-" : diff == 0 ? "0" : String.format("%.3g", diff);
        System.out.printf("%-28s %8d %14d %12s%n", c, compared, nullMismatch, shown);
      }
    }
  }

  /** The scorecard's metric columns (all but the key and the composite task's name), in table order. */
  private static List<String> metricColumns(Statement st) throws SQLException {
    List<String> columns = new ArrayList<>();
    try (ResultSet r = st.executeQuery("SELECT column_name FROM (DESCRIBE scorecard)")) {
      while (r.next()) {
        if (!List.of("scorecard_date", "segment", "composite_task").contains(r.getString(1))) {
          columns.add(r.getString(1));
        }
      }
    }
    return columns;
  }

  private static boolean isBoolean(Statement st, String column) throws SQLException {
    try (ResultSet r = st.executeQuery(
        "SELECT column_type FROM (DESCRIBE scorecard) WHERE column_name = " + literal(column))) {
      r.next();
      return r.getString(1).equals("BOOLEAN");
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Reading Delta tables as Parquet

  /** Views over the bronze tables: only the columns used, typed, of the live files only. */
  private void registerBronze(Statement st) throws SQLException, IOException {
    view(st, "bronze_ga4_events", "bronze/ga4_events", "event_date",
        "event_date, event_timestamp_us, event_name, user_id, user_pseudo_id, ga_session_id");
    view(st, "bronze_crm_customers", "bronze/crm_customers", "snapshot_date",
        "snapshot_date, customer_id, email, segment, plan, region, signup_date, status, churn_date, "
            + "lifetime_value, owner");
    view(st, "bronze_crm_tickets", "bronze/crm_tickets", "export_date",
        "export_date, ticket_id, customer_id, opened_at::TIMESTAMP AS opened_at, "
            + "first_response_at::TIMESTAMP AS first_response_at, closed_at::TIMESTAMP AS closed_at, is_reopened");
    view(st, "bronze_survey_answers", "bronze/survey_answers", "export_date",
        "export_date, response_id, customer_ref, survey_type, item, score, "
            + "responded_at::TIMESTAMP AS responded_at");
  }

  private void view(Statement st, String name, String table, String partitionColumn, String columns)
      throws SQLException, IOException {
    st.execute("CREATE TEMP VIEW " + name + " AS SELECT " + columns + " FROM "
        + parquetOf(st, warehouse.resolve(table), partitionColumn));
  }

  /**
   * A read_parquet over the table's live files, with its date partition column taken from the
   * file paths (Spark does not write partition columns into the files).
   */
  private static String parquetOf(Statement st, Path table, String partitionColumn)
      throws SQLException, IOException {
    List<String> files = liveFiles(st, table);
    if (files.isEmpty()) {
      throw new IllegalStateException("no data files in " + table);
    }
    return "read_parquet([" + files.stream().map(DuckDbScorecard::literal).collect(Collectors.joining(", "))
        + "], hive_partitioning = true, hive_types = {'" + partitionColumn + "': DATE})";
  }

  /**
   * The table's current data files: the adds of the JSON commits minus their removes (Delta file
   * names are unique, so a removed file never comes back). When the log was cleaned up (no
   * version 0), the state starts from the last classic checkpoint instead.
   */
  static List<String> liveFiles(Statement st, Path table) throws SQLException, IOException {
    Path log = table.resolve("_delta_log");
    long from = -1;
    String checkpointAdds = "SELECT NULL::VARCHAR AS path, NULL::VARCHAR AS dv WHERE false";
    if (!Files.exists(log.resolve("%020d.json".formatted(0)))) {
      from = lastCheckpoint(log);
      checkpointAdds = "SELECT add.path, add.deletionVector::VARCHAR FROM read_parquet(%s) WHERE add IS NOT NULL"
          .formatted(literal(log.resolve("%020d.checkpoint.parquet".formatted(from)).toString()));
    }
    String sql = """
        WITH commits AS (
          SELECT add, remove FROM read_json(%s, format = 'newline_delimited', filename = true, columns = {
              'add': 'STRUCT(path VARCHAR, deletionVector JSON)', 'remove': 'STRUCT(path VARCHAR)'})
          WHERE regexp_extract(filename, '(\\d{20})\\.json$', 1)::BIGINT > %d
        ), adds AS (
          %s
          UNION ALL SELECT add.path, add.deletionVector::VARCHAR FROM commits WHERE add IS NOT NULL
        )
        SELECT path, dv FROM adds
        WHERE path NOT IN (SELECT remove.path FROM commits WHERE remove IS NOT NULL)
        """.formatted(literal(log.resolve("*.json").toString()), from, checkpointAdds);
    List<String> files = new ArrayList<>();
    try (ResultSet r = st.executeQuery(sql)) {
      while (r.next()) {
        if (r.getString(2) != null) {
          // Rows deleted by a deletion vector would still be in the Parquet file.
          throw new IllegalStateException(table + " uses deletion vectors; not supported here");
        }
        files.add(table.resolve(java.net.URLDecoder.decode(
            r.getString(1).replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8)).toString());
      }
    }
    return files;
  }

  /** Version of the last single-file checkpoint (_delta_log/_last_checkpoint). */
  private static long lastCheckpoint(Path log) throws IOException {
    Path pointer = log.resolve("_last_checkpoint");
    if (!Files.exists(pointer)) {
      throw new IllegalStateException("no version 0 and no checkpoint in " + log);
    }
    String json = Files.readString(pointer);
    if (json.contains("\"parts\"") || json.contains("v2Checkpoint")) {
      throw new IllegalStateException("multi-part / v2 checkpoints not supported: " + log);
    }
    Matcher m = Pattern.compile("\"version\"\\s*:\\s*(\\d+)").matcher(json);
    if (!m.find()) {
      throw new IllegalStateException("unreadable " + pointer);
    }
    return Long.parseLong(m.group(1));
  }

  // ---------------------------------------------------------------------------------------------
  // SQL text helpers

  /** Fills the ${name} placeholders of a step with the date and the job's settings. */
  private String bind(String sql) {
    Settings.WebEventSettings w = settings.webEvents();
    Map<String, String> values = Map.ofEntries(
        Map.entry("date", date.toString()),
        Map.entry("max_days", Integer.toString(settings.session().maxDays())),
        Map.entry("timeout_us", Long.toString(settings.session().timeoutSeconds() * 1_000_000L)),
        Map.entry("engaged_s", Long.toString(settings.session().engagedMinSeconds())),
        Map.entry("lookback_days", Integer.toString(settings.link().identityLookbackDays())),
        Map.entry("page_view", literal(w.pageView())),
        Map.entry("conversion", list(w.conversion())),
        Map.entry("add_to_cart", literal(w.addToCart())),
        Map.entry("purchase", literal(w.purchase())),
        Map.entry("errors", list(w.errors())),
        // CustomerSnapshots.build: churned by status or by a churn date on or before the snapshot.
        Map.entry("is_churned", "(coalesce(lower(status) IN " + list(settings.sources().churnedStatuses())
            + ", false) OR coalesce(churn_date <= snapshot_date, false))"),
        Map.entry("min_sample", Integer.toString(settings.metrics().minSample())),
        // The job's own double constants, bit for bit (Metrics.Z95 × 100 is not exactly 196).
        Map.entry("z", dbl(Metrics.Z95)),
        Map.entry("z2", dbl(Metrics.Z95 * Metrics.Z95)),
        Map.entry("z100", dbl(Metrics.Z95 * 100.0)),
        Map.entry("w_ux100", dbl(settings.metrics().compositeWeightUx() * 100.0)),
        Map.entry("w_cx", dbl(settings.metrics().compositeWeightCx())),
        Map.entry("all", Segments.ALL),
        Map.entry("composite_task", literal(settings.metrics().compositeTask())),
        Map.entry("segment", SEGMENT_EXPR));
    Matcher joins = Pattern.compile("\\$\\{dim_join\\((\\w+)\\)}").matcher(sql);
    String out = joins.replaceAll(m -> Matcher.quoteReplacement(dimJoin(m.group(1))));
    for (Map.Entry<String, String> e : values.entrySet()) {
      out = out.replace("${" + e.getKey() + "}", e.getValue());
    }
    if (out.contains("${")) {
      throw new IllegalStateException("unbound placeholder in: " + out);
    }
    return out;
  }

  private static String literal(String s) {
    return "'" + s.replace("'", "''") + "'";
  }

  /** A double constant, parsed as one (a plain decimal literal would be a DECIMAL in DuckDB). */
  private static String dbl(double v) {
    return "CAST('" + v + "' AS DOUBLE)";
  }

  private static String list(List<String> values) {
    return values.isEmpty() ? "(NULL)" : values.stream().map(DuckDbScorecard::literal)
        .collect(Collectors.joining(", ", "(", ")"));
  }

  @SafeVarargs
  private static List<String> concat(List<String>... lists) {
    List<String> all = new ArrayList<>();
    for (List<String> l : lists) {
      all.addAll(l);
    }
    return all;
  }

  private static long count(Statement st, String sql) throws SQLException {
    try (ResultSet r = st.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }
}
