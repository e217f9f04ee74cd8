package com.experiencewarehouse.gold;

import static com.experiencewarehouse.testing.Rows.assertRows;

import com.experiencewarehouse.testing.Rows;
import java.sql.Timestamp;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class SegmentsTest {

  @Test
  void eachFactTakesTheSegmentItsCustomerHadAtTheFactsTimestamp() {
    // c1 moves from smb to enterprise on 2026-08-15 (mid-quarter).
    Dataset<Row> dim = Rows.frame(new StructType()
            .add("customer_id", DataTypes.StringType).add("valid_from", DataTypes.TimestampType)
            .add("valid_to", DataTypes.TimestampType).add("segment", DataTypes.StringType)
            .add("plan", DataTypes.StringType).add("owner", DataTypes.StringType),
        new Object[] {"c1", Timestamp.valueOf("2026-01-01 00:00:00"), Timestamp.valueOf("2026-08-15 00:00:00"), "smb", "pro", "U-7"},
        new Object[] {"c1", Timestamp.valueOf("2026-08-15 00:00:00"), null, "enterprise", "team", "U-7"});
    Dataset<Row> facts = Rows.frame(new StructType()
            .add("fact_id", DataTypes.StringType).add("customer_id", DataTypes.StringType)
            .add("at", DataTypes.TimestampType),
        new Object[] {"f1", "c1", Timestamp.valueOf("2026-07-10 12:00:00")},   // before the change
        new Object[] {"f2", "c1", Timestamp.valueOf("2026-08-14 23:59:59")},   // last second before
        new Object[] {"f3", "c1", Timestamp.valueOf("2026-08-15 00:00:00")},   // valid_from is inclusive
        new Object[] {"f4", "c9", Timestamp.valueOf("2026-08-20 00:00:00")},   // not in the CRM
        new Object[] {"f5", null, Timestamp.valueOf("2026-08-20 00:00:00")});  // anonymous
    assertRows(Segments.attach(facts, "at", dim).select("fact_id", "segment", "plan"),
        "[f1,smb,pro]", "[f2,smb,pro]", "[f3,enterprise,team]", "[f4,(unknown),null]",
        "[f5,(anonymous),null]");
  }
}
