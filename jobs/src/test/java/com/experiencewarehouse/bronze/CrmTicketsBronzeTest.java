package com.experiencewarehouse.bronze;

import static com.experiencewarehouse.testing.Rows.assertRows;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_format;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.experiencewarehouse.sources.crm.CrmExports;
import com.experiencewarehouse.testing.RawFrames;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;

class CrmTicketsBronzeTest {

  private static final String OPEN = "2026-09-14T08:00:00Z";

  // ticket_id, customer_id, opened_at, first_response_at, closed_at, channel, category, status,
  // reopened
  private static String[] ticket(String id, String customer, String opened, String firstResponse,
      String closed, String reopened) {
    return new String[] {id, customer, opened, firstResponse, closed, "email", "billing", "open",
        reopened};
  }

  /** A timestamp as UTC text (the session time zone is UTC), independent of the JVM's zone. */
  private static Column utc(String column) {
    return date_format(col(column), "yyyy-MM-dd HH:mm:ss").as(column);
  }

  @Test
  void eachBadTicketRowGetsItsReasonAndGoodRowsAreTyped() {
    Dataset<Row> v = CrmTicketsBronze.validate(RawFrames.csv(CrmExports.TICKET_FIELDS,
        ticket("T1", "C1", "2026-09-14T07:52:00Z", "2026-09-14T08:03:00Z", "", "Yes"),   // good
        ticket("T2", "C2", "2026-09-14T11:00:00+02:00", "2026-09-14T09:30:00Z",
            "2026-09-14T12:00:00Z", ""),                                                // good: offset
        ticket("T3", "C3", "2026-09-14T10:15:00+0200", "", "", "0"),      // good: offset without colon
        ticket("", "C0", OPEN, "", "", "false"),                           // no ticket id
        ticket("T4", " ", OPEN, "", "", "false"),                          // no customer id
        ticket("T5", "C5", "", "", "", "false"),                           // no opened_at
        ticket("T6", "C6", "2026-09-14T08:00:00", "", "", "false"),        // opened without zone
        ticket("T7", "C7", OPEN, "", "2026-09-14 09:00", "false"),         // closed without zone
        ticket("T8", "C8", "2026-02-30T08:00:00Z", "", "", "false"),       // impossible date
        ticket("T9", "C9", OPEN, "soon", "", "false"),                     // not a timestamp
        ticket("T10", "C10", OPEN, "", "2026-09-14T07:00:00Z", "false"),   // closed 1 h before opened
        ticket("T11", "C11", OPEN, "2026-09-14T07:59:00Z", "", "false"),   // answered before opened
        ticket("T12", "C12", OPEN, "", "", "maybe"),                       // not a boolean
        ticket("T1", "C99", OPEN, "", "", "no"),                           // T1 again: duplicate
        RawFrames.malformed(CrmExports.TICKET_FIELDS, "T13,C13,\"2026-09-14")), ""); // malformed line
    assertRows(v.filter(col(Checks.REASON).isNotNull())
            .select(col("ticket_id"), col(Checks.REASON)),
        "[null,missing_key]", "[T4,missing_key]", "[T5,missing_timestamp]",
        "[T6,timestamp_without_zone]", "[T7,timestamp_without_zone]", "[T8,bad_timestamp]",
        "[T9,bad_timestamp]", "[T10,closed_before_opened]", "[T11,negative_duration]",
        "[T12,bad_boolean]", "[T1,duplicate_id]", "[null,malformed_record]");
    // 15 rows in = 3 accepted + 12 quarantined. The first T1 (file order, customer C1) is kept;
    // 11:00+02:00 = 09:00 UTC, 10:15+0200 = 08:15 UTC; "Yes" → true, "0" and empty → false.
    Dataset<Row> accepted = CrmTicketsBronze.accepted(v);
    assertRows(accepted.select(col("ticket_id"), col("customer_id"), utc("opened_at"),
            utc("first_response_at"), utc("closed_at"), col("channel"), col("category"),
            col("status"), col("is_reopened")),
        "[T1,C1,2026-09-14 07:52:00,2026-09-14 08:03:00,null,email,billing,open,true]",
        "[T2,C2,2026-09-14 09:00:00,2026-09-14 09:30:00,2026-09-14 12:00:00,email,billing,open,false]",
        "[T3,C3,2026-09-14 08:15:00,null,null,email,billing,open,false]");
    assertEquals(List.of("ticket_id", "customer_id", "opened_at", "first_response_at", "closed_at",
            "channel", "category", "status", "is_reopened", "_source_file"),
        Arrays.asList(accepted.columns()));
    assertEquals(DataTypes.TimestampType, accepted.schema().apply("opened_at").dataType());
    assertEquals(DataTypes.BooleanType, accepted.schema().apply("is_reopened").dataType());
  }

  @Test
  void theFirstOccurrenceOfATicketIdInFileOrderIsKept() {
    // File order: T3 by C-b, then T3 by C-a. By value C-a would sort first; file order keeps C-b.
    Dataset<Row> v = CrmTicketsBronze.validate(RawFrames.csv(CrmExports.TICKET_FIELDS,
        ticket("T3", "C-b", OPEN, "", "", "false"),
        ticket("T3", "C-a", OPEN, "", "", "false")), "");
    assertRows(v.select(col("customer_id"), col(Checks.REASON)),
        "[C-b,null]", "[C-a,duplicate_id]");
    assertRows(CrmTicketsBronze.accepted(v).select(col("ticket_id"), col("customer_id")),
        "[T3,C-b]");
  }

  @Test
  void withAConfiguredZoneDateTimesWithoutOneAreReadAsItsClockAndDeletedTicketsAreQuarantined() {
    // ticket_id, customer_id, opened_at, first_response_at, closed_at, channel, category, status,
    // reopened, is_deleted
    Dataset<Row> v = CrmTicketsBronze.validate(RawFrames.csv(CrmExports.TICKET_FIELDS,
        new String[] {"T1", "C1", "2026-09-14 10:15:00", null, null, "Web", null, "New", null, "false"},
        new String[] {"T2", "C2", "2026-09-14T08:15:00.000Z", null, "2026-09-14T09:00:00.000+0000", "Phone",
            null, "Closed", null, "0"},
        new String[] {"T3", "C3", "2026-09-14 10:15:00", null, null, "Web", null, "New", null, "true"},
        new String[] {"T4", "C4", "2026-09-14 10:15:00", null, null, "Web", null, "New", null, "1"},
        new String[] {"T5", "C5", "2026-09-14 10:15:00", null, null, "Web", null, "New", null, "perhaps"}),
        "Europe/Berlin");
    assertRows(v.filter(col(Checks.REASON).isNotNull()).select(col("ticket_id"), col(Checks.REASON)),
        "[T3,deleted_in_source]", "[T4,deleted_in_source]", "[T5,bad_boolean]");
    // Berlin is UTC+2 in September: 10:15 there is 08:15 UTC; Z and +0000 are UTC already.
    assertRows(CrmTicketsBronze.accepted(v).select(col("ticket_id"), utc("opened_at"), utc("closed_at")),
        "[T1,2026-09-14 08:15:00,null]", "[T2,2026-09-14 08:15:00,2026-09-14 09:00:00]");
  }
}
