package com.experiencewarehouse.sources;

import static com.experiencewarehouse.testing.Rows.assertRows;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.experiencewarehouse.config.Settings.CsvSource;
import com.experiencewarehouse.testing.SharedSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvExportReaderTest {

  /** Logical field -> header column, as in conf/application.conf; "plan" is not in the files. */
  private static final CsvSource SOURCE = new CsvSource("crm", "customers*.csv", Map.of(
      "customer_id", "Customer ID",
      "segment", "Segment",
      "full_name", "Full Name",
      "lifetime_value", "Lifetime Value",
      "plan", "Plan"));
  private static final List<String> FIELDS =
      List.of("customer_id", "full_name", "segment", "plan", "lifetime_value");
  private static final List<String> REQUIRED = List.of("customer_id", "segment");

  private static String write(Path dir, String name, String... lines) throws IOException {
    Path file = dir.resolve(name);
    Files.write(file, List.of(lines), StandardCharsets.UTF_8);
    return file.toString();
  }

  private static Dataset<Row> read(String... files) {
    return CsvExportReader.read(SharedSpark.get(), List.of(files), SOURCE, FIELDS, REQUIRED,
        "CRM customers");
  }

  @Test
  void columnsAreReadByTheirMappedHeaderNamesAsRawStrings(@TempDir Path dir) throws IOException {
    Dataset<Row> df = read(write(dir, "customers.csv",
        "Customer ID,Full Name,Segment,Lifetime Value,Region",
        "C1,Ann Lee,consumer,16.99,EMEA",
        "C2,\"Lee, Bo\",smb,\" 1200.50\",AMER",   // quoted field with a comma; blanks kept
        "C3,,enterprise,,APAC"));                    // empty fields
    // Logical names in field order, then the three metadata columns; every field a string.
    assertEquals(List.of("customer_id", "full_name", "segment", "plan", "lifetime_value",
            "_corrupt_record", "_source_file", "_row_seq"),
        Arrays.asList(df.columns()));
    for (String f : FIELDS) {
      assertEquals(DataTypes.StringType, df.schema().apply(f).dataType(), f);
    }
    // "plan" is mapped but absent from the file (and not required) → NULL; "Region" is unmapped
    // → not read. Untyped: " 1200.50" keeps its blank (bronze trims). An empty field is NULL.
    assertRows(df.select(col("customer_id"), col("full_name"), col("segment"), col("plan"),
            col("lifetime_value"), col("_corrupt_record")),
        "[C1,Ann Lee,consumer,null,16.99,null]",
        "[C2,Lee, Bo,smb,null, 1200.50,null]",
        "[C3,null,enterprise,null,null,null]");
    List<Row> rows = df.orderBy(col("_row_seq")).collectAsList();
    assertEquals(List.of("C1", "C2", "C3"),
        rows.stream().map(r -> (String) r.getAs("customer_id")).collect(Collectors.toList()));
    assertTrue(((String) rows.get(0).getAs("_source_file")).endsWith("/customers.csv"));
  }

  @Test
  void aLineWithTooManyFieldsLandsInCorruptRecord(@TempDir Path dir) throws IOException {
    Dataset<Row> df = read(write(dir, "customers.csv",
        "Customer ID,Full Name,Segment,Lifetime Value",
        "C1,Ann Lee,consumer,16.99",
        "C2,Lee, Bo,smb,1.00",                       // unquoted comma: 5 fields for 4 columns
        "C3,Cy,enterprise,2.00"))
        // Spark refuses a query of a raw file that reads only _corrupt_record; cache it first.
        .cache();
    assertRows(df.filter(col("_corrupt_record").isNotNull()).select(col("_corrupt_record")),
        "[C2,Lee, Bo,smb,1.00]");
    assertRows(df.filter(col("_corrupt_record").isNull()).select(col("customer_id"), col("segment")),
        "[C1,consumer]", "[C3,enterprise]");
    df.unpersist();
  }

  @Test
  void aLineWithMoreOrFewerFieldsIsMalformedAlsoWhenTheFileHasUnmappedColumns(@TempDir Path dir)
      throws IOException {
    // "Region" is in the file but not mapped. Spark's CSV column pruning would parse only the
    // mapped columns and no longer see a line's field count (the session turns it off).
    Dataset<Row> df = read(write(dir, "customers.csv",
        "Customer ID,Full Name,Segment,Lifetime Value,Region",
        "C1,Ann Lee,consumer,16.99,EMEA",
        "C2,Lee, Bo,smb,1.00,AMER",                  // unquoted comma: 6 fields for 5 columns
        "C3,Cy,enterprise"))                          // cut line: 3 fields for 5 columns
        .cache();
    assertRows(df.filter(col("_corrupt_record").isNotNull()).select(col("_corrupt_record")),
        "[C2,Lee, Bo,smb,1.00,AMER]", "[C3,Cy,enterprise]");
    assertRows(df.filter(col("_corrupt_record").isNull()).select(col("customer_id"), col("segment")),
        "[C1,consumer]");
    df.unpersist();
  }

  @Test
  void aQuotedFieldMayContainDoubledQuotes(@TempDir Path dir) throws IOException {
    // RFC 4180 (the quoting CsvHeader parses the header row with): a quote inside a quoted field
    // is written twice, and the field's value has it once.
    Dataset<Row> df = read(write(dir, "customers.csv",
        "Customer ID,Full Name,Segment,Lifetime Value",
        "C1,\"Ann \"\"The Boss\"\" Lee\",consumer,16.99",
        "C2,\"Lee, \"\"Bo\"\"\",smb,1.00"));            // doubled quotes and a comma
    assertRows(df.select(col("customer_id"), col("full_name"), col("segment"), col("_corrupt_record")),
        "[C1,Ann \"The Boss\" Lee,consumer,null]",
        "[C2,Lee, \"Bo\",smb,null]");
  }

  @Test
  void multiLineRecordsKeepTheirLineBreaksAndAnUnclosedQuoteCostsOneLine(@TempDir Path dir) throws IOException {
    // As Salesforce writes a Case file: a description over two lines, then a quote that never
    // closes, then two good cases.
    String file = write(dir, "Case export.csv",
        "Id,Description,Status",
        "500A,\"Printer broken.\nTried twice.\",New",
        "500B,\"Lost my order,Closed",
        "500C,Fine,New",
        "500D,\"Also \"\"fine\"\"\",Closed");
    List<String> header = List.of("Id", "Description", "Status");
    Dataset<Row> df = CsvExportReader.readByHeader(SharedSpark.get(), List.of(file), header,
        new com.experiencewarehouse.config.Settings.MultiLineRecords(1000, 1_000_000));
    // 4 records = 3 cases + 1 malformed line (Spark's multi-line reader made 500B-500D one record).
    assertRows(df.select(col("Id"), col("Description"), col("Status"), col("_corrupt_record")),
        "[500A,Printer broken.\nTried twice.,New,null]",
        "[null,null,null,500B,\"Lost my order,Closed]",
        "[500C,Fine,New,null]",
        "[500D,Also \"fine\",Closed,null]");
    // The file named as Spark's own readers name it (_metadata.file_path), so both kinds of read agree.
    String spark = SharedSpark.get().read().text(file).select(col("_metadata.file_path")).first().getString(0);
    assertEquals(List.of(spark), df.select("_source_file").distinct().as(
        org.apache.spark.sql.Encoders.STRING()).collectAsList());
  }

  @Test
  void aLineOfMoreFieldsThanTheReaderTakesFailsWithTheFileNamed(@TempDir Path dir) throws IOException {
    // One line of 262 145 fields: past the limit, which a parser's array per open file bounds.
    String file = write(dir, "customers.csv",
        "Customer ID,Segment",
        "C1" + ",x".repeat(CsvExportReader.MAX_FIELDS_PER_LINE));
    Exception e = assertThrows(Exception.class, () -> read(file).collectAsList());
    // Spark names the file in its error as file:///…
    assertEquals("a line of file://" + file + " has more than 262 144 fields, more than any export has: not a CSV file "
        + "this job reads (check the file and its delimiter, fix or remove it, then run the same command again)",
        com.experiencewarehouse.job.Progress.oneLine(e));
  }

  @Test
  void aMissingRequiredColumnFailsWithTheColumnName(@TempDir Path dir) throws IOException {
    String file = write(dir, "customers.csv",
        "Customer ID,Full Name,Lifetime Value",      // no "Segment"
        "C1,Ann Lee,16.99");
    InputFiles.BadInputException e = assertThrows(InputFiles.BadInputException.class, () -> read(file));
    assertTrue(e.getMessage().contains("'Segment'"), e.getMessage());
    assertTrue(e.getMessage().contains("segment"), e.getMessage());
  }

  @Test
  void filesOfOneDateWithDifferentHeadersAreRejected(@TempDir Path dir) throws IOException {
    String a = write(dir, "customers_a.csv", "Customer ID,Segment", "C1,consumer");
    String b = write(dir, "customers_b.csv", "Segment,Customer ID", "smb,C2");
    InputFiles.BadInputException e =
        assertThrows(InputFiles.BadInputException.class, () -> read(a, b));
    assertTrue(e.getMessage().contains("customers_b.csv"), e.getMessage());
  }
}
