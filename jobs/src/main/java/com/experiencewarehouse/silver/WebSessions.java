package com.experiencewarehouse.silver;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_compact;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import com.experiencewarehouse.config.Settings.JourneyStage;
import com.experiencewarehouse.config.Settings.SessionSettings;
import com.experiencewarehouse.config.Settings.WebEventSettings;
import java.util.Collection;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * silver.web_session (METRICS.md "Session"): events of one device with gaps of at most
 * session.timeout, or the GA4 export's own ga_session_id where present. A session belongs to the
 * local day (xw.sources.web.time-zone) of its first event and is never split at midnight. It ends
 * at the latest event time plus that event's duration (duration_msec, given by visit-level exports
 * of other tools; none for GA4).
 */
public final class WebSessions {

  public static final String TABLE = "silver.web_session";

  private WebSessions() {}

  /**
   * Adds {@code session_id} to each event with a device id (input: bronze.ga4_events rows). One
   * window per device, so the events are shuffled once: the session rows (grouped by device and
   * session) and their task attempts (from {@link #build}'s task_events) need no other shuffle.
   */
  public static Dataset<Row> assignSessions(Dataset<Row> allEvents, SessionSettings s) {
    long timeoutUs = s.timeoutSeconds() * 1_000_000L;
    // Consent-mode events have no device to group by: no session (see gold.consent_mode_daily).
    Dataset<Row> events = allEvents.filter(col("user_pseudo_id").isNotNull());
    // A device's events with a ga_session_id first, then those without, each in time order.
    Column noGaSession = col("ga_session_id").isNull();
    Column ts = col("event_timestamp_us");
    WindowSpec byDevice = Window.partitionBy(col("user_pseudo_id")).orderBy(noGaSession, ts, col("event_name"));
    // Events without ga_session_id: a session starts at the first of them and after every gap
    // longer than the timeout; it is keyed by its first event's time.
    Column gap = ts.minus(lag(ts, 1).over(byDevice));
    Column startsGapSession = noGaSession.and(gap.isNull().or(gap.gt(timeoutUs))
        .or(lag(noGaSession, 1).over(byDevice).notEqual(noGaSession)));
    Column gapKey = concat_ws(".", lit("t"),
        max(col("_gap_start_us")).over(byDevice.rowsBetween(Window.unboundedPreceding(), 0)).cast("string"));
    Column sessionKey = when(col("ga_session_id").isNotNull(), col("ga_session_id").cast("string"))
        .otherwise(gapKey);
    return events
        .withColumn("_gap_start_us", when(startsGapSession, ts))
        .withColumn("session_id", concat_ws(":", col("user_pseudo_id"), sessionKey))
        .drop("_gap_start_us");
  }

  /**
   * bronze.ga4_events rows with {@code duration_msec}: a table written before that column existed
   * lacks it (its events have no duration), and sessions read it.
   */
  public static Dataset<Row> withDuration(Dataset<Row> events) {
    return java.util.Arrays.asList(events.columns()).contains("duration_msec") ? events
        : events.withColumn("duration_msec", lit(null).cast("bigint"));
  }

  /**
   * One row per session from session-tagged events, with {@code task_events}: the session's events
   * named in {@code taskEvents} (time and name), from which {@link TaskAttempts} finds attempts.
   */
  public static Dataset<Row> build(Dataset<Row> sessionEvents, SessionSettings s, WebEventSettings w,
      List<JourneyStage> stages, Collection<String> taskEvents) {
    return build(sessionEvents, s, w, stages, taskEvents, java.time.ZoneOffset.UTC);
  }

  /**
   * {@link #build(Dataset, SessionSettings, WebEventSettings, List, Collection)} with session_date
   * the local day of the first event in {@code zone} (xw.sources.web.time-zone).
   */
  public static Dataset<Row> build(Dataset<Row> sessionEvents, SessionSettings s, WebEventSettings w,
      List<JourneyStage> stages, Collection<String> taskEvents, java.time.ZoneId zone) {
    Column ts = col("event_timestamp_us");
    Column name = col("event_name");
    // Grouped by device first: the events are already partitioned by device (assignSessions).
    Dataset<Row> agg = sessionEvents.groupBy(col("user_pseudo_id"), col("session_id")).agg(
        min(ts).as("start_us"),
        // A visit-level row lasts its duration (another tool's export); a GA4 event has none.
        max(ts.plus(coalesce(col("duration_msec"), lit(0L)).multiply(1_000L))).as("end_us"),
        count(lit(1)).as("events"),
        count(when(name.equalTo(w.pageView()), 1)).as("page_views"),
        count(when(name.isin(w.conversion().toArray()), 1)).as("conversion_events"),
        count(when(name.equalTo(w.addToCart()), 1)).as("add_to_cart_events"),
        count(when(name.equalTo(w.purchase()), 1)).as("purchase_events"),
        count(when(name.isin(w.errors().toArray()), 1)).as("error_events"),
        // The last login seen in the session identifies it (a login mid-session counts).
        max_by(col("user_id"), when(col("user_id").isNotNull(), ts)).as("user_id"),
        min_by(col("page_location"), ts).as("landing_page"),
        min_by(col("device_category"), ts).as("device_category"),
        min_by(col("geo_country"), ts).as("geo_country"),
        min_by(col("traffic_source"), ts).as("traffic_source"),
        min_by(col("traffic_medium"), ts).as("traffic_medium"),
        journeyStages(name, stages).as("journey_stages"),
        collect_list(when(name.isin(taskEvents.toArray()), struct(ts.as("timestamp_us"), name.as("event_name"))))
            .as("task_events"));
    Column durationS = col("end_us").minus(col("start_us")).divide(1_000_000.0);
    return agg
        .withColumn("session_start_at", org.apache.spark.sql.functions.timestamp_micros(col("start_us")))
        .withColumn("session_end_at", org.apache.spark.sql.functions.timestamp_micros(col("end_us")))
        .withColumn("duration_s", durationS)
        .select(
            com.experiencewarehouse.spark.LocalDays.of(col("session_start_at"), zone).as("session_date"),
            col("session_id"),
            col("user_pseudo_id"),
            col("user_id"),
            col("session_start_at"),
            col("session_end_at"),
            col("duration_s"),
            col("events"),
            col("page_views"),
            col("conversion_events"),
            col("conversion_events").gt(0).as("is_converted"),
            col("add_to_cart_events").gt(0).as("has_add_to_cart"),
            col("purchase_events").gt(0).as("has_purchase"),
            col("error_events"),
            col("duration_s").gt(s.engagedMinSeconds())
                .or(col("page_views").geq(2))
                .or(col("conversion_events").geq(1)).as("is_engaged"),
            col("landing_page"),
            col("device_category"),
            col("geo_country"),
            col("traffic_source"),
            col("traffic_medium"),
            col("journey_stages"),
            col("task_events"));
  }

  /** The journey stages (in funnel order) whose events the session has; an aggregate. */
  static Column journeyStages(Column eventName, List<JourneyStage> stages) {
    if (stages.isEmpty()) {
      return lit(null).cast("array<string>");
    }
    Column[] reached = stages.stream()
        .map(st -> when(max(eventName.isin(st.events().toArray())), lit(st.name())))
        .toArray(Column[]::new);
    return array_compact(array(reached));
  }

  /** Sessions longer than session.max-days: quarantined, never counted. */
  public static Column isTooLong(SessionSettings s) {
    return col("duration_s").gt(s.maxDays() * 86_400.0);
  }

  /**
   * Adds {@code customer_id} and {@code identity_source}: the session's own login ("login"); else
   * the customer last seen logged in on the same device at or before the session start ("device",
   * so a shared device is attributed by time, never merged); else, reaching back, the first customer
   * to log in on the device within {@code lookbackDays} after the session ("stitched").
   */
  public static Dataset<Row> withCustomer(Dataset<Row> sessions, Dataset<Row> identityMap,
      int lookbackDays) {
    Dataset<Row> links = identityMap.select(
        col("user_pseudo_id").as("_m_device"), col("customer_id").as("_m_customer"),
        col("first_seen_at").as("_m_first_seen"), col("last_seen_at").as("_m_last_seen"));
    Column start = col("session_start_at");
    Column before = col("_m_first_seen").leq(start);
    Column after = col("_m_first_seen").gt(start)
        .and(col("_m_first_seen").leq(start.plus(org.apache.spark.sql.functions.expr(
            "make_dt_interval(" + lookbackDays + ")"))));
    Dataset<Row> joined = sessions.join(links,
        col("user_id").isNull()
            .and(col("user_pseudo_id").equalTo(col("_m_device")))
            .and(before.or(after)),
        "left_outer");
    // Links from before the session win, the most recent first: a customer's last sighting if it was
    // before the session start, else (seen again since) their first. Then the earliest later login.
    Column lastSeenBefore = when(col("_m_last_seen").leq(start), col("_m_last_seen"))
        .otherwise(col("_m_first_seen"));
    // By device and session: sessions stay partitioned by device (no shuffle of the sessions).
    WindowSpec pick = Window.partitionBy(col("user_pseudo_id"), col("session_id")).orderBy(
        when(before, 0).otherwise(1),
        when(before, lastSeenBefore).desc_nulls_last(),
        col("_m_first_seen"),
        col("_m_customer"));
    return joined
        .withColumn("_rank", row_number().over(pick))
        .filter(col("_rank").equalTo(1))
        .withColumn("customer_id", coalesce(col("user_id"), col("_m_customer")))
        .withColumn("identity_source", when(col("user_id").isNotNull(), lit("login"))
            .when(col("_m_customer").isNotNull().and(before), lit("device"))
            .when(col("_m_customer").isNotNull(), lit("stitched")))
        .drop("_m_device", "_m_customer", "_m_first_seen", "_m_last_seen", "_rank");
  }

  /**
   * Stored sessions (silver.web_session rows) attributed again with today's identity map: sessions
   * with their own login keep it; the others may now reach a customer who logged in since.
   */
  public static Dataset<Row> restitch(Dataset<Row> stored, Dataset<Row> identityMap, int lookbackDays) {
    Column ownLogin = coalesce(col("identity_source").equalTo("login"), lit(false));
    Dataset<Row> kept = output(stored.filter(ownLogin));
    Dataset<Row> others = stored.filter(ownLogin.unary_$bang())
        .drop("customer_id", "identity_source")
        .withColumn("user_id", lit(null).cast("string"));
    return kept.unionByName(output(withCustomer(others, identityMap, lookbackDays)));
  }

  /** The table's columns, in order (the contract BI reads). */
  public static Dataset<Row> output(Dataset<Row> sessionsWithCustomer) {
    return sessionsWithCustomer.select(
        col("session_date"), col("session_id"), col("user_pseudo_id"), col("customer_id"),
        col("identity_source"), col("session_start_at"), col("session_end_at"), col("duration_s"),
        col("events"), col("page_views"), col("conversion_events"), col("is_converted"),
        col("has_add_to_cart"), col("has_purchase"), col("error_events"), col("is_engaged"),
        col("landing_page"), col("device_category"), col("geo_country"), col("traffic_source"),
        col("traffic_medium"), col("journey_stages"));
  }
}
