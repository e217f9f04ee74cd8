package com.experiencewarehouse.silver;

import static com.experiencewarehouse.testing.Rows.assertRows;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_format;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.experiencewarehouse.config.Settings.SessionSettings;
import com.experiencewarehouse.config.Settings.WebEventSettings;
import com.experiencewarehouse.testing.EventColumns;
import com.experiencewarehouse.testing.Rows;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class WebSessionsTest {

  private static final SessionSettings SESSION = new SessionSettings(1800, 3, 10);
  private static final WebEventSettings WEB = new WebEventSettings("page_view", List.of("purchase"),
      "add_to_cart", "purchase", List.of("exception", "form_error", "app_error"));

  /** The columns of bronze.ga4_events that sessionization reads. */
  private static final StructType EVENTS = EventColumns.SESSIONIZED;

  private static final StructType IDENTITY = new StructType()
      .add("user_pseudo_id", DataTypes.StringType)
      .add("customer_id", DataTypes.StringType)
      .add("first_seen_at", DataTypes.TimestampType)
      .add("last_seen_at", DataTypes.TimestampType);

  /** Microseconds since the epoch of an ISO instant, e.g. "2026-09-14T10:00:00Z". */
  private static long us(String at) {
    Instant i = Instant.parse(at);
    return i.getEpochSecond() * 1_000_000L + i.getNano() / 1_000L;
  }

  private static Timestamp ts(String at) {
    return Timestamp.from(Instant.parse(at));
  }

  /** One GA4 event; event_date is the UTC date of the event, as in the export. */
  private static Object[] ev(String at, String name, String userId, String device, Long gaSessionId,
      String page) {
    Instant i = Instant.parse(at);
    return new Object[] {Date.valueOf(i.atZone(ZoneOffset.UTC).toLocalDate()), Timestamp.from(i),
        us(at), name, userId, device, gaSessionId, page, "desktop", "Germany", "google", "organic", null};
  }

  private static Object[] ev(String at, String name, String userId, String device, Long gaSessionId) {
    return ev(at, name, userId, device, gaSessionId, "https://shop.example.com/" + name);
  }

  private static Dataset<Row> events(Object[]... rows) {
    return Rows.frame(EVENTS, rows);
  }

  private static Dataset<Row> sessionsOf(Dataset<Row> events) {
    return WebSessions.build(WebSessions.assignSessions(events, SESSION), SESSION, WEB, List.of(), List.of());
  }

  /** A timestamp as UTC text (the session time zone is UTC), independent of the JVM's zone. */
  private static Column utc(String column) {
    return date_format(col(column), "yyyy-MM-dd HH:mm:ss").as(column);
  }

  @Test
  void aSessionAcrossMidnightWithOneGaSessionIdBelongsToItsFirstDateAndIsNotSplit() {
    Dataset<Row> sessions = sessionsOf(events(
        ev("2026-09-13T23:50:00Z", "session_start", null, "dev-a", 111L, "https://shop.example.com/"),
        ev("2026-09-13T23:50:00Z", "page_view", null, "dev-a", 111L, "https://shop.example.com/"),
        ev("2026-09-14T00:05:00Z", "page_view", null, "dev-a", 111L),
        ev("2026-09-14T00:10:00Z", "add_to_cart", null, "dev-a", 111L),
        ev("2026-09-14T00:12:00Z", "form_error", null, "dev-a", 111L),
        ev("2026-09-14T00:20:00Z", "purchase", null, "dev-a", 111L)));
    // One session (same device, same ga_session_id) on 2026-09-13, the date of its first event;
    // 23:50 → 00:20 = 30 min = 1800.0 s; 6 events, 2 page views, 1 purchase (= conversion),
    // 1 add_to_cart, 1 error event (form_error); landing page = page of the first event.
    assertRows(sessions.select(col("session_date"), col("session_id"), utc("session_start_at"),
            utc("session_end_at"), col("duration_s"), col("events"), col("page_views"),
            col("conversion_events"), col("is_converted"), col("has_add_to_cart"),
            col("has_purchase"), col("error_events"), col("is_engaged"), col("landing_page")),
        "[2026-09-13,dev-a:111,2026-09-13 23:50:00,2026-09-14 00:20:00,1800.0,6,2,1,true,true,true,1,"
            + "true,https://shop.example.com/]");
  }

  @Test
  void anEmailInTheLandingPageUrlIsMaskedAndTheRestOfTheUrlKept() {
    Dataset<Row> sessions = sessionsOf(events(
        ev("2026-09-14T10:00:00Z", "page_view", null, "dev-m", 7L,
            "https://shop.example.com/signup?email=anna.k%40example.co.uk&utm_source=news"),
        ev("2026-09-14T10:01:00Z", "page_view", null, "dev-m", 7L,
            "https://shop.example.com/thanks/Anna.K@Example.co.uk"),
        ev("2026-09-14T11:00:00Z", "page_view", null, "dev-n", 8L, "https://shop.example.com/products/1234567")));
    // The encoded (%40) and the plain @ alike; a 7-digit product id is no phone in a URL.
    assertRows(sessions.select(col("user_pseudo_id"), col("landing_page"), col("exit_page_path")),
        "[dev-m,https://shop.example.com/signup?email=[email]&utm_source=news,shop.example.com/thanks/[email]]",
        "[dev-n,https://shop.example.com/products/1234567,shop.example.com/products/1234567]");
  }

  @Test
  void withoutGaSessionIdAGapOfMoreThanThirtyMinutesStartsANewSession() {
    Dataset<Row> tagged = WebSessions.assignSessions(events(
        ev("2026-09-14T10:00:00Z", "page_view", null, "dev-b", null),
        ev("2026-09-14T10:29:00Z", "page_view", null, "dev-b", null),   // 29 min gap: same session
        ev("2026-09-14T10:59:00Z", "page_view", null, "dev-b", null),   // exactly 30 min: still same
        ev("2026-09-14T11:30:00Z", "page_view", null, "dev-b", null),   // 31 min gap: new session
        ev("2026-09-14T11:35:00Z", "scroll", null, "dev-b", null),
        ev("2026-09-14T10:10:00Z", "page_view", null, "dev-x", null)),  // another device: its own
        SESSION);
    // A gap session's id is device ":t." start microseconds:
    // 2026-09-14T10:00:00Z = 1789380000 s → 1789380000000000; 11:30:00Z = 1789385400 s.
    assertRows(tagged.select(utc("event_at"), col("session_id")),
        "[2026-09-14 10:00:00,dev-b:t.1789380000000000]",
        "[2026-09-14 10:29:00,dev-b:t.1789380000000000]",
        "[2026-09-14 10:59:00,dev-b:t.1789380000000000]",
        "[2026-09-14 11:30:00,dev-b:t.1789385400000000]",
        "[2026-09-14 11:35:00,dev-b:t.1789385400000000]",
        "[2026-09-14 10:10:00,dev-x:t.1789380600000000]");
    // 10:00 → 10:59 = 3540 s over 3 events; 11:30 → 11:35 = 300 s over 2 events.
    assertRows(WebSessions.build(tagged, SESSION, WEB, List.of(), List.of())
            .filter(col("user_pseudo_id").equalTo("dev-b"))
            .select(col("session_id"), col("duration_s"), col("events")),
        "[dev-b:t.1789380000000000,3540.0,3]",
        "[dev-b:t.1789385400000000,300.0,2]");
  }

  @Test
  void eventsWithAndWithoutGaSessionIdOnOneDeviceAreSessionizedApartAndKeepTheirTaskEvents() {
    Dataset<Row> tagged = WebSessions.assignSessions(events(
        ev("2026-09-14T10:00:00Z", "page_view", null, "dev-m", 7L),
        ev("2026-09-14T10:05:00Z", "page_view", null, "dev-m", null),
        ev("2026-09-14T10:20:00Z", "begin_checkout", null, "dev-m", null),  // 15 min gap: same
        ev("2026-09-14T10:40:00Z", "begin_checkout", null, "dev-m", 7L),    // between them in time
        ev("2026-09-14T10:41:00Z", "purchase", null, "dev-m", 7L),
        ev("2026-09-14T11:00:00Z", "page_view", null, "dev-m", null)),      // 40 min gap: new
        SESSION);
    // The ga_session_id events are one session whatever lies between them; the others form gap
    // sessions of their own: 10:05 = 1789380000 + 300 s, 11:00 = 1789380000 + 3600 s.
    assertRows(tagged.select(utc("event_at"), col("session_id")),
        "[2026-09-14 10:00:00,dev-m:7]",
        "[2026-09-14 10:05:00,dev-m:t.1789380300000000]",
        "[2026-09-14 10:20:00,dev-m:t.1789380300000000]",
        "[2026-09-14 10:40:00,dev-m:7]",
        "[2026-09-14 10:41:00,dev-m:7]",
        "[2026-09-14 11:00:00,dev-m:t.1789383600000000]");
    // Task events kept per session: only the names asked for, in time order once sorted.
    Column taskEventNames = org.apache.spark.sql.functions.concat_ws(",",
        org.apache.spark.sql.functions.transform(org.apache.spark.sql.functions.sort_array(col("task_events")),
            e -> e.getField("event_name")));
    assertRows(WebSessions.build(tagged, SESSION, WEB, List.of(), List.of("begin_checkout", "purchase"))
            .select(col("session_id"), col("events"), taskEventNames.as("task_events")),
        "[dev-m:7,3,begin_checkout,purchase]",
        "[dev-m:t.1789380300000000,2,begin_checkout]",
        "[dev-m:t.1789383600000000,1,]");
  }

  @Test
  void aSessionIsEngagedWhenLongerThanTenSecondsOrWithTwoPageViewsOrAConversion() {
    Dataset<Row> sessions = sessionsOf(events(
        // s1: a single page view, 0 s → not engaged (bounce)
        ev("2026-09-14T10:00:00Z", "page_view", null, "dev-e", 1L),
        // s2: 1 page view, 11 s → engaged (11 > 10)
        ev("2026-09-14T10:00:00Z", "page_view", null, "dev-e", 2L),
        ev("2026-09-14T10:00:11Z", "scroll", null, "dev-e", 2L),
        // s3: 1 page view, exactly 10 s → not engaged (10 is not > 10)
        ev("2026-09-14T10:00:00Z", "page_view", null, "dev-e", 3L),
        ev("2026-09-14T10:00:10Z", "scroll", null, "dev-e", 3L),
        // s4: 2 page views within the same second, 0 s → engaged (>= 2 page views)
        ev("2026-09-14T10:00:00Z", "page_view", null, "dev-e", 4L),
        ev("2026-09-14T10:00:00Z", "page_view", null, "dev-e", 4L),
        // s5: a lone purchase, 0 s, no page view → engaged (a conversion)
        ev("2026-09-14T10:00:00Z", "purchase", null, "dev-e", 5L),
        // s6: add_to_cart only, 0 s → not engaged (add_to_cart is no conversion)
        ev("2026-09-14T10:00:00Z", "add_to_cart", null, "dev-e", 6L)));
    assertRows(sessions.select(col("session_id"), col("duration_s"), col("page_views"),
            col("conversion_events"), col("is_engaged")),
        "[dev-e:1,0.0,1,0,false]",
        "[dev-e:2,11.0,1,0,true]",
        "[dev-e:3,10.0,1,0,false]",
        "[dev-e:4,0.0,2,0,true]",
        "[dev-e:5,0.0,0,1,true]",
        "[dev-e:6,0.0,0,0,false]");
  }

  @Test
  void aLoginInTheMiddleOfASessionGivesTheWholeSessionThatUserId() {
    Dataset<Row> sessions = sessionsOf(events(
        ev("2026-09-14T10:00:00Z", "page_view", null, "dev-c", 333L),
        ev("2026-09-14T10:05:00Z", "login", "C1", "dev-c", 333L),
        ev("2026-09-14T10:06:00Z", "page_view", "C1", "dev-c", 333L),
        ev("2026-09-14T10:07:00Z", "page_view", null, "dev-c", 333L),  // a tag without user_id
        // The device's next session, never logged in: stays anonymous.
        ev("2026-09-14T12:00:00Z", "page_view", null, "dev-c", 334L)));
    assertRows(sessions.select(col("session_id"), col("user_id")),
        "[dev-c:333,C1]",
        "[dev-c:334,null]");
    // With no identity map links, the login is the only source of the customer.
    Dataset<Row> noLinks = Rows.frame(IDENTITY);
    assertRows(WebSessions.withCustomer(sessions.filter(col("session_id").equalTo("dev-c:333")), noLinks, 0)
            .select(col("session_id"), col("customer_id"), col("identity_source")),
        "[dev-c:333,C1,login]");
  }

  /**
   * Device "shared": customer A logs in at 09:00, customer B at 12:00. The identity map holds
   * first/last seen per device × customer, as IdentityMap.build makes it from those logins.
   */
  @Test
  void anAnonymousSessionGoesToTheCustomerSeenOnTheDeviceBeforeItAndASharedDeviceIsSplitByTime() {
    Dataset<Row> sessions = sessionsOf(events(
        ev("2026-09-14T08:00:00Z", "page_view", null, "shared", 1L),   // before anyone logged in
        ev("2026-09-14T09:00:00Z", "login", "A", "shared", 2L),
        ev("2026-09-14T10:00:00Z", "page_view", null, "shared", 3L),   // after A, before B
        ev("2026-09-14T12:00:00Z", "login", "B", "shared", 4L),
        ev("2026-09-14T13:00:00Z", "page_view", null, "shared", 5L),   // after B
        ev("2026-09-14T09:30:00Z", "page_view", null, "other", 6L)));  // a device never logged in
    Dataset<Row> identity = Rows.frame(IDENTITY,
        new Object[] {"shared", "A", ts("2026-09-14T09:00:00Z"), ts("2026-09-14T09:00:00Z")},
        new Object[] {"shared", "B", ts("2026-09-14T12:00:00Z"), ts("2026-09-14T12:00:00Z")});
    // One row per session (a shared device is never merged into two customers):
    // 08:00 nobody seen yet → anonymous; 09:00 / 12:00 own login; 10:00 → A (A seen 09:00,
    // B not until 12:00); 13:00 → B (B seen 12:00 is the latest login at or before 13:00).
    assertRows(WebSessions.withCustomer(sessions, identity, 0)
            .select(col("session_id"), col("customer_id"), col("identity_source")),
        "[shared:1,null,null]",
        "[shared:2,A,login]",
        "[shared:3,A,device]",
        "[shared:4,B,login]",
        "[shared:5,B,device]",
        "[other:6,null,null]");
  }

  @Test
  void anAnonymousSessionGoesToTheCustomerLastSeenLoggedInBeforeItEvenIfAnotherWasFirstSeenLater() {
    // Device "shared": A logs in at 09:00, B at 12:00, A again at 14:00; anonymous session at 15:00.
    // The customer last seen logged in at or before 15:00 is A (14:00), not B (12:00).
    Dataset<Row> sessions = sessionsOf(events(
        ev("2026-09-14T09:00:00Z", "login", "A", "shared", 1L),
        ev("2026-09-14T12:00:00Z", "login", "B", "shared", 2L),
        ev("2026-09-14T14:00:00Z", "login", "A", "shared", 3L),
        ev("2026-09-14T15:00:00Z", "page_view", null, "shared", 4L)));
    // Identity map as IdentityMap.build makes it: A first 09:00 last 14:00; B first = last 12:00.
    Dataset<Row> identity = Rows.frame(IDENTITY,
        new Object[] {"shared", "A", ts("2026-09-14T09:00:00Z"), ts("2026-09-14T14:00:00Z")},
        new Object[] {"shared", "B", ts("2026-09-14T12:00:00Z"), ts("2026-09-14T12:00:00Z")});
    assertRows(WebSessions.withCustomer(sessions, identity, 0)
            .filter(col("session_id").equalTo("shared:4"))
            .select(col("session_id"), col("customer_id"), col("identity_source")),
        "[shared:4,A,device]");
  }

  @Test
  void aSessionLongerThanThreeDaysIsTooLong() {
    Dataset<Row> sessions = sessionsOf(events(
        // 3 days + 1 s = 259201 s > 3 × 86400 = 259200 s → too long
        ev("2026-09-11T10:00:00Z", "page_view", null, "dev-l", 1L),
        ev("2026-09-14T10:00:01Z", "page_view", null, "dev-l", 1L),
        // exactly 3 days = 259200 s → not longer than allowed
        ev("2026-09-11T10:00:00Z", "page_view", null, "dev-l", 2L),
        ev("2026-09-14T10:00:00Z", "page_view", null, "dev-l", 2L),
        // 25 h = 90000 s across midnight → fine
        ev("2026-09-13T10:00:00Z", "page_view", null, "dev-l", 3L),
        ev("2026-09-14T11:00:00Z", "page_view", null, "dev-l", 3L)));
    assertRows(sessions.select(col("session_id"), col("duration_s"),
            WebSessions.isTooLong(SESSION).as("too_long")),
        "[dev-l:1,259201.0,true]",
        "[dev-l:2,259200.0,false]",
        "[dev-l:3,90000.0,false]");
  }

  @Test
  void buildReturnsTheSessionColumnsWithTheirTypes() {
    Dataset<Row> sessions = sessionsOf(events(ev("2026-09-14T10:00:00Z", "page_view", null, "d", 1L)));
    assertEquals(List.of("session_date", "session_id", "user_pseudo_id", "user_id", "session_start_at",
            "session_end_at", "duration_s", "events", "page_views", "conversion_events", "is_converted",
            "has_add_to_cart", "has_purchase", "error_events", "is_engaged", "landing_page",
            "device_category", "geo_country", "traffic_source", "traffic_medium", "journey_stages",
            "task_events", "landing_page_path", "exit_page_path", "purchase_revenue", "conversion_event_counts",
            "_own_source"),
        Arrays.asList(sessions.columns()));
    StructType schema = sessions.schema();
    assertEquals(DataTypes.DateType, schema.apply("session_date").dataType());
    assertEquals(DataTypes.TimestampType, schema.apply("session_start_at").dataType());
    assertEquals(DataTypes.DoubleType, schema.apply("duration_s").dataType());
    assertEquals(DataTypes.LongType, schema.apply("page_views").dataType());
    assertEquals(DataTypes.BooleanType, schema.apply("is_engaged").dataType());
  }

  @Test
  void anAnonymousSessionIsStitchedToTheCustomerWhoLogsInOnTheDeviceWithinTheLookBack() {
    // Day 1 10:00 the device browses anonymously; day 2 09:00 it logs in as C (23 h later);
    // another device browses on day 1 and its customer D first logs in 8 days later.
    Dataset<Row> sessions = sessionsOf(events(
        ev("2026-09-14T10:00:00Z", "page_view", null, "dev-x", 1L),
        ev("2026-09-15T09:00:00Z", "login", "C", "dev-x", 2L),
        ev("2026-09-14T10:00:00Z", "page_view", null, "dev-y", 3L)));
    Dataset<Row> identity = Rows.frame(IDENTITY,
        new Object[] {"dev-x", "C", ts("2026-09-15T09:00:00Z"), ts("2026-09-15T09:00:00Z")},
        new Object[] {"dev-y", "D", ts("2026-09-22T10:00:01Z"), ts("2026-09-22T10:00:01Z")});
    // Look-back 7 days: dev-x's day-1 session belongs to C ("stitched"); dev-y's login came
    // 8 days and 1 s later, outside the look-back, so that session stays anonymous.
    assertRows(WebSessions.withCustomer(sessions, identity, 7)
            .select(col("session_id"), col("customer_id"), col("identity_source")),
        "[dev-x:1,C,stitched]",
        "[dev-x:2,C,login]",
        "[dev-y:3,null,null]");
  }

  @Test
  void restitchingStoredSessionsKeepsOwnLoginsAndAttributesAnonymousOnes() {
    Dataset<Row> built = sessionsOf(events(
        ev("2026-09-14T10:00:00Z", "page_view", null, "dev-x", 1L),
        ev("2026-09-14T11:00:00Z", "login", "E", "dev-z", 5L)));
    Dataset<Row> noLinks = Rows.frame(IDENTITY);
    Dataset<Row> stored = WebSessions.output(WebSessions.withCustomer(
        WebSessions.withTrafficAttribution(built, built.limit(0), WebSessions.NO_WEB_ANALYTICS), noLinks, 7));
    Dataset<Row> identity = Rows.frame(IDENTITY,
        new Object[] {"dev-x", "C", ts("2026-09-15T09:00:00Z"), ts("2026-09-15T09:00:00Z")});
    assertRows(WebSessions.restitch(stored, identity, 7)
            .select(col("session_id"), col("customer_id"), col("identity_source")),
        "[dev-x:1,C,stitched]", "[dev-z:5,E,login]");
  }

  /** A visit-level row: one page_view lasting {@code durationMs}. */
  private static Object[] visit(String at, String device, long visitId, Long durationMs) {
    Object[] e = ev(at, "page_view", null, device, visitId);
    e[e.length - 1] = durationMs;
    return e;
  }

  @Test
  void aVisitLastsItsDurationAndIsEngagedWhenLongerThanTheMinimum() {
    Dataset<Row> sessions = sessionsOf(events(
        visit("2026-09-14T01:14:56Z", "dev-long", 1L, 1_090_000L),
        visit("2026-09-14T02:00:00Z", "dev-short", 2L, 8_000L),
        visit("2026-09-14T03:00:00Z", "dev-bounce", 3L, 0L),
        // An event within the visit's span: the end stays the visit's (the latest time + duration).
        visit("2026-09-14T04:00:00Z", "dev-mixed", 4L, 600_000L),
        ev("2026-09-14T04:05:00Z", "scroll", null, "dev-mixed", 4L)));
    Dataset<Row> out = sessions.select(col("session_id"), utc("session_start_at"), utc("session_end_at"),
        col("duration_s"), col("page_views"), col("is_engaged"));
    assertEquals(new StructType().add("session_id", DataTypes.StringType, false)
        .add("session_start_at", DataTypes.StringType).add("session_end_at", DataTypes.StringType)
        .add("duration_s", DataTypes.DoubleType).add("page_views", DataTypes.LongType, false)
        .add("is_engaged", DataTypes.BooleanType), out.schema());
    assertRows(out,
        // 01:14:56 + 1090 s = 01:33:06; 1090 s > engaged.min-seconds (10): engaged with one page view.
        "[dev-long:1,2026-09-14 01:14:56,2026-09-14 01:33:06,1090.0,1,true]",
        // 8 s is not more than 10 s, one page view, no conversion: not engaged.
        "[dev-short:2,2026-09-14 02:00:00,2026-09-14 02:00:08,8.0,1,false]",
        "[dev-bounce:3,2026-09-14 03:00:00,2026-09-14 03:00:00,0.0,1,false]",
        // max(04:00:00 + 600 s, 04:05:00 + 0) = 04:10:00 = 600 s.
        "[dev-mixed:4,2026-09-14 04:00:00,2026-09-14 04:10:00,600.0,1,true]");
  }
}
