package com.experiencewarehouse.silver;

import static com.experiencewarehouse.testing.Rows.assertRows;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.experiencewarehouse.config.Settings;
import com.experiencewarehouse.config.Settings.SessionSettings;
import com.experiencewarehouse.config.Settings.WebAnalyticsSettings;
import com.experiencewarehouse.config.Settings.WebEventSettings;
import com.experiencewarehouse.config.SettingsLoader;
import com.experiencewarehouse.testing.EventColumns;
import com.experiencewarehouse.testing.Rows;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * silver.web_session's traffic attribution, page paths, revenue and conversion counts (issue 18),
 * with the channel-group rules and source lists of conf/application.conf as shipped.
 */
class SessionTrafficTest {

  private static final SessionSettings SESSION = new SessionSettings(1800, 3, 10);
  private static final WebEventSettings WEB = new WebEventSettings("page_view", List.of("purchase", "sign_up"),
      "add_to_cart", "purchase", List.of("exception"));

  /** The shipped rules, with a 30-day look-back, plan (and gclid, never kept) kept, revenue param "value". */
  private static final WebAnalyticsSettings A = load(String.join("\n", "xw.dev-mode = true",
      "xw.attribution.lookback-days = 30", "xw.sources.web.keep-query-params = [plan, gclid]",
      "xw.sources.web.revenue-param = value"));

  private static WebAnalyticsSettings load(String conf) {
    try {
      Path f = Files.createTempFile("session-traffic", ".conf");
      Files.writeString(f, conf);
      Settings s = SettingsLoader.load(Optional.of(f.toFile()));
      Files.delete(f);
      return s.webAnalytics();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static final StructType PARAMS = new StructType().add("key", DataTypes.StringType)
      .add("string_value", DataTypes.StringType).add("int_value", DataTypes.LongType)
      .add("float_value", DataTypes.DoubleType).add("double_value", DataTypes.DoubleType);

  /** The columns of bronze.ga4_events that sessionization reads, and those attribution and revenue read. */
  private static final StructType EVENTS = EventColumns.SESSIONIZED
      .add("transaction_id", DataTypes.StringType)
      .add("purchase_revenue", DataTypes.DoubleType)
      .add("event_params", DataTypes.createArrayType(PARAMS))
      .add("page_referrer", DataTypes.StringType)
      .add("event_value_in_usd", DataTypes.DoubleType)
      .add("collected_source", DataTypes.StringType)
      .add("collected_medium", DataTypes.StringType)
      .add("collected_campaign", DataTypes.StringType)
      .add("collected_gclid", DataTypes.StringType)
      .add("last_click_source", DataTypes.StringType)
      .add("last_click_medium", DataTypes.StringType)
      .add("last_click_campaign", DataTypes.StringType);

  /** Stored silver.web_session rows from before the rebuild window (their columns carry-over reads). */
  private static final StructType STORED = new StructType()
      .add("user_pseudo_id", DataTypes.StringType)
      .add("session_id", DataTypes.StringType)
      .add("session_start_at", DataTypes.TimestampType)
      .add("session_source", DataTypes.StringType)
      .add("session_medium", DataTypes.StringType)
      .add("session_campaign", DataTypes.StringType)
      .add("session_source_basis", DataTypes.StringType);

  /** One event, built field by field. */
  private static final class E {
    final Object[] v = new Object[EVENTS.size()];

    E(String at, String name, String device, long gaSession, String page) {
      Instant i = Instant.parse(at);
      set("event_date", Date.valueOf(i.atZone(ZoneOffset.UTC).toLocalDate()));
      set("event_at", Timestamp.from(i));
      set("event_timestamp_us", i.getEpochSecond() * 1_000_000L);
      set("event_name", name);
      set("user_pseudo_id", device);
      set("ga_session_id", gaSession);
      set("page_location", page);
      // First-touch acquisition, the same on every event: never the session's source.
      set("traffic_source", "(direct)");
      set("traffic_medium", "(none)");
    }

    E set(String column, Object value) {
      v[EVENTS.fieldIndex(column)] = value;
      return this;
    }

    E referrer(String r) {
      return set("page_referrer", r);
    }

    E collected(String source, String medium, String campaign, String gclid) {
      return set("collected_source", source).set("collected_medium", medium).set("collected_campaign", campaign)
          .set("collected_gclid", gclid);
    }

    E lastClick(String source, String medium, String campaign) {
      return set("last_click_source", source).set("last_click_medium", medium).set("last_click_campaign", campaign);
    }

    E revenue(String transactionId, Double purchaseRevenue, Double valueInUsd) {
      return set("transaction_id", transactionId).set("purchase_revenue", purchaseRevenue)
          .set("event_value_in_usd", valueInUsd);
    }

    E valueParam(double value) {
      List<Row> params = new ArrayList<>();
      params.add(RowFactory.create("value", null, null, null, value));
      return set("event_params", params);
    }
  }

  private static E e(String at, String name, String device, long gaSession, String page) {
    return new E(at, name, device, gaSession, page);
  }

  private static Dataset<Row> sessions(Dataset<Row> earlier, E... events) {
    Object[][] rows = java.util.Arrays.stream(events).map(x -> x.v).toArray(Object[][]::new);
    Dataset<Row> built = WebSessions.build(WebSessions.assignSessions(Rows.frame(EVENTS, rows), SESSION), SESSION,
        WEB, List.of(), List.of(), ZoneOffset.UTC, A);
    return WebSessions.withTrafficAttribution(built, earlier, A);
  }

  private static Dataset<Row> sessions(E... events) {
    return sessions(Rows.frame(STORED), events);
  }

  private static Dataset<Row> attribution(Dataset<Row> sessions) {
    return sessions.select(col("session_id"), col("session_source"), col("session_medium"), col("session_campaign"),
        col("session_source_basis"), col("session_default_channel_group"));
  }

  private static final String SHOP = "https://shop.example.com/";

  @Test
  void utmParametersOfTheLandingPageGiveTheSourceAndPagePathsDropClickIdsAndUnkeptParameters() {
    Dataset<Row> s = sessions(
        e("2026-09-14T10:00:00Z", "session_start", "dev-u", 1,
            "https://Shop.Example.COM/Offers?utm_source=newsletter&utm_medium=email&utm_campaign=spring%20sale"
                + "&plan=pro&fbclid=x#top"),
        e("2026-09-14T10:01:00Z", "page_view", "dev-u", 1, "https://shop.example.com/cart?gclid=zz&plan=pro"),
        // A Google Ads click id makes the session google / cpc; its utm_campaign names the campaign.
        e("2026-09-14T11:00:00Z", "page_view", "dev-g", 2, "https://shop.example.com?gclid=Cj0&utm_campaign=brand"));
    // dev-u: utm_* of the first page (spring%20sale decoded); newsletter / email is Email (source
    // and medium match no earlier rule). Paths: host lower-cased, path case kept; of the query only
    // plan is kept (keep-query-params = [plan, gclid], but gclid is a click id: always dropped),
    // fbclid and the utm_* dropped, #top dropped. The exit page is the last page: /cart?plan=pro.
    // dev-g: gclid → google / cpc, campaign brand → Paid Search (google is a search site, cpc paid);
    // an empty path is "/".
    assertRows(attribution(s),
        "[dev-u:1,newsletter,email,spring sale,utm,Email]",
        "[dev-g:2,google,cpc,brand,utm,Paid Search]");
    assertRows(s.select(col("session_id"), col("landing_page_path"), col("exit_page_path")),
        "[dev-u:1,shop.example.com/Offers?plan=pro,shop.example.com/cart?plan=pro]",
        "[dev-g:2,shop.example.com/,shop.example.com/]");
  }

  @Test
  void anExternalReferrerIsAReferralAndTheSiteItselfIsNot() {
    Dataset<Row> s = sessions(
        e("2026-09-14T10:00:00Z", "page_view", "dev-r", 1, SHOP + "blog/post")
            .referrer("https://News.YCombinator.com/item?id=1"),
        e("2026-09-14T10:00:00Z", "page_view", "dev-s", 2, SHOP + "blog/post").referrer("https://www.google.de/"),
        // The site's own pages (www. or not) are no referrer: a direct visit (nothing to carry over).
        e("2026-09-14T10:00:00Z", "page_view", "dev-i", 3, "https://www.shop.example.com/a")
            .referrer(SHOP + "b"));
    // dev-r: host lower-cased / referral / (referral) → Referral.
    // dev-s: www.google.de is the search site "google" (www. and a domain ending allowed): the
    // Organic Search rule comes before Referral.
    assertRows(attribution(s),
        "[dev-r:1,news.ycombinator.com,referral,(referral),referrer,Referral]",
        "[dev-s:2,www.google.de,referral,(referral),referrer,Organic Search]",
        "[dev-i:3,(direct),(none),(direct),direct,Direct]");
  }

  @Test
  void aDirectVisitCarriesOverTheDevicesLastOwnSourceWithinTheLookBackOnly() {
    Timestamp storedStart = Timestamp.from(Instant.parse("2026-09-10T08:00:00Z"));
    Dataset<Row> earlier = Rows.frame(STORED,
        new Object[] {"dev-e", "dev-e:9", storedStart, "www.bing.com", "referral", "(referral)", "referrer"},
        // A stored carry-over is not an own source: never carried further.
        new Object[] {"dev-f", "dev-f:9", storedStart, "partner", "cpc", "x", "carried_over"});
    Dataset<Row> s = sessions(earlier,
        e("2026-09-01T10:00:00Z", "page_view", "dev-c", 1,
            SHOP + "?utm_source=facebook&utm_medium=paid_social&utm_campaign=autumn"),
        e("2026-09-20T10:00:00Z", "page_view", "dev-c", 2, SHOP),
        e("2026-10-25T10:00:00Z", "page_view", "dev-c", 3, SHOP),
        e("2026-09-14T09:00:00Z", "page_view", "dev-e", 4, SHOP),
        e("2026-09-14T09:00:00Z", "page_view", "dev-f", 5, SHOP));
    // dev-c:1 facebook / paid_social: a social site with a paid medium (paid.*) → Paid Social.
    // dev-c:2 direct, 19 days later (≤ 30): carried over from dev-c:1.
    // dev-c:3 direct, 54 days after dev-c:1, the last own source (dev-c:2's is carried): direct.
    // dev-e:4 direct, 4 days after the stored referral from www.bing.com: carried over; bing is a
    // search site → Organic Search. dev-f:5: its stored row is a carry-over, so direct.
    assertRows(attribution(s),
        "[dev-c:1,facebook,paid_social,autumn,utm,Paid Social]",
        "[dev-c:2,facebook,paid_social,autumn,carried_over,Paid Social]",
        "[dev-c:3,(direct),(none),(direct),direct,Direct]",
        "[dev-e:4,www.bing.com,referral,(referral),carried_over,Organic Search]",
        "[dev-f:5,(direct),(none),(direct),direct,Direct]");
  }

  @Test
  void gaFoursCollectedSourceIsPreferredThenItsSessionLastClickThenTheUrl() {
    Dataset<Row> s = sessions(
        // dev-p: the landing URL says other / cpc, the second event's collected source says
        // partner / affiliate (no campaign): collected wins → Affiliates.
        e("2026-09-14T10:00:00Z", "session_start", "dev-p", 1, SHOP + "?utm_source=other&utm_medium=cpc"),
        e("2026-09-14T10:00:05Z", "page_view", "dev-p", 1, SHOP).collected("partner", "affiliate", null, null),
        // dev-q: a collected gclid without a manual source: google / cpc, campaign as collected.
        e("2026-09-14T10:00:00Z", "page_view", "dev-q", 2, SHOP).collected(null, null, "brand", "abc"),
        // dev-l: no collected source; GA4's session last click google / organic beats the URL's UTM.
        e("2026-09-14T10:00:00Z", "page_view", "dev-l", 3, SHOP + "?utm_source=newsletter&utm_medium=email")
            .lastClick("google", "organic", "(organic)"),
        // dev-d: a last click of (direct) is no source: the URL's UTM parameters give it.
        e("2026-09-14T10:00:00Z", "page_view", "dev-d", 4, SHOP + "?utm_source=newsletter&utm_medium=email")
            .lastClick("(direct)", "(none)", "(direct)"));
    assertRows(attribution(s),
        "[dev-p:1,partner,affiliate,(not set),collected_traffic_source,Affiliates]",
        "[dev-q:2,google,cpc,brand,collected_traffic_source,Paid Search]",
        "[dev-l:3,google,organic,(organic),session_traffic_source_last_click,Organic Search]",
        "[dev-d:4,newsletter,email,(not set),utm,Email]");
  }

  @Test
  void channelGroupsFollowGaFoursDefaultRulesInOrder() {
    StructType triples = new StructType().add("source", DataTypes.StringType).add("medium", DataTypes.StringType)
        .add("campaign", DataTypes.StringType);
    Dataset<Row> t = Rows.frame(triples,
        new Object[] {"(direct)", "(none)", "(direct)"},          // Direct
        new Object[] {"google", "cpc", "pmax cross-network"},     // Cross-network: before Paid Search
        new Object[] {"amazon", "cpc", "x"},                      // Paid Shopping: shopping site, paid
        new Object[] {"Google", "CPC", "brand"},                  // Paid Search: compared lower-cased
        new Object[] {"m.facebook.com", "ppc", "x"},              // Paid Social: m. allowed before a site
        new Object[] {"youtube", "paid_video", "x"},              // Paid Video
        new Object[] {"dv360", "cpm", "x"},                       // Display: before Paid Other (cpm ~ .*cp.*)
        new Object[] {"partner", "cpc", "x"},                     // Paid Other: paid, no listed site
        new Object[] {"newsletter", "(not set)", "summer_shop"},  // Organic Shopping: campaign _shop
        new Object[] {"l.facebook.com", "referral", "(referral)"}, // Organic Social: before Referral
        new Object[] {"vimeo.com", "referral", "(referral)"},     // Organic Video
        new Object[] {"bing", "organic", "(organic)"},            // Organic Search
        new Object[] {"news.ycombinator.com", "referral", "(referral)"}, // Referral
        new Object[] {"crm", "e-mail", "x"},                      // Email
        new Object[] {"partner", "affiliate", "x"},               // Affiliates
        new Object[] {"podcast", "audio", "x"},                   // Audio
        new Object[] {"sms", "(not set)", "x"},                   // SMS
        new Object[] {"app", "web_push", "x"},                    // Mobile Push Notifications: ends with push
        new Object[] {"partner", "weird", "x"});                  // Unassigned: no rule
    assertRows(t.select(col("source"),
            WebSessions.channelGroup(col("source"), col("medium"), col("campaign"), A).as("channel")),
        "[(direct),Direct]", "[google,Cross-network]", "[amazon,Paid Shopping]", "[Google,Paid Search]",
        "[m.facebook.com,Paid Social]", "[youtube,Paid Video]", "[dv360,Display]", "[partner,Paid Other]",
        "[newsletter,Organic Shopping]", "[l.facebook.com,Organic Social]", "[vimeo.com,Organic Video]",
        "[bing,Organic Search]", "[news.ycombinator.com,Referral]", "[crm,Email]", "[partner,Affiliates]",
        "[podcast,Audio]", "[sms,SMS]", "[app,Mobile Push Notifications]", "[partner,Unassigned]");
  }

  @Test
  void purchaseRevenuePerSessionCountsATransactionOnceAndIsUnknownWithoutAValue() {
    Dataset<Row> s = sessions(
        e("2026-09-14T10:00:00Z", "purchase", "dev-1", 1, SHOP).revenue("T1", 50.0, null),
        e("2026-09-14T10:00:10Z", "purchase", "dev-1", 1, SHOP).revenue("T1", 50.0, null),  // sent again
        e("2026-09-14T10:00:20Z", "purchase", "dev-1", 1, SHOP).revenue("T2", null, 20.5),  // value in USD
        e("2026-09-14T10:00:30Z", "sign_up", "dev-1", 1, SHOP),
        e("2026-09-14T10:00:00Z", "purchase", "dev-2", 2, SHOP).valueParam(12.34),          // revenue-param
        e("2026-09-14T10:00:00Z", "purchase", "dev-3", 3, SHOP),                            // no value at all
        e("2026-09-14T10:00:00Z", "page_view", "dev-4", 4, SHOP));
    // dev-1: T1 once (50.00) + T2's event_value_in_usd 20.50 = 70.50; three purchase events and one
    // sign_up counted as events. dev-2: the "value" param, 12.34. dev-3: a purchase without any
    // revenue: unknown (NULL), not 0. dev-4: no purchase: 0.00.
    assertRows(s.select(col("session_id"), col("purchase_revenue"), col("conversion_event_counts")),
        "[dev-1:1,70.50,ArraySeq([purchase,3], [sign_up,1])]",
        "[dev-2:2,12.34,ArraySeq([purchase,1], [sign_up,0])]",
        "[dev-3:3,null,ArraySeq([purchase,1], [sign_up,0])]",
        "[dev-4:4,0.00,ArraySeq([purchase,0], [sign_up,0])]");
    assertEquals("decimal(18,2)", s.schema().apply("purchase_revenue").dataType().simpleString());
    assertEquals("array<struct<event_name:string,events:bigint>>",
        s.schema().apply("conversion_event_counts").dataType().simpleString());
  }

  @Test
  void theTablesNewColumnsComeAtTheEndInOrder() {
    Dataset<Row> out = WebSessions.output(WebSessions.withCustomer(sessions(
        e("2026-09-14T10:00:00Z", "page_view", "dev-o", 1, SHOP)), Rows.frame(new StructType()
            .add("user_pseudo_id", DataTypes.StringType).add("customer_id", DataTypes.StringType)
            .add("first_seen_at", DataTypes.TimestampType).add("last_seen_at", DataTypes.TimestampType)), 7));
    List<String> columns = List.of(out.columns());
    assertEquals(List.of("journey_stages", "session_source", "session_medium", "session_campaign",
            "session_source_basis", "session_default_channel_group", "landing_page_path", "exit_page_path",
            "purchase_revenue", "conversion_event_counts"),
        columns.subList(columns.indexOf("journey_stages"), columns.size()));
  }
}
