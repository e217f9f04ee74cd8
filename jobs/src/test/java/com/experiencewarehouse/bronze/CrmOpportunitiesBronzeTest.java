package com.experiencewarehouse.bronze;

import static com.experiencewarehouse.testing.Rows.assertRows;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.experiencewarehouse.sources.crm.SalesforceExport;
import com.experiencewarehouse.testing.RawFrames;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;

class CrmOpportunitiesBronzeTest {

  // opportunity_id, account_id, amount, is_won, stage_name, close_date, is_deleted
  private static String[] opportunity(String id, String closeDate) {
    return new String[] {id, "001A", "100.00", "true", "Closed Won", closeDate, "false"};
  }

  @Test
  void aCloseDateWrittenWithATimeReadsAsThatDate() {
    Dataset<Row> v = CrmOpportunitiesBronze.validate(RawFrames.csv(SalesforceExport.OPPORTUNITY_FIELDS,
        opportunity("006A", "2023-11-24"),               // a plain date
        opportunity("006B", "2023-11-24 00:00:00"),      // a report export's date with a time
        opportunity("006C", "2023-11-24T23:30:00.000Z"), // an ISO date-time: its date as written
        opportunity("006D", "2023-11-24T23:30:00-08:00"),
        opportunity("006E", "2023-02-30 00:00:00"),      // impossible: bad_date
        opportunity("006F", "24/11/2023")));             // not ISO: bad_date
    assertRows(v.filter(col(Checks.REASON).isNotNull()).select(col("opportunity_id"), col(Checks.REASON)),
        "[006E,bad_date]", "[006F,bad_date]");
    // The date as written, never moved to UTC: 23:30 at -08:00 is the 24th for the seller.
    Dataset<Row> accepted = CrmOpportunitiesBronze.accepted(v).select(col("opportunity_id"), col("close_date"));
    assertRows(accepted, "[006A,2023-11-24]", "[006B,2023-11-24]", "[006C,2023-11-24]", "[006D,2023-11-24]");
    assertEquals(DataTypes.DateType, accepted.schema().apply("close_date").dataType());
  }
}
