package com.experiencewarehouse.silver;

import static com.experiencewarehouse.testing.Rows.assertRows;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.experiencewarehouse.privacy.KeyedHash;
import com.experiencewarehouse.testing.Rows;
import java.sql.Date;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class CustomerSnapshotsTest {

  static final String KEY = "test-hash-key-of-32-characters!!";

  static final StructType BRONZE = new StructType()
      .add("customer_id", DataTypes.StringType).add("email", DataTypes.StringType)
      .add("full_name", DataTypes.StringType).add("phone", DataTypes.StringType)
      .add("segment", DataTypes.StringType).add("plan", DataTypes.StringType)
      .add("region", DataTypes.StringType).add("signup_date", DataTypes.DateType)
      .add("status", DataTypes.StringType).add("churn_date", DataTypes.DateType)
      .add("lifetime_value", DataTypes.createDecimalType(18, 2)).add("owner", DataTypes.StringType);

  @Test
  void emailsBecomeKeyedHashesNamesAndPhonesAreDroppedAndChurnIsNeverNull() {
    Date signup = Date.valueOf("2025-01-01");
    Dataset<Row> bronze = Rows.frame(BRONZE,
        new Object[] {"C1", " Anna.Schmidt@Example.com ", "Anna Schmidt", "+49 30 1", "smb", "pro", "EMEA",
            signup, "active", null, new java.math.BigDecimal("12.50"), "U-1"},
        new Object[] {"C2", null, "Bo", null, "smb", "free", "AMER", signup, "Churned",
            Date.valueOf("2026-09-01"), null, null},
        new Object[] {"C3", "c3@example.com", null, null, "consumer", "free", "APAC", signup, null,
            Date.valueOf("2026-09-14"), null, null});
    Dataset<Row> out = CustomerSnapshots.build(bronze, LocalDate.of(2026, 9, 14), new KeyedHash(KEY), List.of("churned"));
    assertEquals(List.of("snapshot_date", "customer_id", "email_key", "segment", "plan", "region",
        "signup_date", "status", "is_churned", "churn_date", "lifetime_value", "owner"),
        Arrays.asList(out.columns()));
    // Key = HMAC-SHA256(KEY, "anna.schmidt@example.com") (trimmed, lower-cased), from
    // `printf %s anna.schmidt@example.com | openssl dgst -sha256 -hmac "$KEY"`:
    // f87210e5772509d0119355e6a5b5f31e0a6ef3828e1da7180ce53b81540bf458
    // C1 active, no churn date → false (not NULL); C2 status "Churned" → true;
    // C3 no status but churn date = snapshot date → true.
    assertRows(out.select("customer_id", "email_key", "is_churned"),
        "[C1,f87210e5772509d0119355e6a5b5f31e0a6ef3828e1da7180ce53b81540bf458,false]",
        "[C2,null,true]",
        "[C3," + hmac("c3@example.com") + ",true]");
  }

  @Test
  void lifetimeValueFallsBackOnTheCustomersWebPurchasesToDateWhenTheCrmGivesNone() {
    Date signup = Date.valueOf("2025-01-01");
    Dataset<Row> snapshot = CustomerSnapshots.build(Rows.frame(BRONZE,
            new Object[] {"C1", null, null, null, "smb", null, null, signup, "active", null,
                new java.math.BigDecimal("500.00"), null},
            new Object[] {"C2", null, null, null, "smb", null, null, signup, "active", null, null, null},
            new Object[] {"C3", null, null, null, "smb", null, null, signup, "active", null, null, null},
            new Object[] {"C4", null, null, null, "smb", null, null, signup, "active", null, null, null}),
        LocalDate.of(2026, 9, 14), new KeyedHash(KEY), List.of("churned"));
    StructType sessionColumns = new StructType().add("customer_id", DataTypes.StringType)
        .add("session_date", DataTypes.DateType).add("purchase_revenue", DataTypes.createDecimalType(18, 2));
    Date d13 = Date.valueOf("2026-09-13");
    Date d14 = Date.valueOf("2026-09-14");
    Dataset<Row> sessions = Rows.frame(sessionColumns,
        new Object[] {"C1", d13, new java.math.BigDecimal("40.00")},   // ignored: the CRM gives C1's
        new Object[] {"C2", d13, new java.math.BigDecimal("40.00")},
        new Object[] {"C2", d14, new java.math.BigDecimal("2.50")},
        new Object[] {"C2", d14, new java.math.BigDecimal("0.00")},
        new Object[] {"C2", Date.valueOf("2026-09-15"), new java.math.BigDecimal("99.00")}, // after the snapshot
        new Object[] {"C3", d14, null});                               // a purchase without value
    // C1: the CRM's 500.00. C2: 40.00 + 2.50 + 0.00 to 2026-09-14 = 42.50 (the 15th's 99.00 not yet).
    // C3: one session's revenue unknown → NULL, no basis. C4: no session → 0.00 from the web.
    assertRows(CustomerSnapshots.withLifetimeValueFallback(snapshot, sessions)
            .select("customer_id", "lifetime_value", "ltv", "ltv_basis"),
        "[C1,500.00,500.00,crm]", "[C2,null,42.50,web_purchases]", "[C3,null,null,null]",
        "[C4,null,0.00,web_purchases]");
  }

  private static String hmac(String s) {
    try {
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(new javax.crypto.spec.SecretKeySpec(KEY.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
      return java.util.HexFormat.of().formatHex(mac.doFinal(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
