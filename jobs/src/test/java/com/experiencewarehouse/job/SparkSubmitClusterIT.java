package com.experiencewarehouse.job;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.experiencewarehouse.io.RunAudit;
import com.experiencewarehouse.testing.JobProcess;
import com.experiencewarehouse.testing.JobRunner;
import com.experiencewarehouse.testing.SharedSpark;
import com.experiencewarehouse.testing.StandaloneCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nightly job on a real Spark standalone cluster (a master and two workers of one core on
 * 127.0.0.1, each its own JVM from Spark's jars alone), submitted with spark-submit and the jar the
 * build makes (jobs/target/xw-jobs-*-spark.jar: Delta and Typesafe Config come only from it). Its
 * gold tables must equal those of a local-mode run of the same night, in which a worker is killed
 * while the job runs. Run by {@code mvn verify} (the jar is made in the package phase).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SparkSubmitClusterIT {

  private static final String DATE = "2026-09-14";
  private static final long TIMEOUT_S = 900;

  @TempDir
  static Path dir;

  static StandaloneCluster cluster;
  static JobRunner local;

  @BeforeAll
  static void startClusterAndRunLocally() {
    cluster = StandaloneCluster.start(dir.resolve("cluster"), 2, 1, "2g");
    local = new JobRunner(dir.resolve("local"), "");
    JobRunner.Result r = local.run("run", "--date", DATE);
    assertEquals(0, r.exitCode(), r.err());
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
      for (ProcessHandle h : cluster.processes()) {
        assertFalse(h.isAlive(), "process " + h.pid() + " still running after the cluster was stopped");
      }
    }
  }

  /** The gold tables compared: all but the run audit, whose rows name their run and times. */
  private static List<String> goldTables() {
    return NightlyJob.TABLES.stream().filter(t -> t.startsWith("gold.") && !t.startsWith("gold.run_")).toList();
  }

  @Test
  @Order(0)
  void spark_submitExitsWithTheJobsCodeAndReason() throws IOException {
    // The 16th has no sample exports: exit 2 through spark-submit, one line naming the folder.
    Path warehouse = dir.resolve("no-input/warehouse");
    JobProcess job = submit("no-input", warehouse, List.of("run", "--date", "2026-09-16", "--conf", "cluster.conf"));
    assertEquals(2, job.waitFor(TIMEOUT_S), job.err());
    String[] lines = job.err().strip().split("\n");
    assertEquals("xw: missing input folder for GA4 events: " + uri(Path.of("data-samples")) + "/web/2026-09-16",
        lines[lines.length - 1]);
    assertFalse(Files.exists(warehouse), "nothing written");
  }

  @Test
  @Order(1)
  void aNightOnTheClusterEqualsTheLocalRunAlsoWhenAWorkerIsLostWhileItRuns() throws IOException {
    // One cluster night proves both (each costs a whole night): the job runs on both workers, keeps
    // running when one of them dies, and its gold tables equal the local run's.
    Path warehouse = dir.resolve("worker-lost/warehouse");
    List<Integer> appsBefore = List.of(appFolders(cluster.workDir(1)).size(), appFolders(cluster.workDir(2)).size());
    JobProcess job = submit("worker-lost", warehouse);
    // 0.8 MB of sample input: two partitions per core of the 2 (one per worker), as auto sizes them
    // (a spark.sql.shuffle.partitions given to spark-submit would win: ShufflePartitionsTest).
    // Bronze written (its four sources counted) and an executor on each worker: kill worker 1 and,
    // with it, its executor (it exits when its worker is gone), while silver and gold are to come.
    cluster.await(() -> job.err().contains("bronze survey_answers") || !job.isAlive(), TIMEOUT_S,
        "bronze progress line from the job");
    assertTrue(job.isAlive(), job.err());
    assertTrue(job.err().contains(" for " + DATE + " started (0.8 MB of input, 4 shuffle partitions)"), job.err());
    assertEquals(List.of(1, 1), cluster.coresUsed(), "an executor on each worker");
    // Both workers run an executor of the application (a folder per application in each work dir).
    for (int w = 1; w <= 2; w++) {
      assertEquals(appsBefore.get(w - 1) + 1, appFolders(cluster.workDir(w)).size(), "applications run on worker " + w);
    }
    List<ProcessHandle> executors = cluster.executorsOf(1);
    assertEquals(1, executors.size(), "worker 1's executor");
    long killedAt = System.nanoTime();
    cluster.worker(1).destroyForcibly();
    cluster.await(() -> !cluster.worker(1).isAlive() && !executors.get(0).isAlive(), 60,
        "end of worker 1 (pid " + cluster.worker(1).pid() + ") and its executor");
    cluster.await(() -> cluster.aliveWorkers() == 1, 60, "master seeing one alive worker");

    int code = job.waitFor(TIMEOUT_S);
    System.out.printf("worker 1 killed; the job finished %.1f s later%n", (System.nanoTime() - killedAt) / 1e9);
    assertEquals(0, code, job.err());
    assertTrue(job.out().contains("for " + DATE + ": succeeded in "), job.out());
    String err = job.err();
    assertTrue(err.contains("Lost executor"), "the driver saw its executor go: " + err);
    assertTrue(err.indexOf("gold customer_experience_daily") > err.indexOf("bronze survey_answers"), err);
    assertGoldEqualsLocalRun(warehouse);
    // -D from --driver-java-options reached the config: the audit names that environment.
    Dataset<Row> audit = table(warehouse, RunAudit.RUN_TABLE);
    assertEquals("[[succeeded,standalone-it]]", audit.select("status", "environment").collectAsList().toString());
  }

  /**
   * spark-submit in client mode from an empty folder: the config comes by name from --files (so the
   * job finds it among spark.files), dev mode from the environment, the environment name from -D.
   */
  private static JobProcess submit(String name, Path warehouse, String... sparkConf) throws IOException {
    return submit(name, warehouse, List.of("run", "--date", DATE, "--conf", "cluster.conf"), sparkConf);
  }

  private static JobProcess submit(String name, Path warehouse, List<String> jobArgs, String... sparkConf)
      throws IOException {
    Path confDir = Files.createDirectories(dir.resolve(name).resolve("conf"));
    Path conf = confDir.resolve("cluster.conf");
    Files.writeString(conf, "xw.warehouse.path = \"" + uri(warehouse) + "\"\n"
        + "xw.sources.root = \"" + uri(Path.of("data-samples")) + "\"\n");
    Path cwd = Files.createDirectories(dir.resolve(name).resolve("cwd"));
    List<String> args = new ArrayList<>(List.of(
        "--master", cluster.masterUrl(), "--deploy-mode", "client",
        "--class", "com.experiencewarehouse.cli.Main",
        "--driver-memory", "1500m", "--executor-memory", "1g", "--executor-cores", "1",
        "--total-executor-cores", "2",
        "--files", conf.toString(),
        "--driver-java-options", "-Dxw.environment=standalone-it"));
    args.addAll(Arrays.asList(sparkConf));
    args.add(System.getProperty("xw.test.spark-submit-jar"));
    args.addAll(jobArgs);
    return cluster.submit(name, cwd, Map.of("XW_DEV_MODE", "true"), args);
  }

  /** A file: URI without the trailing slash (the job appends "/layer/table"). */
  private static String uri(Path p) {
    String u = p.toAbsolutePath().normalize().toUri().toString();
    return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
  }

  private static void assertGoldEqualsLocalRun(Path warehouse) {
    for (String t : goldTables()) {
      Dataset<Row> expected = data(local.table(t));
      Dataset<Row> actual = data(table(warehouse, t));
      assertTrue(expected.count() > 0 || t.equals("gold.consent_mode_daily"), t + " is empty in the local run");
      assertEquals(0L, actual.exceptAll(expected).count(), t + ": rows the local run does not have");
      assertEquals(0L, expected.exceptAll(actual).count(), t + ": rows of the local run missing");
    }
  }

  private static Dataset<Row> table(Path warehouse, String name) {
    return SharedSpark.get().read().format("delta").load(uri(warehouse) + "/" + name.replace('.', '/'));
  }

  /** Every column but the run metadata (_run_id, _ingested_at), which names the run that wrote it. */
  private static Dataset<Row> data(Dataset<Row> df) {
    return df.select(Arrays.stream(df.columns()).filter(c -> !c.startsWith("_"))
        .map(c -> col("`" + c + "`")).toArray(Column[]::new));
  }

  private static List<Path> appFolders(Path workDir) throws IOException {
    if (!Files.isDirectory(workDir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(workDir)) {
      return new ArrayList<>(s.filter(p -> p.getFileName().toString().startsWith("app-")).toList());
    }
  }
}
