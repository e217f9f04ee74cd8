package com.experiencewarehouse.job;

import static com.experiencewarehouse.testing.Rows.assertRows;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.experiencewarehouse.bronze.CrmAccountsBronze;
import com.experiencewarehouse.bronze.CrmOpportunitiesBronze;
import com.experiencewarehouse.io.RunAudit;
import com.experiencewarehouse.testing.JobProcess;
import com.experiencewarehouse.testing.JobRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job as its own JVM, as a scheduler starts it: two runs of one date at once, and runs killed
 * with SIGKILL once in each of the bronze, silver and gold writes. Every table stays readable and at a
 * complete version, and a rerun ends with exactly the tables of an uninterrupted run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KilledAndConcurrentRunsTest {

  private static final String DATE = "2026-09-14";
  private static final long TIMEOUT_S = 600;

  @TempDir
  static Path dir;

  /** Each table's contents after the uninterrupted run (data columns only). */
  private final Map<String, Dataset<Row>> reference = new HashMap<>();

  /** The tables compared: all but the run audit (it names each run) and the Salesforce-only tables. */
  private static List<String> comparedTables() {
    return NightlyJob.TABLES.stream()
        .filter(t -> !t.startsWith("gold.run_") && !t.equals(CrmAccountsBronze.TABLE)
            && !t.equals(CrmOpportunitiesBronze.TABLE))
        .toList();
  }

  @Test
  @Order(1)
  void twoRunsOfOneDateAtOnceOneCompletesTheOtherStopsWithoutWriting() {
    JobRunner job = new JobRunner(dir.resolve("both"), "");
    List<Integer> codes = new ArrayList<>();
    List<JobProcess> runs = new ArrayList<>();
    try (JobProcess a = JobProcess.start(dir.resolve("logs"), "a", "run", "--date", DATE, "--conf", job.conf().toString());
        JobProcess b = JobProcess.start(dir.resolve("logs"), "b", "run", "--date", DATE, "--conf", job.conf().toString())) {
      runs.add(a);
      runs.add(b);
      long started = System.nanoTime();
      codes.add(a.waitFor(TIMEOUT_S));
      System.out.printf("a exited %d after %.1f s%n", codes.get(0), (System.nanoTime() - started) / 1e9);
      codes.add(b.waitFor(TIMEOUT_S));
      System.out.printf("b exited %d after %.1f s%n", codes.get(1), (System.nanoTime() - started) / 1e9);
    }
    JobProcess winner = codes.get(0) == 0 ? runs.get(0) : runs.get(1);
    JobProcess loser = codes.get(0) == 0 ? runs.get(1) : runs.get(0);
    assertEquals(List.of(0, 3), codes.stream().sorted().toList(), "a: " + runs.get(0).err() + "\nb: " + runs.get(1).err());
    String[] lines = loser.err().strip().split("\n");
    assertTrue(lines[lines.length - 1].startsWith("xw: run for " + DATE + " not started, nothing written: another "
        + "command holds the warehouse lock " + job.warehouse().resolve("_xw/run.lock") + ": 'run for " + DATE
        + "' (pid " + winner.pid() + " on "), lines[lines.length - 1]);
    assertTrue(winner.out().contains("for " + DATE + ": succeeded in "), winner.out());
    // One run in the audit, and its night as EXPECTED.md has it: 109 sessions on the 14th.
    assertRows(job.table(RunAudit.RUN_TABLE).select("status"), "[succeeded]");
    assertEquals(109L, job.table("gold.segment_scorecard_day").filter(col("segment").equalTo("(all)"))
        .first().<Long>getAs("sessions"));
    assertFalse(Files.exists(job.warehouse().resolve("_xw/run.lock")), "the lock is released");
    for (String t : comparedTables()) {
      if (Files.isDirectory(job.warehouse().resolve(t.replace('.', '/')))) {
        reference.put(t, data(job.table(t)).localCheckpoint());
      }
    }
  }

  /** A moment in a run, seen from outside: a data file of a table's write that was not there before. */
  private record KillPoint(String what, BooleanSupplier reached) {}

  /** Parquet files in a table folder (the data of committed and uncommitted writes). */
  private static long dataFiles(Path folder) {
    if (!Files.isDirectory(folder)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(folder)) {
      return files.filter(p -> p.toString().endsWith(".parquet") && !p.toString().contains("_delta_log")).count();
    } catch (IOException | java.io.UncheckedIOException e) {
      return 0; // a file renamed while listed: look again at the next poll
    }
  }

  @Test
  @Order(2)
  void killedOncePerLayerEveryTableStaysCompleteAndARerunEqualsTheUninterruptedRun() throws Exception {
    assertFalse(reference.isEmpty(), "runs after the concurrent runs' test");
    JobRunner job = new JobRunner(dir.resolve("killed"), "");
    Path wh = job.warehouse();
    // One point per layer, each a moment when the table's new data files are on disk and its commit
    // may not be: the end of bronze (the source audit, an append written after every source table),
    // silver (the sessions) and gold (the first table the gold step writes); the two kinds of write,
    // replaced partitions and appends. Each kill costs a process start and the night up to its point.
    // Only tables a rerun writes anew: a MERGE that finds nothing changed (silver.customer_dim after
    // an earlier killed run committed it) writes no file to wait for.
    List<String> points = List.of(RunAudit.SOURCE_TABLE, "silver.web_session", "gold.customer_experience_daily");
    Map<String, Long> verifiedVersion = new HashMap<>();
    int kills = 0;
    for (String table : points) {
      Path folder = wh.resolve(table.replace('.', '/'));
      long filesBefore = dataFiles(folder);
      KillPoint point = new KillPoint("while writing " + table, () -> dataFiles(folder) > filesBefore);
      String name = "kill-" + (++kills);
      try (JobProcess run = JobProcess.start(dir.resolve("logs"), name, "run", "--date", DATE, "--conf",
          job.conf().toString())) {
        long deadline = System.nanoTime() + TIMEOUT_S * 1_000_000_000L;
        while (!point.reached().getAsBoolean()) {
          assertTrue(run.isAlive(), "the run ended before " + point.what() + ": " + run.err());
          assertTrue(System.nanoTime() < deadline, "not reached in time: " + point.what());
          Thread.sleep(10);
        }
        run.kill();
        System.out.printf("%s: killed %s, %.1f s after start%n", name, point.what(),
            (System.nanoTime() - deadline) / 1e9 + TIMEOUT_S);
      }
      assertTrue(Files.exists(wh.resolve("_xw/run.lock")), "a killed holder leaves its lock (" + point.what() + ")");
      assertEveryTableCompleteOrAbsent(job, verifiedVersion, point.what());
    }

    // The rerun takes over the dead holder's lock and marks the last killed run failed (each killed
    // run marked the one before it).
    JobRunner.Result rerun = job.run("run", "--date", DATE);
    assertEquals(0, rerun.exitCode(), rerun.err());
    assertTrue(rerun.err().contains(" 1 earlier run(s) still marked running in gold.run_audit ended without "
        + "finishing: marked failed"), rerun.err());
    for (String t : comparedTables()) {
      assertEquals(reference.containsKey(t), job.warehouse().resolve(t.replace('.', '/')).toFile().isDirectory(), t);
      if (reference.containsKey(t)) {
        assertSameRows(reference.get(t), data(job.table(t)), t + " after the rerun");
      }
    }
    assertEquals((long) points.size(), job.table(RunAudit.RUN_TABLE).filter(col("status").equalTo("failed")
        .and(col("error_message").startsWith("abandoned: "))).count());
    assertEquals(1L, job.table(RunAudit.RUN_TABLE).filter(col("status").equalTo("succeeded")).count());
    assertEquals(points.size() + 1L, job.table(RunAudit.RUN_TABLE).count());
    assertFalse(Files.exists(wh.resolve("_xw/run.lock")));
  }

  /**
   * After a kill, each table is either not created yet or, at its latest version, holds exactly the
   * uninterrupted run's rows (every run of the date writes the same rows, each table in one commit).
   * Tables unchanged since they were last verified are only checked to be at the same version.
   */
  private void assertEveryTableCompleteOrAbsent(JobRunner job, Map<String, Long> verifiedVersion, String point) {
    for (String t : comparedTables()) {
      Path log = job.warehouse().resolve(t.replace('.', '/')).resolve("_delta_log");
      long version = latestVersion(log);
      if (version < 0) {
        continue; // never committed: readers see no table
      }
      if (verifiedVersion.getOrDefault(t, -1L) == version) {
        continue;
      }
      assertTrue(reference.containsKey(t), t + " exists only after a kill " + point);
      assertSameRows(reference.get(t), data(job.table(t)), t + " after a kill " + point);
      verifiedVersion.put(t, version);
    }
    // The audit tables are readable, and every source count that made it there adds up.
    if (latestVersion(job.warehouse().resolve("gold/run_source_audit/_delta_log")) >= 0) {
      assertEquals(0L, job.table(RunAudit.SOURCE_TABLE).filter(col("is_balanced").equalTo(false)).count());
    }
    if (latestVersion(job.warehouse().resolve("gold/run_audit/_delta_log")) >= 0) {
      job.table(RunAudit.RUN_TABLE).count();
    }
  }

  private static long latestVersion(Path log) {
    if (!Files.isDirectory(log)) {
      return -1;
    }
    try (Stream<Path> files = Files.list(log)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d{20}\\.json"))
          .mapToLong(n -> Long.parseLong(n.substring(0, 20))).max().orElse(-1);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void assertSameRows(Dataset<Row> expected, Dataset<Row> actual, String what) {
    assertEquals(0L, actual.exceptAll(expected).count(), what + ": rows not in the uninterrupted run");
    assertEquals(0L, expected.exceptAll(actual).count(), what + ": rows missing");
  }

  /** Every column but the run metadata (_run_id, _ingested_at), which names the run that wrote it. */
  private static Dataset<Row> data(Dataset<Row> df) {
    return df.select(Arrays.stream(df.columns()).filter(c -> !c.startsWith("_") || c.equals("_source_file"))
        .map(c -> col("`" + c + "`")).toArray(Column[]::new));
  }
}
