package com.experiencewarehouse.privacy;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.experiencewarehouse.testing.Rows;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Which of a later night's quarantined records name a forgotten person, by their keys alone. */
class ForgottenKeysTest {

  @Test
  void aMalformedRecordNamingAForgottenIdEmailOrDeviceIsTheirsByItsWords() {
    KeyedHash hash = new KeyedHash("a test key of thirty-two characters!");
    ForgottenKeys list = ForgottenKeys.of(hash, Map.of(
        ForgottenKeys.Kind.CUSTOMER_ID, Set.of(hash.keyOf("C0040").orElseThrow()),
        ForgottenKeys.Kind.EMAIL, Set.of(hash.keyOf("zoe@example.com").orElseThrow()),
        ForgottenKeys.Kind.DEVICE, Set.of(hash.keyOf("929873426.1780632914").orElseThrow())));
    Dataset<Row> raw = Rows.frame(new StructType().add("raw_record", DataTypes.StringType),
        new Object[] {"T-1,C0040,\"2026-09-14T07:52"},                     // a cut CSV line with their id
        new Object[] {"{\"user_pseudo_id\":\"929873426.1780632914\",\"ev"}, // a cut JSON line: their device
        new Object[] {"R-9,,NPS,5,Zoe@Example.com."},                      // their email, other case, a full stop
        new Object[] {"T-2,C00401,\"2026"},                                // another id beginning with theirs
        new Object[] {"XC0040 zoe@example.community"},                     // inside other words
        new Object[] {null});
    Dataset<Row> hits = raw.withColumn("m", list.mentionedIn(col("raw_record")));
    assertEquals(List.of(true, true, true, false, false, false),
        hits.select("m").as(Encoders.BOOLEAN()).collectAsList());
    // Only keys are in the plan, never the values.
    String plan = hits.queryExecution().explainString(org.apache.spark.sql.execution.ExtendedMode$.MODULE$);
    assertFalse(plan.contains("C0040") || plan.contains("zoe@") || plan.contains("929873426"), plan);
    // Nobody forgotten: nothing is theirs, and no key is computed.
    assertEquals(List.of(false), Rows.frame(new StructType().add("raw_record", DataTypes.StringType),
            new Object[] {"C0040"})
        .select(ForgottenKeys.of(hash, Map.of()).mentionedIn(col("raw_record")))
        .as(Encoders.BOOLEAN()).collectAsList());
  }
}
