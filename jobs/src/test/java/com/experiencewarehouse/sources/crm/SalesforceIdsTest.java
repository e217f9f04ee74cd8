package com.experiencewarehouse.sources.crm;

import static com.experiencewarehouse.testing.Rows.assertRows;
import static org.apache.spark.sql.functions.col;

import com.experiencewarehouse.testing.SharedSpark;
import java.util.List;
import org.apache.spark.sql.Encoders;
import org.junit.jupiter.api.Test;

class SalesforceIdsTest {

  @Test
  void idsBecomeTheirEighteenCharacterFormAndPlaceholdersNoLink() {
    // 001A0000006Vm9r in chunks of five: "001A0" has an upper-case letter at position 3 → 2^3 = 8
    // → 'I'; "00000" → 0 → 'A'; "6Vm9r" has 'V' at position 1 → 2^1 = 2 → 'C': suffix IAC.
    // The lower-cased 18-character id gets its case back from IAC: 'a' (chunk 1, bit 3 set) and
    // 'v' (chunk 3, bit 1 set) upper case, 'm' and 'r' stay lower.
    List<String> ids = java.util.Arrays.asList("001A0000006Vm9r", "001a0000006vm9riac", " 001A0000006Vm9rIAC ",
        "000000000000000AAA", "000000000000000", "  ", "C0001", null);
    assertRows(SharedSpark.get().createDataset(ids, Encoders.STRING()).toDF("id")
            .select(col("id"), SalesforceIds.canonical(col("id")).as("canonical")),
        "[001A0000006Vm9r,001A0000006Vm9rIAC]", "[001a0000006vm9riac,001A0000006Vm9rIAC]",
        "[ 001A0000006Vm9rIAC ,001A0000006Vm9rIAC]", "[000000000000000AAA,null]", "[000000000000000,null]",
        "[  ,null]", "[C0001,C0001]", "[null,null]");
  }
}
