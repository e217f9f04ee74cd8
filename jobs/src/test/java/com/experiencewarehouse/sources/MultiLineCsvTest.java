package com.experiencewarehouse.sources;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.experiencewarehouse.config.Settings.MultiLineRecords;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

class MultiLineCsvTest {

  private static final MultiLineRecords LIMITS = new MultiLineRecords(1000, 1_000_000);

  /** Each record as "[fields]" or "malformed: text". */
  private static List<String> records(String text, MultiLineRecords limits) {
    List<String> out = new ArrayList<>();
    Iterator<MultiLineCsv.Record> it = MultiLineCsv.records(new StringReader(text), 3, limits);
    while (it.hasNext()) {
      MultiLineCsv.Record r = it.next();
      out.add(r.fields() != null ? Arrays.toString(r.fields()) : "malformed: " + r.corrupt());
    }
    return out;
  }

  @Test
  void quotedValuesMayHoldLineBreaksCommasAndDoubledQuotes() {
    assertEquals(List.of(
            "[a, b, c]",
            "[1, line one\nline two, x]",
            "[2, say \"hi\", y]",
            // empty, quoted empty: absent
            "[3, null, null]",
            // a quote inside an unquoted value is text
            "[4, Ann \"Boss\" Lee, z]"),
        records("a,b,c\r\n1,\"line one\r\nline two\",x\r\n\r\n2,\"say \"\"hi\"\"\",y\n3,,\"\"\n"
            + "4,Ann \"Boss\" Lee,z", LIMITS));
  }

  @Test
  void aQuoteThatNeverClosesCostsItsOwnLineOnly() {
    // Spark's multi-line reader made lines 2-4 one malformed record: the two good rows went with it.
    assertEquals(List.of("[1, a, b]", "malformed: 2,\"broken,z", "[3, b, c]", "[4, b, c]"),
        records("1,a,b\n2,\"broken,z\n3,b,c\n4,b,c\n", LIMITS));
  }

  @Test
  void aRecordSpanningLinesWithTheWrongNumberOfFieldsIsNotOne() {
    // Line 1's quote is closed by line 3's first quote: lines 1-3 would be one record of 4 fields
    // (1 + the 3 commas outside quotes: after "6", after "a", after " b\""), not 3: line 1 alone is
    // malformed, and lines 2 and 3 are read as the records they are.
    assertEquals(List.of("malformed: 6,\"open,z", "[7, ok, c]", "[8, a, b, c]"),
        records("6,\"open,z\n7,ok,c\n8,\"a, b\",c\n", LIMITS));
  }

  @Test
  void aRecordLongerThanTheLimitsEndsAtItsFirstLine() {
    // Three lines, at most two allowed: each line is then read on its own, and none has 3 fields.
    assertEquals(List.of("malformed: 9,\"a", "malformed: b", "malformed: c\",x"),
        records("9,\"a\nb\nc\",x\n", new MultiLineRecords(2, 1_000_000)));
    // The same record within the limits: "9,\"a" 4 + 1 + "b" 1 + 1 + "c\",x" 4 = 11 characters.
    assertEquals(List.of("[9, a\nb\nc, x]"), records("9,\"a\nb\nc\",x\n", new MultiLineRecords(3, 11)));
    assertEquals(List.of("malformed: 9,\"a", "malformed: b", "malformed: c\",x"),
        records("9,\"a\nb\nc\",x\n", new MultiLineRecords(3, 10)));
  }

  @Test
  void aLineWithMoreOrFewerFieldsIsMalformedHoweverManyItHas() {
    String wide = "x" + ",x".repeat(300_000);
    assertEquals(List.of("malformed: 1,2", "malformed: " + wide, "[5, 6, 7]"),
        records("1,2\n" + wide + "\n5,6,7", LIMITS));
  }
}
