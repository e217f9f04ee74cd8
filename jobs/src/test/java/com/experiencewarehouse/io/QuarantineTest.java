package com.experiencewarehouse.io;

import static com.experiencewarehouse.testing.Rows.assertRows;

import com.experiencewarehouse.bronze.Checks;
import com.experiencewarehouse.testing.Rows;
import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class QuarantineTest {

  static final StructType VALIDATED = new StructType()
      .add("_source_file", DataTypes.StringType).add(Checks.REASON, DataTypes.StringType)
      .add(Checks.RAW_RECORD, DataTypes.StringType);

  /** A CRM customer row with a bad date (as JSON of its raw fields), a malformed line, a good row. */
  private static Dataset<Row> validated() {
    return Rows.frame(VALIDATED,
        new Object[] {"customers.csv", "bad_date",
            "{\"Customer ID\":\"C0099\",\"Email\":\"Anna.Berg@example.com\",\"Phone\":\"+46 8 1234567\","
                + "\"Signup Date\":\"2026-02-30\"}"},
        new Object[] {"customers.csv", "malformed_record", "C0100,bo@example.org,030 1234567,smb"},
        new Object[] {"customers.csv", null, null});
  }

  @Test
  void emailsAndPhoneNumbersInRawRecordsAreMaskedByDefault() {
    // The bad date stays readable (a yyyy-MM-dd date is no phone); the good row is not quarantined.
    assertRows(Quarantine.rows(validated(), "crm_customers", LocalDate.of(2026, 9, 14), true)
            .select("source", "reason_code", Checks.RAW_RECORD),
        "[crm_customers,bad_date,{\"Customer ID\":\"C0099\",\"Email\":\"[email]\",\"Phone\":\"[phone]\","
            + "\"Signup Date\":\"2026-02-30\"}]",
        "[crm_customers,malformed_record,C0100,[email],[phone],smb]");
  }

  @Test
  void withoutMaskingRawRecordsAreKeptVerbatim() {
    assertRows(Quarantine.rows(validated(), "crm_customers", LocalDate.of(2026, 9, 14), false)
            .select("reason_code", Checks.RAW_RECORD),
        "[bad_date,{\"Customer ID\":\"C0099\",\"Email\":\"Anna.Berg@example.com\",\"Phone\":\"+46 8 1234567\","
            + "\"Signup Date\":\"2026-02-30\"}]",
        "[malformed_record,C0100,bo@example.org,030 1234567,smb]");
  }
}
