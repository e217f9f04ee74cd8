package com.experiencewarehouse.gold;

import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.quarter;
import static org.apache.spark.sql.functions.unix_timestamp;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;

import com.experiencewarehouse.config.Settings.JourneySettings;
import com.experiencewarehouse.config.Settings.JourneyStage;
import java.time.LocalDate;
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
 * gold.journey_funnel_day and gold.journey_funnel_quarter (METRICS.md "Journey stages"): customers
 * and sessions reaching each stage per segment and period, with the step conversion from the
 * previous stage (customers, and sessions, at this stage / at the previous one).
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
   */
  public static Dataset<Row> build(SegmentScorecard.Grain grain, Dataset<Row> sessions,
      Dataset<Row> tickets, Dataset<Row> responses, Dataset<Row> signups, JourneySettings j,
      LocalDate from) {
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
                unix_timestamp(col("session_start_at")).minus(unix_timestamp(col("_signup_date").cast("timestamp")))
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
        col("session_date").as("_date"), col("segment"), col("customer_id"), col("session_id"),
        explode(org.apache.spark.sql.functions.array_compact(
            org.apache.spark.sql.functions.array(reached.toArray(new Column[0])))).as("stage"));
    Dataset<Row> support = tickets.select(col("opened_date").as("_date"), col("segment"),
            col("customer_id"), lit(null).cast("string").as("session_id"), lit("post_purchase").as("stage"))
        .unionByName(responses.select(col("response_date").as("_date"), col("segment"),
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
    Dataset<Row> full = grid.join(counts, new String[] {"period_start", "segment", "stage"}, "left_outer")
        .withColumn("customers", coalesce(col("customers"), lit(0L)))
        .withColumn("sessions", coalesce(col("sessions"), lit(0L)));
    org.apache.spark.sql.expressions.WindowSpec funnel =
        Window.partitionBy(col("period_start"), col("segment")).orderBy(col("stage_order"));
    Column previousCustomers = lag(col("customers"), 1).over(funnel);
    Column previousSessions = lag(col("sessions"), 1).over(funnel);
    List<Column> out = new ArrayList<>();
    if (grain == SegmentScorecard.Grain.DAY) {
      out.add(col("period_start").as("funnel_date"));
    } else {
      out.add(concat(year(col("period_start")).cast("string"), lit("-Q"),
          quarter(col("period_start")).cast("string")).as("quarter"));
      out.add(col("period_start").as("quarter_start"));
    }
    out.addAll(List.of(col("segment"), col("stage"), col("stage_order"), col("customers"), col("sessions"),
        com.experiencewarehouse.metrics.Metrics.ratio(col("customers"), previousCustomers)
            .as("customer_step_conversion"),
        com.experiencewarehouse.metrics.Metrics.ratio(col("sessions"), previousSessions)
            .as("session_step_conversion")));
    return full.select(out.toArray(new Column[0]));
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
