package com.experiencewarehouse.silver;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.timestamp_micros;
import static org.apache.spark.sql.functions.unix_micros;
import static org.apache.spark.sql.functions.when;

import com.experiencewarehouse.config.Settings.TaskDefinition;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * silver.task_attempt (docs/metrics.md "Per task"): an attempt starts at a start event and ends at the first
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

  /** A task's rule, in a form the executors can take: event names by kind and the timeout. */
  private record Rule(String name, Set<String> start, Set<String> success, Set<String> failure, long timeoutUs)
      implements Serializable {

    static Rule of(TaskDefinition t) {
      return new Rule(t.name(), Set.copyOf(t.start()), Set.copyOf(t.success()), Set.copyOf(t.failure()),
          t.timeoutSeconds() * 1_000_000L);
    }

    /** "start", "success", "failure", or null for an event the task does not name. */
    String kind(String eventName) {
      return start.contains(eventName) ? "start"
          : success.contains(eventName) ? "success"
          : failure.contains(eventName) ? "failure" : null;
    }
  }

  /** The flatMap's output: the session's keys and one attempt. */
  private static final StructType ATTEMPT = new StructType()
      .add("session_date", DataTypes.DateType, false)
      .add("session_id", DataTypes.StringType, false)
      .add("user_pseudo_id", DataTypes.StringType, false)
      .add("customer_id", DataTypes.StringType, true)
      .add("task_name", DataTypes.StringType, false)
      .add("attempt_no", DataTypes.IntegerType, false)
      .add("start_us", DataTypes.LongType, false)
      .add("end_us", DataTypes.LongType, false)
      .add("outcome", DataTypes.StringType, false)
      .add("outcome_us", DataTypes.LongType, true);

  private TaskAttempts() {}

  /** Every event name some task starts, succeeds or fails on: the events sessions keep for this. */
  public static List<String> eventNames(List<TaskDefinition> tasks) {
    return tasks.stream()
        .flatMap(t -> java.util.stream.Stream.of(t.start(), t.success(), t.failure()).flatMap(List::stream))
        .distinct().toList();
  }

  /**
   * @param sessions silver sessions (session_date, session_id, user_pseudo_id, customer_id,
   *     session_end_at) with {@code task_events} (array of timestamp_us, event_name), as
   *     {@link WebSessions#build} makes them: each session's attempts come from its own row, so
   *     no shuffle is needed
   */
  public static Dataset<Row> build(Dataset<Row> sessions, List<TaskDefinition> tasks) {
    if (tasks.isEmpty()) {
      throw new IllegalArgumentException("no tasks configured (xw.tasks)");
    }
    List<Rule> rules = tasks.stream().map(Rule::of).toList();
    Dataset<Row> attempts = sessions
        .select(col("session_date"), col("session_id"), col("user_pseudo_id"), col("customer_id"),
            unix_micros(col("session_end_at")).as("session_end_us"), col("task_events"))
        .flatMap((FlatMapFunction<Row, Row>) session -> attemptRows(session, rules), Encoders.row(ATTEMPT));
    Column success = col("outcome").equalTo("success");
    return attempts.select(
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

  private static Iterator<Row> attemptRows(Row session, List<Rule> rules) {
    long sessionEnd = session.getLong(4);
    List<Row> taskEvents = session.getList(5);
    List<Row> out = new ArrayList<>();
    for (Rule rule : rules) {
      List<TaskEvent> events = new ArrayList<>();
      for (Row e : taskEvents) {
        String kind = rule.kind(e.getString(1));
        if (kind != null) {
          events.add(new TaskEvent(e.getLong(0), kind));
        }
      }
      for (Attempt a : sequence(events, sessionEnd, rule.timeoutUs())) {
        out.add(RowFactory.create(session.get(0), session.get(1), session.get(2), session.get(3), rule.name(),
            a.number(), a.startUs(), a.endUs(), a.outcome(), a.outcomeUs()));
      }
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
