package com.experiencewarehouse.privacy;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.experiencewarehouse.testing.Rows;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Which quarantined raw records an erasure deletes: those naming the person as a whole word. */
class MentionsAnyTest {

  @Test
  void aRecordMentionsThePersonOnlyByAWholeValueCaseInsensitivelyAndThePlanDoesNotShowTheValues() {
    Dataset<Row> raw = Rows.frame(new StructType().add("raw_record", DataTypes.StringType),
        new Object[] {"T-1,C0040,2026-09-14T07:52:00Z"},            // the id between commas: theirs
        new Object[] {"T-2,C00401,2026-09-14T07:52:00Z"},           // another id that begins with theirs
        new Object[] {"{\"name\":\"ZOË WILSON\",\"x\":1}"},          // their name, other case
        new Object[] {"XC0040"},                                    // inside a word: not theirs
        new Object[] {"C0040"},                                     // the whole text
        new Object[] {null});
    Dataset<Row> hits = raw.withColumn("m", MentionsAny.of(col("raw_record"), List.of("C0040", "Zoë Wilson", " ")));
    assertEquals(List.of(true, false, true, false, true, false),
        hits.select("m").as(Encoders.BOOLEAN()).collectAsList());
    String plan = hits.queryExecution().explainString(org.apache.spark.sql.execution.ExtendedMode$.MODULE$);
    assertFalse(plan.contains("C0040") || plan.contains("Wilson"), plan);
  }
}
