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
  /** The default window of a night of 2026-09-14: 2000-01-01 00:00 UTC to 2026-09-17 00:00 UTC (14 + 2, end of day). */
  private static final Checks.PlausibleTimes NIGHT = Checks.PlausibleTimes.of(java.time.LocalDate.of(2000, 1, 1), 2,
      java.time.LocalDate.of(2026, 9, 14));

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
        RawFrames.malformed(CrmExports.TICKET_FIELDS, "T13,C13,\"2026-09-14")), "", NIGHT); // malformed line
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
        ticket("T3", "C-a", OPEN, "", "", "false")), "", NIGHT);
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
        "Europe/Berlin", NIGHT);
    assertRows(v.filter(col(Checks.REASON).isNotNull()).select(col("ticket_id"), col(Checks.REASON)),
        "[T3,deleted_in_source]", "[T4,deleted_in_source]", "[T5,bad_boolean]");
    // Berlin is UTC+2 in September: 10:15 there is 08:15 UTC; Z and +0000 are UTC already.
    assertRows(CrmTicketsBronze.accepted(v).select(col("ticket_id"), utc("opened_at"), utc("closed_at")),
        "[T1,2026-09-14 08:15:00,null]", "[T2,2026-09-14 08:15:00,2026-09-14 09:00:00]");
  }

  @Test
  void timesNoTicketCanHaveAreBadTimestampsAtTheWindowsEdgesToTheMicrosecond() {
    // The window of NIGHT: [2000-01-01T00:00:00Z, 2026-09-17T00:00:00Z).
    Dataset<Row> v = CrmTicketsBronze.validate(RawFrames.csv(CrmExports.TICKET_FIELDS,
        ticket("T-YEAR-1", "C1", "0001-01-01T00:00:00Z", "", "", "false"),
        ticket("T-FIRST", "C1", "2000-01-01T00:00:00Z", "", "", "false"),               // first instant: kept
        ticket("T-BEFORE", "C1", "1999-12-31T23:59:59.999999Z", "", "", "false"),       // 1 µs before
        ticket("T-LAST", "C1", OPEN, "", "2026-09-16T23:59:59.999999Z", "false"),       // last instant: kept
        ticket("T-AFTER", "C1", OPEN, "", "2026-09-17T00:00:00Z", "false"),             // 1 µs after
        ticket("T-YEAR-9999", "C1", OPEN, "9999-12-31T23:59:59Z", "", "false"),
        // 2026-09-17 01:00 at +02:00 is 2026-09-16 23:00 UTC: inside.
        ticket("T-OFFSET", "C1", OPEN, "", "2026-09-17T01:00:00+02:00", "false")), "", NIGHT);
    assertRows(v.select(col("ticket_id"), col(Checks.REASON)),
        "[T-YEAR-1,bad_timestamp]", "[T-FIRST,null]", "[T-BEFORE,bad_timestamp]", "[T-LAST,null]",
        "[T-AFTER,bad_timestamp]", "[T-YEAR-9999,bad_timestamp]", "[T-OFFSET,null]");
  }

  @Test
  void idsWithInvisibleCharactersOrOtherSpacesAreTheIdsTheyLookLike() {
    // No-break space after, zero-width space inside, ideographic space before, word joiner, BOM:
    // each is T1 (duplicate of the first) and customer C1.
    Dataset<Row> v = CrmTicketsBronze.validate(RawFrames.csv(CrmExports.TICKET_FIELDS,
        ticket("T1", "C1", OPEN, "", "", "false"),
        ticket("T1\u00A0", "C1\u00A0", OPEN, "", "", "false"),
        ticket("T\u200B1", "C\u200B1", OPEN, "", "", "false"),
        ticket("\u3000T1", "\u2060C1", OPEN, "", "", "false"),
        ticket("\uFEFFT2\u202F", "C\u00AD1", OPEN, "", "", "false"),
        ticket("\u200B", "C1", OPEN, "", "", "false")), "", NIGHT);                  // nothing visible: no id
    assertRows(v.select(col("ticket_id"), col("customer_id"), col(Checks.REASON)),
        "[T1,C1,null]", "[T1,C1,duplicate_id]", "[T1,C1,duplicate_id]", "[T1,C1,duplicate_id]",
        "[T2,C1,null]", "[null,C1,missing_key]");
  }
}
