package com.experiencewarehouse.silver;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.timestamp_micros;
import static org.apache.spark.sql.functions.when;

import com.experiencewarehouse.config.Settings.TaskDefinition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * silver.task_attempt (METRICS.md "Task"): an attempt starts at a start event and ends at the first
 * success or failure event, the end of its session, or its timeout. A start event while an attempt
 * is still open (within its timeout, no outcome yet) continues that attempt, so a reloaded checkout
 * page is one attempt; a start after the open attempt's timeout begins a new one.
 */
public final class TaskAttempts {

  public static final String TABLE = "silver.task_attempt";

  /** One attempt found in a session's events of one task. */
  public record Attempt(int number, long startUs, long endUs, String outcome, Long outcomeUs) {}

  /** One relevant event: time, and "start", "success" or "failure". */
  public record TaskEvent(long timestampUs, String kind) {}

  private static final StructType ATTEMPT = new StructType()
      .add("session_id", DataTypes.StringType, false)
      .add("task_name", DataTypes.StringType, false)
      .add("attempt_no", DataTypes.IntegerType, false)
      .add("start_us", DataTypes.LongType, false)
      .add("end_us", DataTypes.LongType, false)
      .add("outcome", DataTypes.StringType, false)
      .add("outcome_us", DataTypes.LongType, true);

  private TaskAttempts() {}

  /**
   * @param sessionEvents events with {@code session_id}
   * @param sessions silver sessions (session_id, session_date, customer_id, user_pseudo_id)
   */
  public static Dataset<Row> build(Dataset<Row> sessionEvents, Dataset<Row> sessions,
      List<TaskDefinition> tasks) {
    if (tasks.isEmpty()) {
      throw new IllegalArgumentException("no tasks configured (xw.tasks)");
    }
    Dataset<Row> withEnd = sessionEvents.withColumn("_session_end_us",
        max(col("event_timestamp_us")).over(Window.partitionBy(col("session_id"))));
    Dataset<Row> relevant = null;
    for (TaskDefinition t : tasks) {
      Column name = col("event_name");
      Column kind = when(name.isin(t.start().toArray()), lit("start"))
          .when(name.isin(t.success().toArray()), lit("success"))
          .when(name.isin(t.failure().toArray()), lit("failure"));
      Dataset<Row> one = withEnd.select(col("session_id"), lit(t.name()).as("task_name"),
              col("event_timestamp_us"), kind.as("kind"), col("_session_end_us"),
              lit(t.timeoutSeconds() * 1_000_000L).as("timeout_us"))
          .filter(col("kind").isNotNull());
      relevant = relevant == null ? one : relevant.unionByName(one);
    }
    Dataset<Row> attempts = relevant
        .groupByKey((MapFunction<Row, String>) r -> r.getString(0) + "\u0000" + r.getString(1),
            Encoders.STRING())
        .flatMapGroups((FlatMapGroupsFunction<String, Row, Row>) TaskAttempts::attemptRows,
            Encoders.row(ATTEMPT));
    Dataset<Row> s = sessions.select(col("session_id").as("_s_id"), col("session_date"),
        col("customer_id"), col("user_pseudo_id"));
    Column success = col("outcome").equalTo("success");
    return attempts.join(s, col("session_id").equalTo(col("_s_id")), "inner").select(
        col("session_date"),
        concat_ws(":", col("session_id"), col("task_name"), col("attempt_no").cast("string")).as("attempt_id"),
        col("session_id"),
        col("user_pseudo_id"),
        col("customer_id"),
        col("task_name"),
        timestamp_micros(col("start_us")).as("started_at"),
        timestamp_micros(col("end_us")).as("ended_at"),
        col("outcome"),
        success.as("is_success"),
        when(success, col("outcome_us").minus(col("start_us")).divide(1_000_000.0)).as("time_on_task_s"));
  }

  private static Iterator<Row> attemptRows(String key, Iterator<Row> rows) {
    List<TaskEvent> events = new ArrayList<>();
    String sessionId = null;
    String task = null;
    long sessionEnd = Long.MIN_VALUE;
    long timeout = 0;
    while (rows.hasNext()) {
      Row r = rows.next();
      sessionId = r.getString(0);
      task = r.getString(1);
      events.add(new TaskEvent(r.getLong(2), r.getString(3)));
      sessionEnd = Math.max(sessionEnd, r.getLong(4));
      timeout = r.getLong(5);
    }
    List<Row> out = new ArrayList<>();
    for (Attempt a : sequence(events, sessionEnd, timeout)) {
      out.add(RowFactory.create(sessionId, task, a.number(), a.startUs(), a.endUs(), a.outcome(),
          a.outcomeUs()));
    }
    return out.iterator();
  }

  /**
   * The attempts in one session's events of one task. Events are taken in time order, a start
   * before an outcome at the same instant. An outcome with no open attempt (a purchase without a
   * checkout start) is no attempt; an outcome after the open attempt's timeout ends nothing.
   */
  public static List<Attempt> sequence(List<TaskEvent> events, long sessionEndUs, long timeoutUs) {
    List<TaskEvent> sorted = new ArrayList<>(events);
    sorted.sort(Comparator.comparingLong(TaskEvent::timestampUs)
        .thenComparing(e -> e.kind().equals("start") ? 0 : 1));
    List<Attempt> attempts = new ArrayList<>();
    Long openStart = null;
    for (TaskEvent e : sorted) {
      if (openStart != null && e.timestampUs() - openStart > timeoutUs) {
        attempts.add(new Attempt(attempts.size() + 1, openStart, openStart + timeoutUs, "timeout", null));
        openStart = null;
      }
      if (e.kind().equals("start")) {
        if (openStart == null) {
          openStart = e.timestampUs();
        }
      } else if (openStart != null) {
        attempts.add(new Attempt(attempts.size() + 1, openStart, e.timestampUs(), e.kind(), e.timestampUs()));
        openStart = null;
      }
    }
    if (openStart != null) {
      boolean timedOut = sessionEndUs - openStart > timeoutUs;
      attempts.add(new Attempt(attempts.size() + 1, openStart,
          timedOut ? openStart + timeoutUs : sessionEndUs, timedOut ? "timeout" : "abandoned", null));
    }
    return attempts;
  }
}
