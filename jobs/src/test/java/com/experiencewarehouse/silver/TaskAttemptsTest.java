package com.experiencewarehouse.silver;

import static com.experiencewarehouse.testing.Rows.assertRows;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_format;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.experiencewarehouse.config.Settings.TaskDefinition;
import com.experiencewarehouse.testing.Rows;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class TaskAttemptsTest {

  private static final List<TaskDefinition> CHECKOUT = List.of(new TaskDefinition("checkout",
      List.of("begin_checkout"), List.of("purchase"), List.of("checkout_failed"), 1800));

  /** The session columns TaskAttempts reads, with the session's task events (as WebSessions.build). */
  private static final StructType SESSIONS = new StructType()
      .add("session_id", DataTypes.StringType)
      .add("session_date", DataTypes.DateType)
      .add("customer_id", DataTypes.StringType)
      .add("user_pseudo_id", DataTypes.StringType)
      .add("session_end_at", DataTypes.TimestampType)
      .add("task_events", DataTypes.createArrayType(new StructType()
          .add("timestamp_us", DataTypes.LongType)
          .add("event_name", DataTypes.StringType)));

  /** An event of session {@code session} at hh:mm:ss UTC on 2026-09-14: {session, micros, name}. */
  private static Object[] ev(String session, String time, String name) {
    Instant i = Instant.parse("2026-09-14T" + time + "Z");
    return new Object[] {session, i.getEpochSecond() * 1_000_000L, name};
  }

  /**
   * Runs the checkout task over the events; every session is on 2026-09-14, customer "C-" + id,
   * ending at its last event. Every event is passed (not only the task's), in reverse order: the
   * task picks its own and orders them.
   */
  private static Dataset<Row> attempts(Object[]... events) {
    Map<String, List<Row>> bySession = new LinkedHashMap<>();
    Map<String, Long> endUs = new LinkedHashMap<>();
    for (Object[] e : events) {
      String id = (String) e[0];
      bySession.computeIfAbsent(id, k -> new ArrayList<>()).add(0, RowFactory.create(e[1], e[2]));
      endUs.merge(id, (Long) e[1], Math::max);
    }
    List<Object[]> sessions = new ArrayList<>();
    for (String id : bySession.keySet()) {
      sessions.add(new Object[] {id, Date.valueOf(LocalDate.of(2026, 9, 14)), "C-" + id, "dev-" + id,
          new Timestamp(endUs.get(id) / 1000), bySession.get(id)});
    }
    return TaskAttempts.build(Rows.frame(SESSIONS, sessions.toArray(new Object[0][])), CHECKOUT);
  }

  private static Column hms(String column) {
    return date_format(col(column), "HH:mm:ss").as(column);
  }

  private static Dataset<Row> summary(Dataset<Row> attempts) {
    return attempts.select(col("attempt_id"), col("outcome"), col("is_success"), hms("started_at"),
        hms("ended_at"), col("time_on_task_s"));
  }

  @Test
  void aPurchaseAfterBeginCheckoutIsASuccessWithTimeOnTaskInSeconds() {
    Dataset<Row> a = attempts(
        ev("s1", "10:00:00", "page_view"),
        ev("s1", "10:01:00", "begin_checkout"),
        ev("s1", "10:02:00", "add_payment_info"),
        ev("s1", "10:03:30", "purchase"),
        ev("s1", "10:05:00", "page_view"));
    // 10:01:00 → 10:03:30 = 150 s; the attempt ends at the purchase.
    assertRows(summary(a), "[s1:checkout:1,success,true,10:01:00,10:03:30,150.0]");
    assertRows(a.select(col("session_date"), col("session_id"), col("user_pseudo_id"),
            col("customer_id"), col("task_name")),
        "[2026-09-14,s1,dev-s1,C-s1,checkout]");
  }

  @Test
  void aFailureEventEndsTheAttemptAsAFailureWithoutTimeOnTask() {
    assertRows(summary(attempts(
            ev("s2", "10:00:00", "begin_checkout"),
            ev("s2", "10:01:00", "checkout_failed"),
            ev("s2", "10:03:00", "page_view"))),
        "[s2:checkout:1,failure,false,10:00:00,10:01:00,null]");
  }

  @Test
  void anAttemptWhoseSessionEndsWithinTheTimeoutWithoutOutcomeIsAbandonedAtTheSessionEnd() {
    // Session ends 10:10 = 10 min after the start, within the 30-min timeout.
    assertRows(summary(attempts(
            ev("s3", "10:00:00", "begin_checkout"),
            ev("s3", "10:10:00", "page_view"))),
        "[s3:checkout:1,abandoned,false,10:00:00,10:10:00,null]");
  }

  @Test
  void anAttemptWithoutOutcomeWithinThirtyMinutesTimesOutAtStartPlusTimeout() {
    // s4: the session goes on to 10:45, no outcome → timeout, ended 10:00 + 1800 s = 10:30.
    // s5: the purchase at 10:40 is 40 min after the start, after the timeout → still a timeout.
    assertRows(summary(attempts(
            ev("s4", "10:00:00", "begin_checkout"),
            ev("s4", "10:45:00", "page_view"),
            ev("s5", "10:00:00", "begin_checkout"),
            ev("s5", "10:40:00", "purchase"))),
        "[s4:checkout:1,timeout,false,10:00:00,10:30:00,null]",
        "[s5:checkout:1,timeout,false,10:00:00,10:30:00,null]");
  }

  @Test
  void aSecondBeginCheckoutWhileTheAttemptIsOpenIsTheSameAttempt() {
    // Reloaded checkout page at 10:05: one attempt from the first start; 10:00 → 10:08 = 480 s.
    assertRows(summary(attempts(
            ev("s6", "10:00:00", "begin_checkout"),
            ev("s6", "10:05:00", "begin_checkout"),
            ev("s6", "10:08:00", "purchase"))),
        "[s6:checkout:1,success,true,10:00:00,10:08:00,480.0]");
  }

  @Test
  void aBeginCheckoutAfterAnOutcomeStartsTheNextAttempt() {
    // Attempt 1 fails at 10:02; the start at 10:03 opens attempt 2: 10:03 → 10:05 = 120 s.
    assertRows(summary(attempts(
            ev("s7", "10:00:00", "begin_checkout"),
            ev("s7", "10:02:00", "checkout_failed"),
            ev("s7", "10:03:00", "begin_checkout"),
            ev("s7", "10:05:00", "purchase"))),
        "[s7:checkout:1,failure,false,10:00:00,10:02:00,null]",
        "[s7:checkout:2,success,true,10:03:00,10:05:00,120.0]");
  }

  @Test
  void aBeginCheckoutAfterTheOpenAttemptTimedOutStartsANewAttemptEvenAfterReloads() {
    // Attempt 1 starts 10:00; the reload at 10:20 is within its timeout (same attempt), but at
    // 10:40 attempt 1 has timed out (10:00 + 30 min = 10:30), so 10:40 opens attempt 2, which
    // succeeds at 10:45: 10:40 → 10:45 = 300 s.
    assertRows(summary(attempts(
            ev("s8", "10:00:00", "begin_checkout"),
            ev("s8", "10:20:00", "begin_checkout"),
            ev("s8", "10:40:00", "begin_checkout"),
            ev("s8", "10:45:00", "purchase"))),
        "[s8:checkout:1,timeout,false,10:00:00,10:30:00,null]",
        "[s8:checkout:2,success,true,10:40:00,10:45:00,300.0]");
  }

  @Test
  void aPurchaseWithoutBeginCheckoutCountsNoAttempt() {
    Dataset<Row> a = attempts(
        ev("s9", "10:00:00", "page_view"),
        ev("s9", "10:03:00", "purchase"),
        ev("s9", "10:04:00", "checkout_failed"));
    assertEquals(0L, a.count());
  }

  @Test
  void buildReturnsTheTaskAttemptColumns() {
    Dataset<Row> a = attempts(ev("s1", "10:00:00", "begin_checkout"));
    assertEquals(List.of("session_date", "attempt_id", "session_id", "user_pseudo_id", "customer_id",
            "task_name", "started_at", "ended_at", "outcome", "is_success", "time_on_task_s"),
        Arrays.asList(a.columns()));
    assertEquals(DataTypes.TimestampType, a.schema().apply("started_at").dataType());
    assertEquals(DataTypes.DoubleType, a.schema().apply("time_on_task_s").dataType());
  }
}
