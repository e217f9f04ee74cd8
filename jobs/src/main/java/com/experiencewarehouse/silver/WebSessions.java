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
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import com.experiencewarehouse.config.Settings.ChannelCondition;
import com.experiencewarehouse.config.Settings.ChannelGroupRule;
import com.experiencewarehouse.config.Settings.JourneyStage;
import com.experiencewarehouse.config.Settings.SessionSettings;
import com.experiencewarehouse.config.Settings.WebAnalyticsSettings;
import com.experiencewarehouse.config.Settings.WebEventSettings;
import java.util.Collection;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * silver.web_session (docs/metrics.md "Session"): events of one device with gaps of at most
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
    return build(sessionEvents, s, w, stages, taskEvents, zone, NO_WEB_ANALYTICS);
  }

  /** No kept query parameters, no revenue param, no carry-over, no channel rules. */
  static final WebAnalyticsSettings NO_WEB_ANALYTICS = new WebAnalyticsSettings(0, List.of(),
      java.util.Map.of(), "Unassigned", List.of(), "");

  /** The event columns sessions read that older bronze tables (and other tools' exports) may lack. */
  private static final List<String> OPTIONAL_TEXT = List.of("transaction_id", "page_referrer", "collected_source",
      "collected_medium", "collected_campaign", "collected_gclid", "last_click_source", "last_click_medium",
      "last_click_campaign");

  /** Events with every column sessions read: those a table written before them lacks are NULL. */
  static Dataset<Row> withOptionalColumns(Dataset<Row> events) {
    List<String> have = java.util.Arrays.asList(events.columns());
    Dataset<Row> out = events;
    for (String c : OPTIONAL_TEXT) {
      if (!have.contains(c)) {
        out = out.withColumn(c, lit(null).cast("string"));
      }
    }
    for (String c : List.of("purchase_revenue", "event_value_in_usd")) {
      if (!have.contains(c)) {
        out = out.withColumn(c, lit(null).cast("double"));
      }
    }
    if (!have.contains("event_params")) {
      out = out.withColumn("event_params", lit(null).cast(
          "array<struct<key:string,string_value:string,int_value:bigint,float_value:double,double_value:double>>"));
    }
    return out;
  }

  /** Money columns: DECIMAL(18,2), in the export's currency. */
  public static final String MONEY = "decimal(18,2)";

  /**
   * As above, with {@code a}'s page-path and revenue settings: also the session's landing and exit
   * page paths, purchase revenue, per-event counts of the conversion events and the session's own
   * traffic source (internal columns {@code _own_*}, which {@link #withTrafficAttribution} turns
   * into the session's source).
   */
  public static Dataset<Row> build(Dataset<Row> sessionEvents, SessionSettings s, WebEventSettings w,
      List<JourneyStage> stages, Collection<String> taskEvents, java.time.ZoneId zone, WebAnalyticsSettings a) {
    Column ts = col("event_timestamp_us");
    Column name = col("event_name");
    Column order = struct(ts, name);
    Column tx = col("transaction_id");
    // A purchase counts once per transaction id in the session (GA4 may send a purchase twice); its
    // revenue is ecommerce.purchase_revenue, else event_value_in_usd, else the configured param.
    Column isPurchase = name.equalTo(w.purchase());
    WindowSpec byTransaction = Window.partitionBy(col("user_pseudo_id"), col("session_id"), tx).orderBy(ts, name);
    Dataset<Row> events = withOptionalColumns(sessionEvents)
        .withColumn("_counted_purchase", isPurchase.and(tx.isNull().or(row_number().over(byTransaction).equalTo(1))))
        .withColumn("_revenue", coalesce(col("purchase_revenue"), col("event_value_in_usd"),
            paramNumber(a.revenueParam())).cast(MONEY));
    Column counted = col("_counted_purchase");
    Column hasPage = col("page_location").isNotNull();
    Column collected = col("collected_source").isNotNull().or(col("collected_gclid").isNotNull());
    Column lastClick = col("last_click_source").isNotNull()
        .and(lower(col("last_click_source")).notEqual("(direct)"));
    // Grouped by device first: the events are already partitioned by device (assignSessions).
    Dataset<Row> agg = events.groupBy(col("user_pseudo_id"), col("session_id")).agg(
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
            .as("task_events"),
        sum(when(counted, col("_revenue"))).as("_revenue_sum"),
        count(when(counted.and(col("_revenue").isNull()), 1)).as("_revenue_missing"),
        conversionCounts(name, w.conversion()).as("conversion_event_counts"),
        min_by(struct(col("page_location").as("url"), col("page_referrer").as("referrer")), when(hasPage, order))
            .as("_landing"),
        max_by(col("page_location"), when(hasPage, order)).as("_exit_url"),
        min_by(struct(col("collected_source").as("source"), col("collected_medium").as("medium"),
            col("collected_campaign").as("campaign"), col("collected_gclid").as("gclid")), when(collected, order))
            .as("_collected"),
        min_by(struct(col("last_click_source").as("source"), col("last_click_medium").as("medium"),
            col("last_click_campaign").as("campaign")), when(lastClick, order)).as("_last_click"));
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
            // An email a form put into the URL is personal data in a BI table: masked (bronze keeps it).
            com.experiencewarehouse.privacy.ContactDetails.emailsMaskedInUrl(col("landing_page")).as("landing_page"),
            col("device_category"),
            col("geo_country"),
            col("traffic_source"),
            col("traffic_medium"),
            col("journey_stages"),
            col("task_events"),
            // Appended (the table gains columns at the end).
            com.experiencewarehouse.privacy.ContactDetails.emailsMaskedInUrl(
                pagePath(col("_landing.url"), a.keepQueryParams())).as("landing_page_path"),
            com.experiencewarehouse.privacy.ContactDetails.emailsMaskedInUrl(
                pagePath(col("_exit_url"), a.keepQueryParams())).as("exit_page_path"),
            // A purchase without any revenue value: the session's revenue is unknown, not 0.
            when(col("_revenue_missing").equalTo(0), coalesce(col("_revenue_sum"), lit(0).cast(MONEY)))
                .cast(MONEY).as("purchase_revenue"),
            col("conversion_event_counts"),
            ownTrafficSource(col("_collected"), col("_last_click"), col("_landing")).as("_own_source"));
  }

  /** Per configured conversion event (config order, each once), the session's count of it. */
  static Column conversionCounts(Column eventName, List<String> conversionEvents) {
    List<String> names = conversionEvents.stream().distinct().toList();
    if (names.isEmpty()) {
      return lit(null).cast("array<struct<event_name:string,events:bigint>>");
    }
    return array(names.stream()
        .map(e -> struct(lit(e).as("event_name"), count(when(eventName.equalTo(e), 1)).as("events")))
        .toArray(Column[]::new));
  }

  /** An event param's number (double, float or int value, or a numeric string); NULL without the key. */
  private static Column paramNumber(String key) {
    if (key.isEmpty()) {
      return lit(null).cast("double");
    }
    Column p = org.apache.spark.sql.functions.try_element_at(org.apache.spark.sql.functions.filter(
        col("event_params"), (scala.Function1<Column, Column>) e -> e.getField("key").equalTo(lit(key))), lit(1));
    return coalesce(p.getField("double_value"), p.getField("float_value"), p.getField("int_value").cast("double"),
        p.getField("string_value").try_cast("double"));
  }

  /** Basis of a session's source: how it was found (silver.web_session.session_source_basis). */
  public static final String COLLECTED = "collected_traffic_source";
  public static final String LAST_CLICK = "session_traffic_source_last_click";
  public static final String UTM = "utm";
  public static final String REFERRER = "referrer";
  public static final String CARRIED_OVER = "carried_over";
  public static final String DIRECT = "direct";
  /** The bases of a session's own source, which a later direct session may carry over. */
  public static final List<String> OWN_BASES = List.of(COLLECTED, LAST_CLICK, UTM, REFERRER);

  /** Google Ads click ids: a landing page with one is google / cpc. */
  private static final List<String> GOOGLE_ADS_CLICK_IDS = List.of("gclid", "wbraid", "gbraid");

  /**
   * The session's own traffic source, struct(source, medium, campaign, basis), by the first rule that
   * gives one: GA4's collected_traffic_source of its first event carrying one (a gclid = google /
   * cpc); GA4's session_traffic_source_last_click (unless (direct)); the landing page's UTM
   * parameters (a Google Ads click id = google / cpc); an external referrer of the landing page
   * (its host / referral). NULL when none does: a direct visit, which may carry over an earlier one.
   */
  static Column ownTrafficSource(Column collectedTs, Column lastClickTs, Column landing) {
    Column url = landing.getField("url");
    Column query = lit("QUERY");
    Column utmSource = utmParam(url, "utm_source");
    Column utmMedium = utmParam(url, "utm_medium");
    Column utmCampaign = utmParam(url, "utm_campaign");
    Column googleAds = lit(false);
    for (String id : GOOGLE_ADS_CLICK_IDS) {
      googleAds = googleAds.or(coalesce(try_parse_url(url, query, lit(id)).isNotNull(), lit(false)));
    }
    Column notSet = lit("(not set)");
    Column cGclid = collectedTs.getField("gclid").isNotNull();
    Column fromCollected = struct(
        when(cGclid, lit("google")).otherwise(collectedTs.getField("source")).as("source"),
        when(cGclid, lit("cpc")).otherwise(coalesce(collectedTs.getField("medium"), notSet)).as("medium"),
        coalesce(collectedTs.getField("campaign"), notSet).as("campaign"), lit(COLLECTED).as("basis"));
    Column fromLastClick = struct(lastClickTs.getField("source").as("source"),
        coalesce(lastClickTs.getField("medium"), notSet).as("medium"),
        coalesce(lastClickTs.getField("campaign"), notSet).as("campaign"), lit(LAST_CLICK).as("basis"));
    Column fromUtm = struct(
        when(googleAds, lit("google")).otherwise(coalesce(utmSource, notSet)).as("source"),
        when(googleAds, lit("cpc")).otherwise(coalesce(utmMedium, notSet)).as("medium"),
        coalesce(utmCampaign, notSet).as("campaign"), lit(UTM).as("basis"));
    Column refHost = lower(try_parse_url(landing.getField("referrer"), lit("HOST")));
    Column pageHost = lower(try_parse_url(url, lit("HOST")));
    Column external = refHost.isNotNull().and(refHost.notEqual(""))
        .and(coalesce(withoutWww(refHost).notEqual(withoutWww(pageHost)), lit(true)));
    Column fromReferrer = struct(refHost.as("source"), lit("referral").as("medium"), lit("(referral)").as("campaign"),
        lit(REFERRER).as("basis"));
    return when(collectedTs.isNotNull(), fromCollected)
        .when(lastClickTs.isNotNull(), fromLastClick)
        .when(utmSource.isNotNull().or(utmMedium.isNotNull()).or(utmCampaign.isNotNull()).or(googleAds), fromUtm)
        .when(external, fromReferrer);
  }

  private static Column try_parse_url(Column url, Column part) {
    return org.apache.spark.sql.functions.try_parse_url(url, part);
  }

  private static Column try_parse_url(Column url, Column part, Column key) {
    return org.apache.spark.sql.functions.try_parse_url(url, part, key);
  }

  /** A UTM parameter of a URL, URL-decoded; NULL when absent or empty. */
  private static Column utmParam(Column url, String key) {
    Column raw = try_parse_url(url, lit("QUERY"), lit(key));
    Column v = coalesce(org.apache.spark.sql.functions.try_url_decode(raw), raw);
    return when(v.notEqual(""), v);
  }

  private static Column withoutWww(Column host) {
    return org.apache.spark.sql.functions.regexp_replace(host, lit("^www\\."), lit(""));
  }

  /**
   * A page URL as a path (landing_page_path, exit_page_path): the host lower-cased followed by the
   * path ("/" when empty), or the path alone when the URL has no host; of the query string only the
   * {@code keep} parameters (never a click id), in their order; no fragment. NULL when the URL is
   * NULL or cannot be parsed.
   */
  static Column pagePath(Column url, List<String> keep) {
    List<String> kept = keep.stream().map(k -> k.toLowerCase(java.util.Locale.ROOT))
        .filter(k -> !com.experiencewarehouse.config.SettingsLoader.CLICK_IDS.contains(k)).distinct().toList();
    Column host = lower(try_parse_url(url, lit("HOST")));
    Column path = try_parse_url(url, lit("PATH"));
    Column pathPart = when(path.isNull().or(path.equalTo("")), lit("/")).otherwise(path);
    Column queryPart = lit("");
    if (!kept.isEmpty()) {
      Column params = org.apache.spark.sql.functions.filter(
          org.apache.spark.sql.functions.split(try_parse_url(url, lit("QUERY")), "&"),
          (scala.Function1<Column, Column>) p -> lower(org.apache.spark.sql.functions.substring_index(p, "=", 1))
              .isin(kept.toArray()));
      queryPart = coalesce(when(org.apache.spark.sql.functions.size(params).gt(0),
          org.apache.spark.sql.functions.concat(lit("?"), concat_ws("&", params))), lit(""));
    }
    return when(host.isNotNull().or(path.isNotNull()),
        org.apache.spark.sql.functions.concat(coalesce(host, lit("")), pathPart, queryPart));
  }

  /**
   * Adds the session's traffic source: session_source, session_medium, session_campaign,
   * session_source_basis (which rule gave it: {@link #OWN_BASES}, {@link #CARRIED_OVER} or {@link
   * #DIRECT}) and session_default_channel_group. A session without a source of its own (a direct
   * visit) takes the last own source of an earlier session of the same device started at most
   * xw.attribution.lookback-days before it, among {@code sessions} and {@code earlier} (stored
   * silver.web_session rows from before them; only their own sources count, so a carry-over is
   * never carried further); else it is (direct) / (none).
   */
  public static Dataset<Row> withTrafficAttribution(Dataset<Row> sessions, Dataset<Row> earlier,
      WebAnalyticsSettings a) {
    Dataset<Row> prior = earlier;
    for (String c : List.of("session_source", "session_medium", "session_campaign", "session_source_basis")) {
      if (!java.util.Arrays.asList(prior.columns()).contains(c)) {
        prior = prior.withColumn(c, lit(null).cast("string"));
      }
    }
    Dataset<Row> priorOwn = prior
        .filter(col("session_source_basis").isin(OWN_BASES.toArray()))
        .select(col("user_pseudo_id"), col("session_id"), col("session_start_at"),
            struct(col("session_source").as("source"), col("session_medium").as("medium"),
                col("session_campaign").as("campaign"), col("session_source_basis").as("basis")).as("_own_source"),
            lit(true).as("_is_prior"));
    Dataset<Row> all = sessions.withColumn("_is_prior", lit(false)).unionByName(priorOwn, true);
    WindowSpec before = Window.partitionBy(col("user_pseudo_id"))
        .orderBy(col("session_start_at"), col("session_id"))
        .rowsBetween(Window.unboundedPreceding(), -1);
    Column own = col("_own_source");
    Column last = org.apache.spark.sql.functions.last(
        when(own.isNotNull(), struct(col("session_start_at").as("at"), own.as("src"))), true).over(before);
    Column start = col("session_start_at");
    Column inWindow = a.attributionLookbackDays() > 0
        ? col("_last").isNotNull().and(col("_last.at").geq(start.minus(
            org.apache.spark.sql.functions.expr("make_dt_interval(" + a.attributionLookbackDays() + ")"))))
        : lit(false);
    Column source = when(own.isNotNull(), own)
        .when(inWindow, struct(col("_last.src.source").as("source"), col("_last.src.medium").as("medium"),
            col("_last.src.campaign").as("campaign"), lit(CARRIED_OVER).as("basis")))
        .otherwise(struct(lit("(direct)").as("source"), lit("(none)").as("medium"), lit("(direct)").as("campaign"),
            lit(DIRECT).as("basis")));
    return all
        .withColumn("_last", last)
        .filter(col("_is_prior").unary_$bang())
        .withColumn("_src", source)
        .withColumn("session_source", col("_src.source"))
        .withColumn("session_medium", col("_src.medium"))
        .withColumn("session_campaign", col("_src.campaign"))
        .withColumn("session_source_basis", col("_src.basis"))
        .withColumn("session_default_channel_group", channelGroup(col("session_source"), col("session_medium"),
            col("session_campaign"), a))
        .drop("_is_prior", "_last", "_src", "_own_source");
  }

  /**
   * GA4's default channel group of a source / medium / campaign: the first of xw.attribution's
   * channel-groups rules that matches (values compared lower-cased, each regex against the whole
   * value), else the unassigned channel.
   */
  public static Column channelGroup(Column source, Column medium, Column campaign, WebAnalyticsSettings a) {
    Column s = coalesce(lower(source), lit(""));
    Column m = coalesce(lower(medium), lit(""));
    Column c = coalesce(lower(campaign), lit(""));
    Column out = null;
    for (ChannelGroupRule rule : a.channelGroups()) {
      Column any = lit(false);
      for (ChannelCondition cond : rule.anyOf()) {
        Column all = lit(true);
        if (!cond.source().isEmpty()) {
          all = all.and(s.rlike("^(?:" + cond.source() + ")$"));
        }
        if (!cond.medium().isEmpty()) {
          all = all.and(m.rlike("^(?:" + cond.medium() + ")$"));
        }
        if (!cond.campaign().isEmpty()) {
          all = all.and(c.rlike("^(?:" + cond.campaign() + ")$"));
        }
        if (!cond.sourceCategory().isEmpty()) {
          all = all.and(s.rlike(categoryRegex(a.sourceCategories().get(cond.sourceCategory()))));
        }
        any = any.or(all);
      }
      out = out == null ? when(any, lit(rule.name())) : out.when(any, lit(rule.name()));
    }
    return out == null ? lit(a.unassignedChannel()) : out.otherwise(lit(a.unassignedChannel()));
  }

  /**
   * A source category's sites as one regex: an entry matches the source itself, with a leading
   * www., m., l. or lm., and followed by a dot and more (google: google.com, www.google.de).
   */
  static String categoryRegex(List<String> sites) {
    if (sites.isEmpty()) {
      return "(?!)";
    }
    return "^(?:www\\.|m\\.|l\\.|lm\\.)?(?:"
        + sites.stream().map(java.util.regex.Pattern::quote).collect(java.util.stream.Collectors.joining("|"))
        + ")(?:\\..*)?$";
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
        col("traffic_medium"), col("journey_stages"),
        // Appended (the table gains columns at the end).
        col("session_source"), col("session_medium"), col("session_campaign"), col("session_source_basis"),
        col("session_default_channel_group"), col("landing_page_path"), col("exit_page_path"),
        col("purchase_revenue"), col("conversion_event_counts"));
  }
}
