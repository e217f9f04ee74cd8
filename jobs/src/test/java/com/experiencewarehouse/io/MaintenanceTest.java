package com.experiencewarehouse.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.experiencewarehouse.testing.JobRunner;
import com.experiencewarehouse.testing.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code maintain} command through the entry point, on a small table of three small files. */
class MaintenanceTest {

  @TempDir
  Path dir;

  private static long parquetFiles(Path table) throws IOException {
    try (Stream<Path> files = Files.walk(table)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".parquet") && !f.toString().contains("_delta_log"))
          .count();
    }
  }

  @Test
  void maintainCompactsEveryTableAndVacuumsFilesNoVersionWithinTheRetentionReads() throws IOException {
    JobRunner job = new JobRunner(dir, "xw.maintenance { vacuum-retention = 0 hours, allow-short-retention = true }");
    Path table = job.warehouse().resolve("bronze/crm_tickets");
    // Three nights' appends of two rows (ids 0 … 5), one file each.
    for (int night = 0; night < 3; night++) {
      SharedSpark.get().range(night * 2, night * 2 + 2).coalesce(1)
          .write().format("delta").mode("append").save(table.toString());
    }
    assertEquals(3L, parquetFiles(table));

    JobRunner.Result r = job.run("maintain");
    assertEquals(0, r.exitCode(), r.err());
    // OPTIMIZE wrote the six rows into one file and retired the three; VACUUM with a retention of
    // 0 hours deleted the retired three. The rows are the same: 0 + 1 + … + 5 = 15.
    assertEquals(1L, parquetFiles(table));
    assertEquals(6L, job.table("bronze.crm_tickets").count());
    assertEquals(15L, job.table("bronze.crm_tickets").agg(org.apache.spark.sql.functions.sum("id")).first().getLong(0));
    // The line of the table: 3 files before, 1 after, 1 read by the latest version.
    assertTrue(r.out().matches("(?s).*bronze\\.crm_tickets\\s+3\\s+1\\s+1\\s.*"), r.out());
  }

  @Test
  void aRetentionBelowSevenDaysIsRefusedUnlessAllowedAndMaintainTakesNoDate() {
    JobRunner.Result refused = new JobRunner(dir, "xw.maintenance.vacuum-retention = 1 hour").run("maintain");
    assertEquals(2, refused.exitCode());
    assertEquals("xw: bad configuration: xw.maintenance.vacuum-retention of 1 h is below Delta's safe 168 h (7 days); "
        + "set xw.maintenance.allow-short-retention = true to allow it", refused.err().strip());
    JobRunner.Result dated = new JobRunner(dir, "").run("maintain", "--date", "2026-09-14");
    assertEquals(2, dated.exitCode());
    assertTrue(dated.err().startsWith("xw: maintain takes no --date (it maintains every table)"), dated.err());
  }
}
