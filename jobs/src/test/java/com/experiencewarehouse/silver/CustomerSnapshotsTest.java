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
