package com.experiencewarehouse.gold;

import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.quarter;
import static org.apache.spark.sql.functions.unix_timestamp;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;

import com.experiencewarehouse.config.Settings.JourneySettings;
import com.experiencewarehouse.config.Settings.JourneyStage;
import com.experiencewarehouse.spark.LocalDays;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * gold.journey_funnel_day and gold.journey_funnel_quarter (docs/metrics.md "Journey funnel"): customers
 * and sessions reaching each stage per segment and period (reach, not nested), and the real funnel:
 * customers (sessions) reaching the stage after the earlier ones in order, with the step conversion
 * from the previous stage (in order at this stage / in order at the previous one, never above 1).
 *
 * <p>In order, for a customer: the earliest time at stage 1, then the earliest time at stage 2 not
 * before it, and so on (greedy, which finds an in-order path whenever one exists); a customer is in
 * order at stage k when stages 1..k have such times in the period. A fact's time is its session's
 * start (the stages of one session count as in order: events within a session are not ordered by
 * stage), the ticket's opening or the answer's time. For a session: it has stages 1..k.
 *
 * <p>A session reaches the stages whose configured events it has (silver.web_session.journey_stages);
 * besides, a customer with a ticket or a survey answer in the period reaches post-purchase; a session
 * less than reengage-days after the visitor's previous one is a return visit (ongoing); a known
 * customer's session at least reengage-days after their previous one — or, with none in the
 * look-back, of a customer signed up at least reengage-days before — is re-engagement.
 */
public final class JourneyFunnel {

  public static final String DAY_TABLE = "gold.journey_funnel_day";
  public static final String QUARTER_TABLE = "gold.journey_funnel_quarter";

  private JourneyFunnel() {}

  /**
   * @param sessions silver.web_session rows with {@code segment}, from reengage-days before
   *     {@code from} (the look-back for previous visits) through the periods' end
   * @param tickets silver.support_ticket rows of the periods, with {@code segment}
   * @param responses silver.survey_response rows of the periods, with {@code segment}
   * @param signups customer_id, signup_date (one row per customer)
   * @param from first date of the periods; earlier sessions only serve as history
   * @param zone the property's reporting zone: a signup date starts at its local midnight
   */
  public static Dataset<Row> build(SegmentScorecard.Grain grain, Dataset<Row> sessions,
      Dataset<Row> tickets, Dataset<Row> responses, Dataset<Row> signups, JourneySettings j,
      LocalDate from, ZoneId zone) {
    long reengageS = j.reengageDays() * 86_400L;
    Column visitor = coalesce(col("customer_id"), concat(lit("device:"), col("user_pseudo_id")));
    Column prev = lag(col("session_start_at"), 1).over(
        Window.partitionBy(visitor).orderBy(col("session_start_at"), col("session_id")));
    Column gapS = unix_timestamp(col("session_start_at")).minus(unix_timestamp(col("_prev_start")));
    Column stages = col("journey_stages");
    Column returning = col("_prev_start").isNotNull().and(gapS.lt(reengageS));
    Column reengaged = col("customer_id").isNotNull().and(
        col("_prev_start").isNotNull().and(gapS.geq(reengageS))
            .or(col("_prev_start").isNull().and(
                unix_timestamp(col("session_start_at"))
                    .minus(unix_timestamp(LocalDays.startOf(col("_signup_date"), zone)))
                    .geq(reengageS))));
    Dataset<Row> s = sessions
        .join(signups.select(col("customer_id").as("_c_id"), col("signup_date").as("_signup_date")),
            col("customer_id").equalTo(col("_c_id")), "left_outer")
        .withColumn("_prev_start", prev)
        .filter(col("session_date").geq(lit(from)));
    List<Column> reached = new ArrayList<>();
    for (JourneyStage st : j.stages()) {
      Column has = coalesce(array_contains(stages, st.name()), lit(false));
      if (st.name().equals("ongoing")) {
        has = has.or(returning);
      } else if (st.name().equals("re_engagement")) {
        has = has.or(coalesce(reengaged, lit(false)));
      }
      reached.add(when(has, lit(st.name())));
    }
    Dataset<Row> sessionStages = s.select(
        col("session_date").as("_date"), col("session_start_at").cast("timestamp").as("_at"), col("segment"),
        col("customer_id"), col("session_id"),
        explode(org.apache.spark.sql.functions.array_compact(
            org.apache.spark.sql.functions.array(reached.toArray(new Column[0])))).as("stage"));
    Dataset<Row> support = tickets.select(col("opened_date").as("_date"),
            col("opened_at").cast("timestamp").as("_at"), col("segment"),
            col("customer_id"), lit(null).cast("string").as("session_id"), lit("post_purchase").as("stage"))
        .unionByName(responses.select(col("response_date").as("_date"),
            col("responded_at").cast("timestamp").as("_at"), col("segment"),
            col("customer_id"), lit(null).cast("string").as("session_id"), lit("post_purchase").as("stage")));
    Dataset<Row> reachedRows = sessionStages.unionByName(support)
        .withColumn("period_start", grain.periodStart(col("_date")));
    // A session reaches a stage once (one row per session and stage), so its rows are counted;
    // customers reach a stage in many sessions, so they are counted distinct.
    Dataset<Row> counts = Segments.withAll(reachedRows)
        .groupBy(col("period_start"), col("segment"), col("stage"))
        .agg(countDistinct(col("customer_id")).as("customers"), count(col("session_id")).as("sessions"));
    // Every stage of every (period, segment) seen, even when nobody reached it.
    Dataset<Row> grid = counts.select(col("period_start"), col("segment")).distinct()
        .crossJoin(stageOrder(sessions.sparkSession(), j));
    Dataset<Row> ordered = inOrder(Segments.withAll(reachedRows)
        .join(stageOrder(sessions.sparkSession(), j), "stage"), j.stages().size());
    Dataset<Row> full = grid.join(counts, new String[] {"period_start", "segment", "stage"}, "left_outer")
        .join(ordered, new String[] {"period_start", "segment", "stage_order"}, "left_outer")
        .withColumn("customers", coalesce(col("customers"), lit(0L)))
        .withColumn("sessions", coalesce(col("sessions"), lit(0L)))
        .withColumn("customers_in_order", coalesce(col("customers_in_order"), lit(0L)))
        .withColumn("sessions_in_order", coalesce(col("sessions_in_order"), lit(0L)));
    org.apache.spark.sql.expressions.WindowSpec funnel =
        Window.partitionBy(col("period_start"), col("segment")).orderBy(col("stage_order"));
    Column previousCustomers = lag(col("customers_in_order"), 1).over(funnel);
    Column previousSessions = lag(col("sessions_in_order"), 1).over(funnel);
    List<Column> out = new ArrayList<>();
    if (grain == SegmentScorecard.Grain.DAY) {
      out.add(col("period_start").as("funnel_date"));
    } else {
      out.add(concat(year(col("period_start")).cast("string"), lit("-Q"),
          quarter(col("period_start")).cast("string")).as("quarter"));
      out.add(col("period_start").as("quarter_start"));
    }
    out.addAll(List.of(col("segment"), col("stage"), col("stage_order"), col("customers"), col("sessions"),
        com.experiencewarehouse.metrics.Metrics.ratio(col("customers_in_order"), previousCustomers)
            .as("customer_step_conversion"),
        com.experiencewarehouse.metrics.Metrics.ratio(col("sessions_in_order"), previousSessions)
            .as("session_step_conversion"),
        col("customers_in_order"), col("sessions_in_order")));
    return full.select(out.toArray(new Column[0]));
  }

  /**
   * Per period, segment and stage_order: customers_in_order and sessions_in_order (see the class
   * comment), from rows (period_start, segment, customer_id, session_id, stage_order, _at).
   */
  private static Dataset<Row> inOrder(Dataset<Row> facts, int stages) {
    Dataset<Row> paths = facts.filter(col("customer_id").isNotNull())
        .groupBy(col("period_start"), col("segment"), col("customer_id"))
        .agg(org.apache.spark.sql.functions.collect_list(
            org.apache.spark.sql.functions.struct(col("stage_order").as("o"), col("_at").as("at"))).as("_path"));
    List<Column> reachedAt = new ArrayList<>();
    for (int k = 1; k <= stages; k++) {
      String after = k == 1 ? "" : " AND x.at >= _t" + (k - 1);
      paths = paths.withColumn("_t" + k,
          expr("array_min(transform(filter(_path, x -> x.o = " + k + after + "), x -> x.at))"));
      reachedAt.add(when(col("_t" + k).isNotNull(), lit(k)));
    }
    Dataset<Row> customers = paths
        .select(col("period_start"), col("segment"),
            explode(org.apache.spark.sql.functions.array_compact(
                org.apache.spark.sql.functions.array(reachedAt.toArray(new Column[0])))).as("stage_order"))
        .groupBy(col("period_start"), col("segment"), col("stage_order"))
        .agg(count(lit(1)).as("customers_in_order"));
    // A session's in-order depth: the longest prefix 1..p of the stages it has.
    Dataset<Row> sessionsInOrder = facts.filter(col("session_id").isNotNull())
        .groupBy(col("period_start"), col("segment"), col("session_id"))
        .agg(org.apache.spark.sql.functions.collect_set(col("stage_order")).as("_set"))
        .withColumn("_depth", expr("aggregate(sequence(1, " + stages + "), 0, "
            + "(acc, k) -> IF(acc = k - 1 AND array_contains(_set, k), k, acc))"))
        .filter(col("_depth").gt(0))
        .select(col("period_start"), col("segment"),
            explode(org.apache.spark.sql.functions.sequence(lit(1), col("_depth"))).as("stage_order"))
        .groupBy(col("period_start"), col("segment"), col("stage_order"))
        .agg(count(lit(1)).as("sessions_in_order"));
    return customers.join(sessionsInOrder, new String[] {"period_start", "segment", "stage_order"}, "full_outer");
  }

  private static Dataset<Row> stageOrder(SparkSession spark, JourneySettings j) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < j.stages().size(); i++) {
      rows.add(RowFactory.create(j.stages().get(i).name(), i + 1));
    }
    return spark.createDataFrame(rows, new StructType()
        .add("stage", DataTypes.StringType, false).add("stage_order", DataTypes.IntegerType, false));
  }
}
