package com.experiencewarehouse.silver;

import static com.experiencewarehouse.testing.Rows.assertRows;
import static org.apache.spark.sql.functions.col;

import com.experiencewarehouse.testing.Rows;
import java.sql.Date;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

public class CustomerDimensionTest {

  /** silver.customer_snapshot's shape, for hand-built snapshots. */
  public static final StructType SNAPSHOT = new StructType()
      .add("snapshot_date", DataTypes.DateType).add("customer_id", DataTypes.StringType)
      .add("email_key", DataTypes.StringType).add("segment", DataTypes.StringType)
      .add("plan", DataTypes.StringType).add("region", DataTypes.StringType)
      .add("signup_date", DataTypes.DateType).add("status", DataTypes.StringType)
      .add("is_churned", DataTypes.BooleanType).add("churn_date", DataTypes.DateType)
      .add("lifetime_value", DataTypes.createDecimalType(18, 2)).add("owner", DataTypes.StringType);

  private static Object[] snap(String day, String id, String segment, String plan) {
    return new Object[] {Date.valueOf(day), id, "k-" + id, segment, plan, "EMEA",
        Date.valueOf("2026-06-01"), "active", false, null, null, "U-1"};
  }

  @Test
  void aNewVersionStartsOnlyWhenATrackedAttributeChanges() {
    Dataset<Row> snapshots = Rows.frame(SNAPSHOT,
        snap("2026-09-14", "A", "smb", "pro"),
        snap("2026-09-15", "A", "smb", "pro"),          // unchanged: same version
        snap("2026-09-16", "A", "enterprise", "pro"),   // segment changes → version 2
        snap("2026-09-17", "A", "enterprise", "team"),  // plan changes → version 3 (current)
        snap("2026-09-16", "B", "consumer", "free"));   // first seen on the 16th
    // A's first version reaches back to its signup (2026-06-01), so earlier facts find it.
    assertRows(CustomerDimension.versions(snapshots)
            .select(col("customer_id"), col("valid_from").cast("string"), col("valid_to").cast("string"),
                col("is_current"), col("segment"), col("plan")),
        "[A,2026-06-01 00:00:00,2026-09-16 00:00:00,false,smb,pro]",
        "[A,2026-09-16 00:00:00,2026-09-17 00:00:00,false,enterprise,pro]",
        "[A,2026-09-17 00:00:00,null,true,enterprise,team]",
        "[B,2026-06-01 00:00:00,null,true,consumer,free]");
  }
}
