package com.experiencewarehouse.gold;

import static com.experiencewarehouse.testing.Rows.assertRows;

import com.experiencewarehouse.testing.Rows;
import java.sql.Date;
import java.sql.Timestamp;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class CustomerExperienceDailyTest {

  private static final Date D1 = Date.valueOf("2026-09-14");
  private static final Date D2 = Date.valueOf("2026-09-15");

  @Test
  void aCustomersDayJoinsWhatTheyDidWithWhatTheySaidInTheirSegmentOfThatDay() {
    Dataset<Row> sessions = Rows.frame(new StructType()
            .add("session_date", DataTypes.DateType).add("customer_id", DataTypes.StringType)
            .add("is_engaged", DataTypes.BooleanType).add("page_views", DataTypes.LongType)
            .add("is_converted", DataTypes.BooleanType).add("has_add_to_cart", DataTypes.BooleanType)
            .add("has_purchase", DataTypes.BooleanType).add("error_events", DataTypes.LongType)
            .add("duration_s", DataTypes.DoubleType),
        new Object[] {D1, "c1", true, 3L, true, true, true, 0L, 120.0},
        new Object[] {D1, "c1", false, 1L, false, false, false, 2L, 0.0},
        new Object[] {D1, null, true, 5L, false, false, false, 0L, 60.0});   // anonymous: no row
    Dataset<Row> attempts = Rows.frame(new StructType()
            .add("session_date", DataTypes.DateType).add("customer_id", DataTypes.StringType)
            .add("is_success", DataTypes.BooleanType).add("time_on_task_s", DataTypes.DoubleType),
        new Object[] {D1, "c1", true, 30.0},
        new Object[] {D1, "c1", false, null});
    StructType responseSchema = new StructType()
        .add("response_date", DataTypes.DateType).add("customer_id", DataTypes.StringType)
        .add("survey_type", DataTypes.StringType).add("score", DataTypes.DoubleType)
        .add("responded_at", DataTypes.TimestampType).add("is_promoter", DataTypes.BooleanType)
        .add("is_detractor", DataTypes.BooleanType);
    Dataset<Row> responses = Rows.frame(responseSchema,
        new Object[] {D1, "c1", "NPS", 4.0, Timestamp.valueOf("2026-09-14 09:00:00"), false, true},
        new Object[] {D1, "c1", "NPS", 6.0, Timestamp.valueOf("2026-09-14 18:00:00"), false, true}, // the day's last
        new Object[] {D2, "c2", "CSAT", 5.0, Timestamp.valueOf("2026-09-15 10:00:00"), null, null},
        // An NPS answer exported only as its group (promoter): its flags, no score.
        new Object[] {D2, "c3", "NPS", null, Timestamp.valueOf("2026-09-15 11:00:00"), true, false});
    Dataset<Row> tickets = Rows.frame(new StructType()
            .add("opened_date", DataTypes.DateType).add("customer_id", DataTypes.StringType),
        new Object[] {D2, "c2"});
    // SCD2 versions: c1 was smb until D2 and enterprise from then on; c2 is enterprise throughout.
    Dataset<Row> customers = Rows.frame(new StructType()
            .add("customer_id", DataTypes.StringType).add("valid_from", DataTypes.TimestampType)
            .add("valid_to", DataTypes.TimestampType).add("segment", DataTypes.StringType)
            .add("plan", DataTypes.StringType).add("owner", DataTypes.StringType),
        new Object[] {"c1", Timestamp.valueOf("2026-01-01 00:00:00"), Timestamp.valueOf("2026-09-15 00:00:00"), "smb", "pro", "U-7"},
        new Object[] {"c1", Timestamp.valueOf("2026-09-15 00:00:00"), null, "enterprise", "pro", "U-7"},
        new Object[] {"c2", Timestamp.valueOf("2026-02-01 00:00:00"), null, "enterprise", "team", "U-7"});
    Dataset<Row> out = CustomerExperienceDaily.build(sessions, attempts, responses, tickets, customers);
    // c1 on D1: 2 sessions (1 engaged), 4 page views, 120 s, 1 converted/cart/purchase, 2 errors in 1
    // session; 2 attempts, 1 success → 0.5, median of the one success 30 s; last NPS 6 → detractor.
    // c2 on D2: nothing on the web (counts 0; duration and rates NULL), a CSAT 5 and a ticket.
    assertRows(out,
        "[2026-09-14,c1,smb,pro,2,1,4,120.0,1,1,1,2,1,2,1,1,0.5,30.0,0,6,false,true,null,null,null]",
        "[2026-09-15,c2,enterprise,team,0,0,0,null,0,0,0,0,0,0,0,0,null,null,1,null,null,null,5,null,null]",
        "[2026-09-15,c3,(unknown),null,0,0,0,null,0,0,0,0,0,0,0,0,null,null,0,null,true,false,null,null,null]");
  }
}
