package com.experiencewarehouse.silver;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.timestamp_micros;
import static org.apache.spark.sql.functions.when;

import com.experiencewarehouse.config.Settings.TaskDefinition;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * silver.task_attempt (METRICS.md "Task"): an attempt starts at a start event and ends at the first
 * success or failure event, the end of its session, or its timeout. A start event while an attempt
 * is still open (within the timeout, no outcome yet) continues that attempt rather than opening a
 * second one, so a reloaded checkout page is one attempt.
 */
public final class TaskAttempts {

  public static final String TABLE = "silver.task_attempt";

  private TaskAttempts() {}

  /**
   * @param sessionEvents events with {@code session_id}
   * @param sessions silver sessions (session_id, session_date, customer_id)
   */
  public static Dataset<Row> build(Dataset<Row> sessionEvents, Dataset<Row> sessions,
      List<TaskDefinition> tasks) {
    Dataset<Row> withEnd = sessionEvents.withColumn("_session_end_us",
        max(col("event_timestamp_us")).over(Window.partitionBy(col("session_id"))));
    Dataset<Row> all = null;
    for (TaskDefinition t : tasks) {
      Dataset<Row> one = attemptsOf(withEnd, t);
      all = all == null ? one : all.unionByName(one);
    }
    if (all == null) {
      throw new IllegalArgumentException("no tasks configured (xw.tasks)");
    }
    Dataset<Row> s = sessions.select(col("session_id").as("_s_id"), col("session_date"),
        col("customer_id"), col("user_pseudo_id"));
    return all.join(s, col("session_id").equalTo(col("_s_id")), "inner").select(
        col("session_date"),
        col("attempt_id"),
        col("session_id"),
        col("user_pseudo_id"),
        col("customer_id"),
        col("task_name"),
        col("started_at"),
        col("ended_at"),
        col("outcome"),
        col("outcome").equalTo("success").as("is_success"),
        col("time_on_task_s"));
  }

  private static Dataset<Row> attemptsOf(Dataset<Row> events, TaskDefinition t) {
    long timeoutUs = t.timeoutSeconds() * 1_000_000L;
    Column name = col("event_name");
    Column kind = when(name.isin(t.start().toArray()), lit("start"))
        .when(name.isin(t.success().toArray()), lit("success"))
        .when(name.isin(t.failure().toArray()), lit("failure"));
    WindowSpec inSession = Window.partitionBy(col("session_id"))
        .orderBy(col("event_timestamp_us"), col("_kind_order"));
    Column prevKind = lag(col("_kind"), 1).over(inSession);
    Column prevTs = lag(col("event_timestamp_us"), 1).over(inSession);
    Column begins = col("_kind").equalTo("start").and(prevKind.isNull()
        .or(prevKind.isin("success", "failure"))
        .or(col("event_timestamp_us").minus(prevTs).gt(timeoutUs)));
    Dataset<Row> relevant = events
        .withColumn("_kind", kind)
        .filter(col("_kind").isNotNull())
        // Same microsecond: a start sorts before its outcome.
        .withColumn("_kind_order", when(col("_kind").equalTo("start"), 0).otherwise(1))
        .withColumn("_begins", begins)
        .withColumn("_attempt_no", sum(when(col("_begins"), 1).otherwise(0))
            .over(inSession.rowsBetween(Window.unboundedPreceding(), 0)))
        .filter(col("_attempt_no").gt(0));
    Column terminalTs = when(col("_kind").isin("success", "failure"), col("event_timestamp_us"));
    Dataset<Row> grouped = relevant.groupBy(col("session_id"), col("_attempt_no")).agg(
        min(when(col("_begins"), col("event_timestamp_us"))).as("start_us"),
        min(terminalTs).as("outcome_us"),
        min_by(col("_kind"), terminalTs).as("outcome_kind"),
        max(col("_session_end_us")).as("session_end_us"));
    Column inTime = col("outcome_us").isNotNull()
        .and(col("outcome_us").minus(col("start_us")).leq(timeoutUs));
    Column outcome = when(inTime, col("outcome_kind"))
        .when(col("session_end_us").minus(col("start_us")).gt(timeoutUs), lit("timeout"))
        .otherwise(lit("abandoned"));
    Column endUs = when(inTime, col("outcome_us"))
        .otherwise(least(col("session_end_us"), col("start_us").plus(timeoutUs)));
    return grouped.select(
        concat_ws(":", col("session_id"), lit(t.name()), col("_attempt_no").cast("string")).as("attempt_id"),
        col("session_id"),
        lit(t.name()).as("task_name"),
        timestamp_micros(col("start_us")).as("started_at"),
        timestamp_micros(endUs).as("ended_at"),
        outcome.as("outcome"),
        when(outcome.equalTo("success"), col("outcome_us").minus(col("start_us")).divide(1_000_000.0))
            .as("time_on_task_s"));
  }
}
