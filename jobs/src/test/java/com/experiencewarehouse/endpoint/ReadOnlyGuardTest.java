package com.experiencewarehouse.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.experiencewarehouse.testing.SharedSpark;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The guard on the analyzed plans of statements over a Delta table registered by name. */
class ReadOnlyGuardTest {

  @TempDir
  static Path dir;

  @BeforeAll
  static void table() {
    SparkSession spark = SharedSpark.get();
    spark.range(3).selectExpr("id AS a").write().format("delta").save(dir.resolve("t").toString());
    spark.sql("CREATE DATABASE IF NOT EXISTS guard_test");
    spark.sql("CREATE TABLE guard_test.t USING delta LOCATION '" + dir.resolve("t") + "'");
  }

  @AfterAll
  static void dropTable() {
    SharedSpark.get().sql("DROP DATABASE IF EXISTS guard_test CASCADE");
  }

  /** The shared session's parser (Delta's) guarded, as xw sql and xw serve sessions have it. */
  private static GuardedParser guarded() {
    return new GuardedParser(((org.apache.spark.sql.classic.SparkSession) SharedSpark.get()).sessionState().sqlParser());
  }

  /** The statement analyzed, nothing executed (as the check rule sees it, before execution). */
  private static LogicalPlan analyzed(String sql) {
    org.apache.spark.sql.classic.SparkSession spark = (org.apache.spark.sql.classic.SparkSession) SharedSpark.get();
    LogicalPlan parsed;
    try {
      parsed = spark.sessionState().sqlParser().parsePlan(sql);
    } catch (org.apache.spark.sql.catalyst.parser.ParseException e) {
      throw new IllegalArgumentException(sql, e);
    }
    return spark.sessionState().executePlan(parsed, org.apache.spark.sql.execution.CommandExecutionMode.SKIP()).analyzed();
  }

  @Test
  void statementsThatWriteOrChangeAreRefusedWithOneLineNamingThem() throws Exception {
    Map<String, String> refused = new LinkedHashMap<>();
    refused.put("DELETE FROM guard_test.t", "DELETE FROM TABLE");
    refused.put("UPDATE guard_test.t SET a = 2", "UPDATE TABLE");
    refused.put("MERGE INTO guard_test.t x USING guard_test.t y ON x.a = y.a WHEN MATCHED THEN DELETE", "MERGE INTO TABLE");
    refused.put("INSERT INTO guard_test.t VALUES (9)", "INSERT INTO");
    refused.put("TRUNCATE TABLE guard_test.t", "TRUNCATE TABLE");
    refused.put("DROP TABLE guard_test.t", "DROP TABLE");
    refused.put("CREATE TABLE guard_test.u (a INT) USING delta", "CREATE TABLE");
    refused.put("ALTER TABLE guard_test.t SET TBLPROPERTIES ('x' = '1')", "SET TABLE PROPERTIES");
    refused.put("VACUUM guard_test.t RETAIN 0 HOURS", "VACUUM TABLE");
    refused.put("RESTORE TABLE guard_test.t TO VERSION AS OF 0", "RESTORE TABLE");
    refused.put("OPTIMIZE guard_test.t", "OPTIMIZE TABLE");
    refused.put("INSERT OVERWRITE DIRECTORY '" + dir.resolve("out") + "' USING parquet SELECT 1", "INSERT INTO DIR");
    refused.put("CACHE TABLE guard_test.t", "CACHE TABLE");
    refused.put("SET spark.databricks.delta.retentionDurationCheck.enabled = false", "SET spark.databricks.delta.retentionDurationCheck.enabled");
    Map<String, String> messages = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : refused.entrySet()) {
      // As the guarded parser sees SQL text.
      ReadOnlyGuard.RefusedException x = assertThrows(ReadOnlyGuard.RefusedException.class,
          () -> guarded().parsePlan(e.getKey()), e.getKey());
      messages.put(e.getKey(), x.getMessage());
      // As the check rule sees an analyzed plan (a DataFrame write's), except RESTORE: Delta's
      // analysis runs it while resolving it (to an empty relation), which is why SQL is judged parsed.
      if (!e.getKey().startsWith("RESTORE")) {
        assertThrows(ReadOnlyGuard.RefusedException.class, () -> ReadOnlyGuard.check(analyzed(e.getKey())),
            () -> e.getKey() + ": " + analyzed(e.getKey()));
      }
    }
    for (Map.Entry<String, String> e : refused.entrySet()) {
      String m = messages.get(e.getKey());
      assertEquals("read-only: " + e.getValue() + " is refused", m.substring(0, m.indexOf(" is refused") + 11), e.getKey());
      assertEquals(false, m.contains("\n"), m);
    }
    // Nothing ran: the table still has its 3 rows and one version.
    assertEquals(3L, SharedSpark.get().table("guard_test.t").count());
  }

  @Test
  void readingStatementsPass() throws Exception {
    for (String sql : List.of("SELECT * FROM guard_test.t WHERE a > 0", "SHOW TABLES IN guard_test",
        "DESCRIBE guard_test.t", "DESCRIBE TABLE EXTENDED guard_test.t", "DESCRIBE HISTORY guard_test.t",
        "DESCRIBE DETAIL guard_test.t", "SHOW COLUMNS IN guard_test.t", "SHOW DATABASES",
        "EXPLAIN SELECT count(*) FROM guard_test.t", "SET", "SET spark.sql.shuffle.partitions",
        "SET spark.sql.shuffle.partitions = 3", "USE guard_test", "SHOW TBLPROPERTIES guard_test.t")) {
      ReadOnlyGuard.check(guarded().parsePlan(sql));
      ReadOnlyGuard.check(analyzed(sql));
    }
    // The endpoint's own registration passes when trusted, and the guard is back after it.
    assertEquals("ok", ReadOnlyGuard.trusted(() -> {
      ReadOnlyGuard.check(analyzed("DROP TABLE guard_test.t"));
      return "ok";
    }));
    assertThrows(ReadOnlyGuard.RefusedException.class, () -> ReadOnlyGuard.check(analyzed("DROP TABLE guard_test.t")));
  }

  @Test
  void filesOutsideTheServedFoldersAreNotReadByAnyPath() throws Exception {
    java.nio.file.Files.writeString(dir.resolve("hostname"), "secret-host\n");
    java.nio.file.Files.createDirectories(dir.resolve("elsewhere"));
    SharedSpark.get().range(1).write().format("delta").save(dir.resolve("elsewhere/u").toString());
    // The served folder: the table's own (as xw serve's gold folder holds its tables).
    List<String> roots = List.of(ReadOnlyGuard.canonical(dir.resolve("t").toString()));
    for (String sql : List.of("SELECT * FROM text.`" + dir.resolve("hostname") + "`",
        "SELECT * FROM delta.`" + dir.resolve("elsewhere/u") + "`",
        "SELECT * FROM delta.`" + dir.resolve("t") + "/../elsewhere/u`",
        "SELECT * FROM guard_test.t WHERE a IN (SELECT length(value) FROM text.`file:" + dir.resolve("hostname") + "`)")) {
      ReadOnlyGuard.RefusedException x = assertThrows(ReadOnlyGuard.RefusedException.class,
          () -> ReadOnlyGuard.checkReads(analyzed(sql), roots), sql);
      assertTrue(x.getMessage().startsWith("read-only: reading "), x.getMessage());
      assertTrue(x.getMessage().endsWith(" is refused (files outside the tables this session serves are not read;"
          + " query the tables by name)"), x.getMessage());
    }
    // A client's spark.read of a file is the same plan as SQL's: refused.
    assertThrows(ReadOnlyGuard.RefusedException.class, () -> ReadOnlyGuard.checkReads(
        ((org.apache.spark.sql.classic.Dataset<?>) SharedSpark.get().read().text(dir.resolve("hostname").toString()))
            .queryExecution().analyzed(), roots));
    // The table by name and by its own path read inside the root: allowed, and so is Delta's log.
    for (String sql : List.of("SELECT * FROM guard_test.t", "SELECT * FROM delta.`file:" + dir.resolve("t") + "/`",
        "DESCRIBE HISTORY guard_test.t")) {
      ReadOnlyGuard.checkReads(analyzed(sql), roots);
    }
    // Without roots (the job's own sessions) nothing is judged.
    ReadOnlyGuard.checkReads(analyzed("SELECT * FROM text.`" + dir.resolve("hostname") + "`"), List.of());
    assertEquals("file:///a/b", ReadOnlyGuard.canonical("file:/a/b/"));
    assertEquals("file:///etc", ReadOnlyGuard.canonical("/a/gold/../../etc"));
    assertEquals("s3a://bucket/xw/gold", ReadOnlyGuard.canonical("s3a://bucket/xw/gold/"));
  }

  @Test
  void aConnectClientsConfigSetOfAGuardedSettingIsRefusedAndOthersPass() {
    org.apache.spark.connect.proto.ConfigRequest set = config(org.apache.spark.connect.proto.ConfigRequest.Operation
        .newBuilder().setSet(org.apache.spark.connect.proto.ConfigRequest.Set.newBuilder()
            .addPairs(pair("spark.sql.shuffle.partitions", "3"))
            .addPairs(pair("spark.databricks.delta.retentionDurationCheck.enabled", "false"))));
    assertEquals(java.util.Optional.of("read-only: SET spark.databricks.delta.retentionDurationCheck.enabled is refused"
        + " (a setting that guards the data or reaches outside the catalog)"), ConnectConfigGuard.refusal(set));
    org.apache.spark.connect.proto.ConfigRequest unset = config(org.apache.spark.connect.proto.ConfigRequest.Operation
        .newBuilder().setUnset(org.apache.spark.connect.proto.ConfigRequest.Unset.newBuilder()
            .addKeys(ReadOnlyGuard.READ_ROOTS)));
    assertTrue(ConnectConfigGuard.refusal(unset).isPresent());
    org.apache.spark.connect.proto.ConfigRequest fine = config(org.apache.spark.connect.proto.ConfigRequest.Operation
        .newBuilder().setSet(org.apache.spark.connect.proto.ConfigRequest.Set.newBuilder()
            .addPairs(pair("spark.sql.shuffle.partitions", "3"))));
    assertEquals(java.util.Optional.empty(), ConnectConfigGuard.refusal(fine));
    assertEquals(java.util.Optional.empty(), ConnectConfigGuard.refusal(org.apache.spark.connect.proto.ConfigRequest
        .newBuilder().build()));
  }

  private static org.apache.spark.connect.proto.ConfigRequest config(
      org.apache.spark.connect.proto.ConfigRequest.Operation.Builder op) {
    return org.apache.spark.connect.proto.ConfigRequest.newBuilder().setSessionId("s").setOperation(op).build();
  }

  private static org.apache.spark.connect.proto.KeyValue pair(String key, String value) {
    return org.apache.spark.connect.proto.KeyValue.newBuilder().setKey(key).setValue(value).build();
  }
}
