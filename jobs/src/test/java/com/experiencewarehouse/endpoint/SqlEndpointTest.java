package com.experiencewarehouse.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.experiencewarehouse.io.TableDocs;
import com.experiencewarehouse.testing.HiveMetastore;
import com.experiencewarehouse.testing.JobProcess;
import com.experiencewarehouse.testing.JobRunner;
import com.experiencewarehouse.testing.SharedSpark;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The catalog and the SQL endpoint as their users meet them, every part a process of its own: a
 * night run as cron starts it (the embedded Derby metastore in the warehouse's _catalog folder),
 * `xw sql` pointed at the warehouse, `xw serve` (a Spark Connect server on 127.0.0.1) queried by
 * name through the Spark Connect JVM client while the next night runs, and stopped by its pid; then a
 * SQL session holding the embedded catalog while another session and a night try to open it; and an
 * external Hive metastore (a real one, its own process) that the endpoint and a SQL session share.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SqlEndpointTest {

  private static final long TIMEOUT_S = 600;
  private static final List<String> GOLD = List.of("consent_mode_daily", "customer_experience_daily",
      "customer_lifetime_value", "detractor_followup", "journey_funnel_day", "journey_funnel_quarter",
      "run_audit", "run_source_audit", "segment_scorecard_day", "segment_scorecard_quarter",
      "survey_response_context", "task_scorecard_day", "task_scorecard_quarter", "ux_cx_drivers");

  @TempDir
  static Path dir;

  static JobRunner config;
  static JobProcess server;

  @BeforeAll
  static void runTheFirstNightAsAProcess() {
    config = new JobRunner(dir, "");
    JobProcess night = process("night-14", "run", "--date", "2026-09-14");
    assertEquals(0, night.waitFor(TIMEOUT_S), night.err());
    // 27 tables: all but the Salesforce-only bronze.crm_accounts and bronze.crm_opportunities.
    assertTrue(night.err().contains("catalog: 27 tables by name, 27 newly registered"), night.err());
  }

  @AfterAll
  static void stopTheServer() {
    if (server != null) {
      server.close();
    }
  }

  private static JobProcess process(String name, String... args) {
    List<String> full = new ArrayList<>(Arrays.asList(args));
    full.addAll(List.of("--conf", config.conf().toString()));
    return JobProcess.start(dir.resolve("logs"), name, full.toArray(String[]::new));
  }

  /** What `xw sql` printed: tab-separated rows under a header. */
  private static List<String> sql(String name, String statement) {
    JobProcess p = process(name, "sql", statement);
    assertEquals(0, p.waitFor(TIMEOUT_S), p.err());
    return p.out().lines().toList();
  }

  @Test
  @Order(1)
  void aSessionPointedAtTheWarehouseSeesEveryTableByNameWithItsComments() {
    List<String> tables = sql("show-gold", "SHOW TABLES IN gold");
    List<String> expected = new ArrayList<>(List.of("namespace\ttableName\tisTemporary"));
    GOLD.forEach(t -> expected.add("gold\t" + t + "\tfalse"));
    assertEquals(expected, tables);
    assertEquals(List.of("namespace", "bronze", "default", "gold", "quarantine", "silver"),
        sql("show-databases", "SHOW DATABASES"));

    List<String> described = sql("describe", "DESCRIBE TABLE EXTENDED gold.detractor_followup");
    TableDocs.Table docs = TableDocs.of("gold.detractor_followup").orElseThrow();
    assertTrue(described.contains("Comment\t" + docs.comment() + "\t"), String.join("\n", described));
    assertTrue(described.contains("priority_score\tbigint\t" + docs.column("priority_score").orElseThrow()),
        String.join("\n", described));
    assertTrue(described.contains("Location\t" + Path.of(config.path("gold.detractor_followup")).toUri()
        .toString().replace("file:///", "file:/").replaceFirst("/$", "") + "\t"), String.join("\n", described));

    // data-samples/EXPECTED.md: the night of the 14th lists 19 detractors to follow up.
    assertEquals(List.of("count(1)", "19"), sql("count", "SELECT count(*) FROM gold.detractor_followup"));

    JobProcess bad = process("bad-sql", "sql", "SELECT * FROM gold.no_such_table");
    assertEquals(2, bad.waitFor(TIMEOUT_S), bad.err());
    String last = bad.err().strip().lines().reduce((a, b) -> b).orElse("");
    assertTrue(last.startsWith("xw: sql: [TABLE_OR_VIEW_NOT_FOUND]"), bad.err());

    // Read-only by default (xw.serve.read-only): a DELETE is refused with one line, nothing deleted.
    JobProcess delete = process("delete-sql", "sql", "DELETE FROM gold.detractor_followup");
    assertEquals(2, delete.waitFor(TIMEOUT_S), delete.err());
    assertEquals("xw: sql: read-only: DELETE FROM TABLE is refused (the SQL endpoint and xw sql only read; an "
        + "administrator sets xw.serve.read-only = false)", delete.err().strip().lines().reduce((x, y) -> y).orElse(""));
    assertEquals(19L, SharedSpark.get().read().format("delta").load(config.path("gold.detractor_followup")).count());
  }

  @Test
  @Order(2)
  void theSqlEndpointAnswersByNameWhileTheNextNightRunsAndStopsByItsPid() throws Exception {
    int port = freePort();
    // With a token (as it must have off loopback): clients without it are turned away.
    String token = "t0k3n-of-the-endpoint-" + port;
    server = JobProcess.start(dir.resolve("logs"), "serve", java.util.Map.of("XW_SERVE_TOKEN", token),
        "serve", "--port", Integer.toString(port), "--conf", config.conf().toString());
    String ready = awaitLine(server, "SQL endpoint (Spark Connect) listening on sc://127.0.0.1:" + port);
    // xw.serve.layers = [silver, gold]: 8 silver + 14 gold tables; bronze and the quarantine not served.
    assertTrue(ready.endsWith(": 22 tables by name in gold, silver from " + config.warehouse()), ready);
    assertFalse(Files.readString(dir.resolve("logs/serve.err")).contains(token), "the token is never logged");
    org.apache.spark.sql.SparkSession stranger = org.apache.spark.sql.connect.SparkSession.builder()
        .remote("sc://127.0.0.1:" + port).create();
    try {
      Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
          () -> stranger.sql("SELECT count(*) FROM gold.detractor_followup").collectAsList());
      assertTrue(String.valueOf(e.getMessage()).contains("UNAUTHENTICATED"), String.valueOf(e));
    } finally {
      stranger.close();
    }

    String byPathFollowups = "SELECT segment, count(*) AS n FROM delta.`" + config.path("gold.detractor_followup")
        + "` GROUP BY segment ORDER BY segment";
    String byNameFollowups = "SELECT segment, count(*) AS n FROM gold.detractor_followup GROUP BY segment ORDER BY segment";
    String scorecard = "SELECT segment, scorecard_date, nps_n, nps, nps_ci_low FROM %s ORDER BY segment, scorecard_date";
    org.apache.spark.sql.SparkSession client = org.apache.spark.sql.connect.SparkSession.builder()
        // Clients send a token in the clear only to the host name localhost (else over TLS only).
        .remote("sc://localhost:" + port + "/;token=" + token).create();
    try {
      assertEquals(GOLD, client.sql("SHOW TABLES IN gold").select("tableName").orderBy("tableName")
          .collectAsList().stream().map(r -> r.getString(0)).toList());
      // A client may not write, nor switch off Delta's retention check (by SQL or by a config call),
      // nor read bronze's personal data or a file of the machine by path: refused, the reason in the error.
      Path hostname = Files.writeString(dir.resolve("hostname"), "not-for-clients\n");
      Map<String, org.junit.jupiter.api.function.Executable> refused = new java.util.LinkedHashMap<>();
      refused.put("DELETE", () -> client.sql("DELETE FROM gold.detractor_followup").collectAsList());
      refused.put("SET", () -> client.sql("SET spark.databricks.delta.retentionDurationCheck.enabled = false")
          .collectAsList());
      refused.put("conf.set", () -> client.conf().set("spark.databricks.delta.retentionDurationCheck.enabled", "false"));
      refused.put("bronze by path", () -> client.sql("SELECT * FROM delta.`" + config.path("bronze.crm_customers") + "`")
          .collectAsList());
      refused.put("text by path", () -> client.sql("SELECT * FROM text.`" + hostname + "`").collectAsList());
      refused.put("spark.read", () -> client.read().text(hostname.toString()).collectAsList());
      for (Map.Entry<String, org.junit.jupiter.api.function.Executable> r : refused.entrySet()) {
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, r.getValue(), r.getKey());
        assertTrue(String.valueOf(e.getMessage()).contains("read-only: "), r.getKey() + ": " + e);
      }
      // Bronze is not named at all; the retention check is still on in the client's session.
      Exception notServed = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
          () -> client.sql("SELECT count(*) FROM bronze.crm_customers").collectAsList());
      assertTrue(String.valueOf(notServed.getMessage()).contains("TABLE_OR_VIEW_NOT_FOUND"), String.valueOf(notServed));
      assertEquals("true", client.conf().get("spark.databricks.delta.retentionDurationCheck.enabled", "true"));
      // The night of the 14th: 15 + 2 + 2 = 19 follow-ups (EXPECTED.md's 19), as the table read by path.
      assertEquals(List.of("consumer 15", "enterprise 2", "smb 2"), rows(client.sql(byNameFollowups).collectAsList()));
      assertEquals(rows(SharedSpark.get().sql(byPathFollowups).collectAsList()),
          rows(client.sql(byNameFollowups).collectAsList()));
      assertEquals(rows(SharedSpark.get().sql(String.format(scorecard, "delta.`"
              + config.path("gold.segment_scorecard_day") + "`")).collectAsList()),
          rows(client.sql(String.format(scorecard, "gold.segment_scorecard_day")).collectAsList()));

      // The endpoint keeps no lock on the embedded catalog: the next night runs and registers nothing
      // new (the names point at the folders), and the endpoint's next query reads the new version.
      JobProcess night = process("night-15", "run", "--date", "2026-09-15");
      assertEquals(0, night.waitFor(TIMEOUT_S), night.err());
      assertFalse(night.err().contains("catalog"), night.err());
      long byPath = SharedSpark.get().read().format("delta").load(config.path("gold.detractor_followup")).count();
      assertTrue(byPath > 19, "the 15th adds follow-ups: " + byPath);
      assertEquals(byPath, client.sql("SELECT count(*) FROM gold.detractor_followup").collectAsList().get(0).getLong(0));
    } finally {
      client.close();
    }

    // Stopped by its pid (SIGTERM, as `kill PID` does): the shutdown hook stops Spark and the server.
    ProcessHandle handle = ProcessHandle.of(server.pid()).orElseThrow();
    assertTrue(handle.destroy());
    handle.onExit().get(120, TimeUnit.SECONDS);
    assertFalse(server.isAlive());
    assertFalse(listening(port), "port " + port + " still open after the endpoint stopped");
  }

  @Test
  @Order(3)
  void aSessionHoldingTheEmbeddedCatalogMakesSqlExitThreeAndTheNightOnlyWarn() throws Exception {
    // A long query by name keeps its process's Derby open (Derby admits one process at a time).
    String sleep = "SELECT reflect('java.lang.Thread', 'sleep', CAST(900000 AS BIGINT)) FROM gold.run_audit LIMIT 1";
    JobProcess holder = process("holder-0", "sql", sleep);
    try {
      // Until the holder has opened the catalog a probe may still get in (exit 0), or get in first so
      // that the holder is the one refused (exit 3): then a new holder starts. Then a probe is refused.
      JobProcess probe;
      int attempt = 0;
      int code;
      do {
        probe = process("probe-" + attempt, "sql", "SHOW DATABASES");
        code = probe.waitFor(TIMEOUT_S);
        if (!holder.isAlive()) {
          assertEquals(3, holder.waitFor(TIMEOUT_S), holder.err());
          holder = process("holder-" + (attempt + 1), "sql", sleep);
          code = 0;
        }
      } while (code == 0 && ++attempt < 20);
      assertEquals(3, code, probe.err());
      assertEquals("xw: sql: the embedded catalog " + config.warehouse().resolve("_catalog")
          + " is open in another process (a run, or another SQL session); try again when it ends",
          probe.err().strip().lines().reduce((a, b) -> b).orElse(""));

      // The night writes its tables and only warns: the names registered earlier point at them.
      JobProcess night = process("night-15-again", "run", "--date", "2026-09-15");
      assertEquals(0, night.waitFor(TIMEOUT_S), night.err());
      assertTrue(night.err().contains("warning: catalog not updated: the embedded catalog "
          + config.warehouse().resolve("_catalog") + " is open in another process (a SQL session pointed at the "
          + "warehouse?); the next run registers new tables"), night.err());
      assertTrue(holder.isAlive(), "the holder still holds the catalog");
    } finally {
      holder.close();
    }
  }

  @Test
  @Order(4)
  void withAnExternalHiveMetastoreTheEndpointAndSqlSessionsShareTheNamesAtOnce() throws Exception {
    try (HiveMetastore hms = HiveMetastore.start(dir.resolve("hms"), freePort())) {
      // The same warehouse, another configuration: xw.catalog.type = hive, databases prefixed it_.
      JobRunner shared = new JobRunner(dir, "hive.conf", "xw.catalog { type = hive, hive-metastore-uris = \""
          + hms.uri() + "\", database-prefix = it_ }");
      int port = freePort();
      // The endpoint registers the served layers' 22 tables (silver, gold) in the shared metastore.
      try (JobProcess serve = JobProcess.start(dir.resolve("logs"), "serve-hive", "serve", "--port",
          Integer.toString(port), "--conf", shared.conf().toString())) {
        String ready = awaitLine(serve, "SQL endpoint (Spark Connect) listening on sc://127.0.0.1:" + port);
        assertTrue(ready.endsWith(": 22 tables by name in it_gold, it_silver from "
            + config.warehouse()), ready);
        // While the endpoint runs, another process reads the same names from the metastore.
        JobProcess sql = JobProcess.start(dir.resolve("logs"), "sql-hive", "sql",
            "SELECT count(*) FROM it_gold.detractor_followup", "--conf", shared.conf().toString());
        assertEquals(0, sql.waitFor(TIMEOUT_S), sql.err());
        long byPath = SharedSpark.get().read().format("delta").load(config.path("gold.detractor_followup")).count();
        assertEquals(List.of("count(1)", Long.toString(byPath)), sql.out().lines().toList());
        org.apache.spark.sql.SparkSession client = org.apache.spark.sql.connect.SparkSession.builder()
            .remote("sc://127.0.0.1:" + port).create();
        try {
          assertEquals(byPath, client.sql("SELECT count(*) FROM it_gold.detractor_followup").collectAsList()
              .get(0).getLong(0));
        } finally {
          client.close();
        }
      }
    }
  }

  private static List<String> rows(List<Row> rows) {
    return rows.stream().map(r -> {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < r.length(); i++) {
        b.append(i == 0 ? "" : " ").append(r.get(i));
      }
      return b.toString();
    }).toList();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static boolean listening(int port) {
    try (Socket s = new Socket(java.net.InetAddress.getLoopbackAddress(), port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Waits for the server's stderr line starting with {@code prefix} (the job's "xw HH:mm:ss " cut off). */
  @Test
  @Order(5)
  void aCopiedWarehouseReadsItsOwnTablesByNameNotTheOriginals() throws IOException {
    // A copy of the whole warehouse folder, its embedded catalog (_catalog) included: the catalog's
    // 27 entries name the original's folders until xw sql on the copy re-points them.
    Path copy = dir.resolve("copied");
    org.apache.commons.io.FileUtils.copyDirectory(config.warehouse().toFile(), copy.resolve("warehouse").toFile());
    JobRunner copied = new JobRunner(copy, "");
    JobProcess p = JobProcess.start(dir.resolve("logs"), "copied-sql", "sql",
        "DESCRIBE DETAIL gold.detractor_followup", "--conf", copied.conf().toString());
    assertEquals(0, p.waitFor(TIMEOUT_S), p.err());
    assertTrue(p.err().contains("xw: sql: note: 27 catalog names pointed at another warehouse's folders (a copied "
        + "or moved warehouse) and now name this one's (" + copied.warehouse() + ")"), p.err());
    String location = Path.of(copied.path("gold.detractor_followup")).toUri().toString()
        .replace("file:///", "file:/").replaceFirst("/$", "");
    List<String> rows = p.out().lines().toList();
    int column = Arrays.asList(rows.get(0).split("\t")).indexOf("location");
    assertEquals(location, rows.get(1).split("\t")[column], p.out());
    // A second statement finds the names in place: no note.
    JobProcess again = JobProcess.start(dir.resolve("logs"), "copied-sql-again", "sql",
        "SELECT count(*) FROM gold.detractor_followup", "--conf", copied.conf().toString());
    assertEquals(0, again.waitFor(TIMEOUT_S), again.err());
    assertFalse(again.err().contains("catalog names pointed"), again.err());
  }

  private static String awaitLine(JobProcess p, String prefix) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
    while (System.nanoTime() < deadline) {
      Optional<String> line = p.err().lines().map(l -> l.replaceFirst("^xw \\d\\d:\\d\\d:\\d\\d ", ""))
          .filter(l -> l.startsWith(prefix)).findFirst();
      if (line.isPresent()) {
        return line.get();
      }
      assertTrue(p.isAlive(), "the endpoint ended before it listened:\n" + p.err());
      Thread.sleep(500);
    }
    throw new AssertionError("no line '" + prefix + "' in " + TIMEOUT_S + " s:\n" + p.err());
  }
}
