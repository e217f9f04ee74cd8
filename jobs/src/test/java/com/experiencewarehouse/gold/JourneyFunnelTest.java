package com.experiencewarehouse.gold;

import com.experiencewarehouse.config.Settings.JourneySettings;
import com.experiencewarehouse.config.Settings.JourneyStage;
import com.experiencewarehouse.testing.Rows;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class JourneyFunnelTest {

  private static final Date D = Date.valueOf("2026-09-14");

  static final StructType SESSIONS = new StructType()
      .add("session_date", DataTypes.DateType).add("session_start_at", DataTypes.TimestampType)
      .add("segment", DataTypes.StringType).add("customer_id", DataTypes.StringType)
      .add("user_pseudo_id", DataTypes.StringType).add("session_id", DataTypes.StringType)
      .add("journey_stages", DataTypes.createArrayType(DataTypes.StringType));
  static final StructType TICKETS = new StructType()
      .add("opened_date", DataTypes.DateType).add("opened_at", DataTypes.TimestampType)
      .add("segment", DataTypes.StringType).add("customer_id", DataTypes.StringType);
  static final StructType RESPONSES = new StructType()
      .add("response_date", DataTypes.DateType).add("responded_at", DataTypes.TimestampType)
      .add("segment", DataTypes.StringType).add("customer_id", DataTypes.StringType);
  static final StructType SIGNUPS = new StructType()
      .add("customer_id", DataTypes.StringType).add("signup_date", DataTypes.DateType);

  private static Timestamp at(String hhmm) {
    return Timestamp.valueOf("2026-09-14 " + hhmm + ":00");
  }

  private static Object[] session(String customer, String id, String hhmm, String... stages) {
    return new Object[] {D, at(hhmm), "A", customer, "p-" + customer, id,
        scala.jdk.javaapi.CollectionConverters.asScala(List.of(stages)).toSeq()};
  }

  @Test
  void aStageCountsInTheFunnelOnlyAfterTheEarlierStagesInOrder() {
    JourneySettings j = new JourneySettings(List.of(new JourneyStage("pre_purchase", List.of()),
        new JourneyStage("purchase", List.of()), new JourneyStage("post_purchase", List.of())), 30);
    Dataset<Row> sessions = Rows.frame(SESSIONS,
        // c1: pre 10:00, purchase 11:00, ticket 12:00 → in order through stage 3.
        session("c1", "s1", "10:00", "pre_purchase"), session("c1", "s2", "11:00", "purchase"),
        // c2: pre 10:00, ticket 11:00, never purchase → reaches stage 3 without stage 2.
        session("c2", "s3", "10:00", "pre_purchase"),
        // c3: purchase 09:00 before pre 10:00 → stage 2 before stage 1: in order at stage 1 only.
        session("c3", "s4", "09:00", "purchase"), session("c3", "s5", "10:00", "pre_purchase"),
        // c4: pre and purchase in one session at 08:00 (in order), its answer at 07:00 is before.
        session("c4", "s6", "08:00", "pre_purchase", "purchase"),
        // c5: purchase 08:00, pre 09:00, purchase 10:00 → greedy takes the 10:00 purchase: stage 2.
        session("c5", "s7", "08:00", "purchase"), session("c5", "s8", "09:00", "pre_purchase"),
        session("c5", "s9", "10:00", "purchase"));
    Dataset<Row> tickets = Rows.frame(TICKETS,
        new Object[] {D, at("12:00"), "A", "c1"}, new Object[] {D, at("11:00"), "A", "c2"});
    Dataset<Row> responses = Rows.frame(RESPONSES, new Object[] {D, at("07:00"), "A", "c4"});
    Dataset<Row> funnel = JourneyFunnel.build(SegmentScorecard.Grain.DAY, sessions, tickets, responses,
        Rows.frame(SIGNUPS), j, LocalDate.of(2026, 9, 14), ZoneOffset.UTC);
    // Reach (not nested): pre c1–c5 = 5 customers, sessions s1 s3 s5 s6 s8 = 5; purchase c1 c3 c4 c5
    // = 4, sessions s2 s4 s6 s7 s9 = 5; post-purchase c1, c2 (tickets), c4 (answer) = 3, no session.
    // In order: stage 1 all 5; stage 2 c1, c4, c5 = 3 (c3's purchase precedes its pre-purchase);
    // stage 3 c1 = 1 (c2 lacks stage 2, c4's answer precedes its stages) → 3/5 = 0.6, 1/3.
    // Sessions in order: with pre 5; with pre and purchase s6 = 1 → 1/5 = 0.2; then 0/1 = 0.0.
    // The reach ratios would be 4/5 and 3/4 (and 183.9 % on the samples): not reported as conversion.
    String third = String.valueOf(1.0 / 3.0);
    for (String seg : List.of("A", Segments.ALL)) {
      Rows.assertRows(funnel.filter(org.apache.spark.sql.functions.col("segment").equalTo(seg))
              .select("funnel_date", "segment", "stage_order", "stage", "customers", "sessions",
                  "customers_in_order", "sessions_in_order", "customer_step_conversion",
                  "session_step_conversion"),
          "[2026-09-14," + seg + ",1,pre_purchase,5,5,5,5,null,null]",
          "[2026-09-14," + seg + ",2,purchase,4,5,3,1,0.6,0.2]",
          "[2026-09-14," + seg + ",3,post_purchase,3,0,1,0," + third + ",0.0]");
    }
  }

  @Test
  void reEngagementCountsFromTheSignupDaysLocalMidnight() {
    JourneySettings j = new JourneySettings(List.of(new JourneyStage("re_engagement", List.of())), 30);
    Date day = Date.valueOf("2026-09-13");
    // Both first sessions at 2026-09-14 03:00 UTC = 2026-09-13 20:00 in Los Angeles (PDT, UTC-7).
    Timestamp start = Timestamp.valueOf("2026-09-14 03:00:00");
    Dataset<Row> sessions = Rows.frame(SESSIONS,
        new Object[] {day, start, "A", "c1", "p-c1", "s1", scala.jdk.javaapi.CollectionConverters
            .asScala(List.<String>of()).toSeq()},
        new Object[] {day, start, "A", "c2", "p-c2", "s2", scala.jdk.javaapi.CollectionConverters
            .asScala(List.<String>of()).toSeq()});
    Dataset<Row> signups = Rows.frame(SIGNUPS, new Object[] {"c1", Date.valueOf("2026-08-15")},
        new Object[] {"c2", Date.valueOf("2026-08-14")});
    // Los Angeles: c1 signed up at 2026-08-15 07:00 UTC → 29 d 20 h before, under 30 days: not
    // re-engaged; c2 at 2026-08-14 07:00 UTC → 30 d 20 h: re-engaged. 1 customer.
    Rows.assertRows(JourneyFunnel.build(SegmentScorecard.Grain.DAY, sessions, Rows.frame(TICKETS),
            Rows.frame(RESPONSES), signups, j, day.toLocalDate(), ZoneId.of("America/Los_Angeles"))
            .filter(org.apache.spark.sql.functions.col("segment").equalTo("A"))
            .select("funnel_date", "stage", "customers"),
        "[2026-09-13,re_engagement,1]");
    // Read at UTC midnight, c1's signup would be 30 d 3 h before: both counted (the old defect).
    Rows.assertRows(JourneyFunnel.build(SegmentScorecard.Grain.DAY, sessions, Rows.frame(TICKETS),
            Rows.frame(RESPONSES), signups, j, day.toLocalDate(), ZoneOffset.UTC)
            .filter(org.apache.spark.sql.functions.col("segment").equalTo("A"))
            .select("funnel_date", "stage", "customers"),
        "[2026-09-13,re_engagement,2]");
  }
}
