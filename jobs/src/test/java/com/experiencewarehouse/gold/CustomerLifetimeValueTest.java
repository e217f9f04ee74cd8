package com.experiencewarehouse.gold;

import static com.experiencewarehouse.testing.Rows.assertRows;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.experiencewarehouse.testing.Rows;
import java.math.BigDecimal;
import java.sql.Date;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class CustomerLifetimeValueTest {

  private static final StructType CUSTOMERS = new StructType()
      .add("customer_id", DataTypes.StringType).add("is_current", DataTypes.BooleanType)
      .add("segment", DataTypes.StringType).add("lifetime_value", DataTypes.createDecimalType(18, 2));

  private static final StructType SESSIONS = new StructType()
      .add("session_date", DataTypes.DateType).add("customer_id", DataTypes.StringType)
      .add("has_purchase", DataTypes.BooleanType).add("purchase_revenue", DataTypes.createDecimalType(18, 2));

  private static BigDecimal money(String v) {
    return new BigDecimal(v);
  }

  private static Dataset<Row> customers() {
    return Rows.frame(CUSTOMERS,
        // c1: the CRM's value wins over its web purchases; its old version (smb, 10.00) is not used.
        new Object[] {"c1", false, "smb", money("10.00")},
        new Object[] {"c1", true, "enterprise", money("900.00")},
        // c2: no CRM value, two purchases and a session without one.
        new Object[] {"c2", true, "consumer", null},
        // c3: no CRM value, no session at all: no known order.
        new Object[] {"c3", true, "consumer", null},
        // c4: no CRM value, a purchase without any value: unknown, not the other purchase's 5.00.
        new Object[] {"c4", true, "smb", null});
  }

  @Test
  void theCrmsValueElseThePurchaseRevenueToDateNeverAPartialSum() {
    Dataset<Row> sessions = Rows.frame(SESSIONS,
        new Object[] {Date.valueOf("2026-09-12"), "c1", true, money("50.00")},
        new Object[] {Date.valueOf("2026-09-13"), "c2", true, money("19.99")},
        new Object[] {Date.valueOf("2026-09-14"), "c2", false, money("0.00")},
        new Object[] {Date.valueOf("2026-09-15"), "c2", true, money("100.01")},
        new Object[] {Date.valueOf("2026-09-14"), "c4", true, money("5.00")},
        new Object[] {Date.valueOf("2026-09-14"), "c4", true, null},
        // Anonymous and unknown customers' sessions count for nobody; the latest date is still theirs.
        new Object[] {Date.valueOf("2026-09-16"), null, true, money("7.00")},
        new Object[] {Date.valueOf("2026-09-15"), "c9", true, money("3.00")});
    Dataset<Row> out = CustomerLifetimeValue.build(customers(), sessions);
    assertEquals(new StructType()
            .add("customer_id", DataTypes.StringType).add("segment", DataTypes.StringType)
            .add("lifetime_value", DataTypes.createDecimalType(18, 2)).add("lifetime_value_basis", DataTypes.StringType)
            .add("crm_lifetime_value", DataTypes.createDecimalType(18, 2))
            .add("web_purchase_revenue", DataTypes.createDecimalType(18, 2))
            .add("purchase_sessions", DataTypes.LongType).add("revenue_through_date", DataTypes.DateType)
            .simpleString(),
        out.schema().simpleString());
    // c1: CRM 900.00 (its web 50.00 beside it); c2: 19.99 + 0.00 + 100.01 = 120.00 over 2 purchase
    // sessions; c3: 0.00, 0 sessions; c4: unknown (NULL), 2 purchase sessions. Through 2026-09-16.
    assertRows(out.select("customer_id", "segment", "lifetime_value", "lifetime_value_basis", "crm_lifetime_value",
            "web_purchase_revenue", "purchase_sessions", "revenue_through_date"),
        "[c1,enterprise,900.00,crm,900.00,50.00,1,2026-09-16]",
        "[c2,consumer,120.00,web_purchases,null,120.00,2,2026-09-16]",
        "[c3,consumer,0.00,web_purchases,null,0.00,0,2026-09-16]",
        "[c4,smb,null,null,null,null,2,2026-09-16]");
  }

  @Test
  void withoutAnyWebSessionTheFallbackIsUnknownNotZero() {
    Dataset<Row> out = CustomerLifetimeValue.build(customers(), Rows.frame(SESSIONS));
    assertRows(out.select("customer_id", "lifetime_value", "lifetime_value_basis", "web_purchase_revenue",
            "purchase_sessions", "revenue_through_date"),
        "[c1,900.00,crm,null,null,null]", "[c2,null,null,null,null,null]", "[c3,null,null,null,null,null]",
        "[c4,null,null,null,null,null]");
    assertRows(CustomerLifetimeValue.build(customers(), null).select("customer_id", "lifetime_value_basis"),
        "[c1,crm]", "[c2,null]", "[c3,null]", "[c4,null]");
  }
}
