package com.experiencewarehouse.sources.events;

import static com.experiencewarehouse.testing.Rows.assertRows;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.experiencewarehouse.config.Settings.WebSource;
import com.experiencewarehouse.sources.InputFiles;
import com.experiencewarehouse.testing.Rows;
import com.experiencewarehouse.testing.SharedSpark;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebEventsExportTest {

  private static final StructType TEXT = new StructType().add("ts", DataTypes.StringType);

  @Test
  void timestampsAreReadInEachConfiguredFormatAndOtherTextIsNull() {
    // 2026-09-14T01:14:56Z = 1789348496 s.
    var rows = Rows.frame(TEXT, new Object[] {"1789348496.5"}, new Object[] {"1789348496123"},
        new Object[] {"1789348496000001"}, new Object[] {"2026-09-14T03:14:56.25+02:00"},
        new Object[] {"2026-09-14 01:14:56"}, new Object[] {"yesterday"}, new Object[] {" "});
    assertRows(rows.select(col("ts"), WebEventsExport.micros(col("ts"), "epoch-s").as("s"),
            WebEventsExport.micros(col("ts"), "epoch-ms").as("ms"), WebEventsExport.micros(col("ts"), "epoch-us").as("us"),
            WebEventsExport.micros(col("ts"), "iso").as("iso")),
        // 1789348496.5 s → …496 500000 µs; as ms it has a fraction of 1 digit → 1789348496.5 ms = 1789348496500 µs
        "[1789348496.5,1789348496500000,1789348496500,null,null]",
        // 1789348496123 ms → ×1000 µs; as s it is 56 700 years on: still an integer, kept
        "[1789348496123,1789348496123000000,1789348496123000,1789348496123,null]",
        // as s: 1.789e21 µs is beyond a 64-bit count of microseconds → NULL, not an overflow error
        "[1789348496000001,null,1789348496000001000,1789348496000001,null]",
        // 03:14:56.25 at +02:00 = 01:14:56.25 UTC
        "[2026-09-14T03:14:56.25+02:00,null,null,null,1789348496250000]",
        // no zone: which clock is unknown → NULL (bad_timestamp in bronze)
        "[2026-09-14 01:14:56,null,null,null,null]",
        "[yesterday,null,null,null,null]",
        "[ ,null,null,null,null]");
  }

  @Test
  void aParquetExportWithoutARequiredColumnIsUnusable(@TempDir Path dir) {
    Path folder = dir.resolve("web");
    SharedSpark.get().sql("SELECT TIMESTAMP'2026-09-14 01:14:56' AS `Timestamp`, 'v1' AS `Anonymous ID`")
        .coalesce(1).write().parquet(folder.toString());
    WebSource w = new WebSource("", "events-parquet", "web", "*.parquet", "", Map.of("timestamp", "Timestamp",
        "visitor_id", "Anonymous ID", "event_name", "Event"), Map.of(), "iso", "", "s", Map.of());
    InputFiles.BadInputException e = assertThrows(InputFiles.BadInputException.class,
        () -> WebEventsExport.files(SharedSpark.get(), w, folder.toString(), "*.parquet"));
    // One line naming the file, the column and the field (exit 2, before any write).
    assertTrue(e.getMessage().matches(
        "web events file file:\\S+/web/part-\\S+\\.parquet has no column 'Event' \\(mapped from field event_name\\)"),
        e.getMessage());
  }
}
