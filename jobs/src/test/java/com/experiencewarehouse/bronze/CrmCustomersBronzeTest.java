package com.experiencewarehouse.bronze;

import static com.experiencewarehouse.testing.Rows.assertRows;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.experiencewarehouse.sources.crm.CrmExports;
import com.experiencewarehouse.testing.RawFrames;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;

class CrmCustomersBronzeTest {

  // customer_id, email, full_name, phone, segment, plan, region, signup_date, status, churn_date,
  // lifetime_value (owner left out: optional, NULL)
  private static String[] customer(String id, String segment, String signup, String churn, String ltv) {
    return new String[] {id, id + "@example.com", "Name " + id, "+44 20 1234567", segment, "pro",
        "EMEA", signup, "active", churn, ltv};
  }

  @Test
  void eachBadCustomerRowGetsItsReasonAndGoodRowsAreTyped() {
    Dataset<Row> v = CrmCustomersBronze.validate(RawFrames.csv(CrmExports.CUSTOMER_FIELDS,
        customer("C1", "consumer", "2026-05-01", "", "16.99"),         // good, no churn date
        customer("C2", " smb ", "2025-11-30", "2026-09-01", " 265.4 "), // good: blanks trimmed
        customer("", "consumer", "2026-05-01", "", "1"),               // no customer id
        customer("   ", "consumer", "2026-05-01", "", "1"),            // blank id is no id
        customer("C5", "  ", "2026-05-01", "", "1"),                   // blank segment
        customer("C6", "consumer", "2026-02-30", "", "1"),             // impossible signup date
        customer("C7", "consumer", "2026-05-01", "14/09/2026", "1"),   // churn date not yyyy-MM-dd
        customer("C8", "consumer", "2026-05-01", "", "12,50"),         // decimal comma
        customer("C9", "consumer", "2026-05-01", "", "n/a"),           // not a number
        customer("C1", "enterprise", "2020-01-01", "", "99"),          // C1 again: duplicate
        customer(" c2 ", "smb", "2025-11-30", "", "1"),                 // C2 again, blanks and case
        customer("C\u000012", "smb", "2025-11-30", "", "1"),            // NUL in the id
        RawFrames.malformed(CrmExports.CUSTOMER_FIELDS, "C10,\"broken")));   // malformed line
    assertRows(v.filter(col(Checks.REASON).isNotNull())
            .select(col("customer_id"), col("segment"), col(Checks.REASON)),
        "[null,consumer,missing_key]", "[null,consumer,missing_key]",
        "[C5,null,missing_segment]", "[C6,consumer,bad_date]", "[C7,consumer,bad_date]",
        "[C8,consumer,bad_number]", "[C9,consumer,bad_number]", "[C1,enterprise,duplicate_id]",
        "[c2,smb,duplicate_id]", "[C\u000012,smb,bad_id]", "[null,null,malformed_record]");
    // 13 rows in = 2 accepted + 11 quarantined. The first C1 (file order) is the one kept; ids are
    // compared trimmed and ignoring case, so " c2 " repeats C2.
    // " 265.4 " → 265.40 as DECIMAL(18,2); an empty churn date is NULL, not a bad date.
    Dataset<Row> accepted = CrmCustomersBronze.accepted(v);
    assertRows(accepted.drop("_source_file"),
        "[C1,C1@example.com,Name C1,+44 20 1234567,consumer,pro,EMEA,2026-05-01,active,null,16.99,null]",
        "[C2,C2@example.com,Name C2,+44 20 1234567,smb,pro,EMEA,2025-11-30,active,2026-09-01,265.40,null]");
    assertEquals(DataTypes.DateType, accepted.schema().apply("signup_date").dataType());
    assertEquals(DataTypes.DateType, accepted.schema().apply("churn_date").dataType());
    assertEquals(DataTypes.createDecimalType(18, 2), accepted.schema().apply("lifetime_value").dataType());
    assertEquals(List.of("customer_id", "email", "full_name", "phone", "segment", "plan", "region",
            "signup_date", "status", "churn_date", "lifetime_value", "owner", "_source_file"),
        Arrays.asList(accepted.columns()));
  }

  @Test
  void quarantinedRowsKeepTheirRawText() {
    Dataset<Row> v = CrmCustomersBronze.validate(RawFrames.csv(CrmExports.CUSTOMER_FIELDS,
        customer("C8", "consumer", "2026-05-01", "", "12,50"),
        RawFrames.malformed(CrmExports.CUSTOMER_FIELDS, "C10,\"broken")));
    List<Row> q = Checks.quarantined(v, CrmCustomersBronze.SOURCE, LocalDate.of(2026, 9, 14))
        .orderBy(col("reason_code")).collectAsList();
    assertEquals(2, q.size());
    // bad_number: the raw fields as JSON, the value exactly as exported
    assertEquals("bad_number", q.get(0).getAs("reason_code"));
    assertTrue(((String) q.get(0).getAs("raw_record")).contains("\"lifetime_value\":\"12,50\""),
        (String) q.get(0).getAs("raw_record"));
    assertEquals("file:/in/export.csv", q.get(0).getAs("source_file"));
    // malformed_record: the unparsed line
    assertEquals("malformed_record", q.get(1).getAs("reason_code"));
    assertEquals("C10,\"broken", q.get(1).getAs("raw_record"));
  }

  @Test
  void theFirstOccurrenceOfACustomerIdInFileOrderIsKept() {
    // Rows in file order: C3 (smb), C3 (consumer), C3 (enterprise). Sorted by value, "consumer"
    // would come first; file order keeps "smb" and marks the later two duplicate_id.
    Dataset<Row> v = CrmCustomersBronze.validate(RawFrames.csv(CrmExports.CUSTOMER_FIELDS,
        customer("C3", "smb", "2026-05-01", "", "1"),
        customer("C3", "consumer", "2026-05-01", "", "2"),
        customer("C3", "enterprise", "2026-05-01", "", "3")));
    assertRows(v.select(col("segment"), col(Checks.REASON)),
        "[smb,null]", "[consumer,duplicate_id]", "[enterprise,duplicate_id]");
  }
}
