package com.experiencewarehouse.job;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.lit;

import com.experiencewarehouse.bronze.CrmCustomersBronze;
import com.experiencewarehouse.bronze.Ga4EventsBronze;
import com.experiencewarehouse.bronze.SurveyAnswersBronze;
import com.experiencewarehouse.config.Settings;
import com.experiencewarehouse.io.Quarantine;
import com.experiencewarehouse.io.RunAudit;
import com.experiencewarehouse.io.Warehouse;
import com.experiencewarehouse.privacy.ForgottenKeys;
import com.experiencewarehouse.privacy.ForgottenKeys.Kind;
import com.experiencewarehouse.privacy.KeyedHash;
import com.experiencewarehouse.privacy.MentionsAny;
import com.experiencewarehouse.silver.CustomerSnapshots;
import com.experiencewarehouse.silver.IdentityMap;
import com.experiencewarehouse.silver.SupportTickets;
import com.experiencewarehouse.silver.SurveyResponses;
import com.experiencewarehouse.silver.WebSessions;
import io.delta.tables.DeltaTable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code xw forget}: a person removed from every table (right to erasure). The person is found by
 * customer id or email (hashed with the key; the raw email never enters a plan, a log line or a
 * table), with the devices they logged in from; their keys go on the forgotten list first (so a
 * later night drops them from old exports, and an interrupted erasure is finished by running it
 * again); then every table with a column naming a person deletes their rows (Delta deletion vectors:
 * no file rewritten now, {@code maintain} purges and vacuums them away), the quarantine deletes the
 * raw records that mention them, and gold's aggregates are recomputed for the dates and quarters
 * their rows were in. The erasure is a run of gold.run_audit, with its counts per table in
 * {@value #AUDIT_TABLE}, without the identifier.
 */
public final class Erasure {

  public static final String AUDIT_TABLE = "gold.erasure_audit";

  /** The tables only erasures write (the nights' are {@link NightlyJob#TABLES}). */
  public static final List<String> TABLES = List.of(AUDIT_TABLE, ForgottenKeys.TABLE);

  static final StructType AUDIT_SCHEMA = new StructType()
      .add("run_id", DataTypes.StringType, false)
      .add("table_name", DataTypes.StringType, false)
      .add("rows_deleted", DataTypes.LongType, false)
      .add("dates_recomputed", DataTypes.IntegerType, false);

  /** Who to forget: exactly one of the two. */
  public record Person(Optional<String> customerId, Optional<String> email) {
    public Person {
      if (customerId.isPresent() == email.isPresent()) {
        throw new IllegalArgumentException("forget needs exactly one of --customer-id and --email");
      }
    }
  }

  /** What an erasure did. */
  public record Result(String runId, int customers, int devices, Map<String, Long> deletedByTable,
      SortedSet<LocalDate> datesRecomputed, boolean alreadyOnList) {
    public long deleted() {
      return deletedByTable.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /** The Delta property that lets a DELETE mark rows deleted instead of rewriting their files. */
  static final String DELETION_VECTORS = "delta.enableDeletionVectors";

  private final SparkSession spark;
  private final Settings settings;
  private final Warehouse warehouse;
  private final Progress progress;
  private final KeyedHash hash;

  public Erasure(SparkSession spark, Settings settings, Progress progress) {
    this.spark = spark;
    this.settings = settings;
    this.warehouse = Warehouse.of(spark, settings);
    this.progress = progress;
    this.hash = new KeyedHash(settings.pii().hashKey());
  }

  public Result forget(Person person) {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    String runId = today + "-" + UUID.randomUUID().toString().substring(0, 8);
    RunAudit audit = new RunAudit(spark, warehouse);
    audit.markAbandoned();
    Instant started = Instant.now();
    audit.start(runId, today, "forget", settings.environment(), started);
    progress.line("forget " + runId + " started");
    try {
      Result r = erase(person, runId);
      audit.finish(runId, today, "forget", settings.environment(), started, Instant.now(), "succeeded", null);
      progress.line("forget " + runId + " succeeded");
      return r;
    } catch (RuntimeException e) {
      try {
        audit.finish(runId, today, "forget", settings.environment(), started, Instant.now(), "failed",
            Progress.oneLine(e));
      } catch (RuntimeException auditFailure) {
        e.addSuppressed(auditFailure);
      }
      throw e;
    }
  }

  private Result erase(Person person, String runId) {
    Map<Kind, Set<String>> keys = new EnumMap<>(Kind.class);
    for (Kind k : Kind.values()) {
      keys.put(k, new TreeSet<>());
    }
    person.customerId().flatMap(hash::keyOf).ifPresent(keys.get(Kind.CUSTOMER_ID)::add);
    person.email().flatMap(hash::keyOf).ifPresent(keys.get(Kind.EMAIL)::add);
    ForgottenKeys before = ForgottenKeys.load(warehouse, hash);
    boolean onList = keys.get(Kind.CUSTOMER_ID).stream().allMatch(before.keys(Kind.CUSTOMER_ID)::contains)
        && keys.get(Kind.EMAIL).stream().allMatch(before.keys(Kind.EMAIL)::contains);

    // The person's other identifiers, from the tables that link them (raw values stay on the driver).
    Set<String> mentions = new TreeSet<>();
    person.customerId().ifPresent(mentions::add);
    person.email().ifPresent(mentions::add);
    Set<String> customerIds = new TreeSet<>();
    ForgottenKeys byEmail = ForgottenKeys.of(hash, keys);
    collect(CustomerSnapshots.TABLE, byEmail.personIn(List.of("email_key")), "customer_id", customerIds);
    collect(CrmCustomersBronze.TABLE, byEmail.matches(Kind.EMAIL, "email"), "customer_id", customerIds);
    customerIds.forEach(id -> hash.keyOf(id).ifPresent(keys.get(Kind.CUSTOMER_ID)::add));
    mentions.addAll(customerIds);
    ForgottenKeys ofCustomer = ForgottenKeys.of(hash, keys);
    Column isCustomer = ofCustomer.matches(Kind.CUSTOMER_ID, "customer_id");
    if (warehouse.exists(CrmCustomersBronze.TABLE)) {
      for (Row r : warehouse.read(CrmCustomersBronze.TABLE).filter(isCustomer)
          .select("customer_id", "email", "full_name", "phone").distinct().collectAsList()) {
        for (int i = 0; i < 4; i++) {
          if (!r.isNullAt(i)) {
            mentions.add(r.getString(i));
          }
        }
        if (!r.isNullAt(1)) {
          hash.keyOf(r.getString(1)).ifPresent(keys.get(Kind.EMAIL)::add);
        }
      }
    }
    collect(CustomerSnapshots.TABLE, isCustomer, "email_key", keys.get(Kind.EMAIL));
    Set<String> devices = new TreeSet<>();
    collect(IdentityMap.TABLE, isCustomer, "user_pseudo_id", devices);
    collect(Ga4EventsBronze.TABLE, ofCustomer.matches(Kind.CUSTOMER_ID, "user_id"), "user_pseudo_id", devices);
    devices.forEach(d -> hash.keyOf(d).ifPresent(keys.get(Kind.DEVICE)::add));
    mentions.addAll(devices);
    ForgottenKeys all = ForgottenKeys.of(hash, keys);
    collect(SurveyAnswersBronze.TABLE, all.matches(Kind.CUSTOMER_ID, "customer_ref"), "response_id", mentions);

    // On the list first: a night from now on drops the person, whatever happens below.
    ForgottenKeys.add(spark, warehouse, keys, runId);
    progress.line(String.format("forget: %d customer id(s), %d email key(s), %d device(s) on the forgotten list",
        keys.get(Kind.CUSTOMER_ID).size(), keys.get(Kind.EMAIL).size(), keys.get(Kind.DEVICE).size()));

    // The dates and quarters whose aggregates hold the person, found before their rows go.
    SortedSet<LocalDate> dates = new TreeSet<>();
    Map<String, String> dated = new LinkedHashMap<>();
    dated.put(WebSessions.TABLE, "session_date");
    dated.put(SurveyResponses.TABLE, "response_date");
    dated.put(SupportTickets.TABLE, "opened_date");
    dated.put(CustomerSnapshots.TABLE, "snapshot_date");
    dated.put(Ga4EventsBronze.TABLE, "event_date");
    dated.forEach((table, column) -> {
      if (warehouse.exists(table)) {
        Dataset<Row> t = warehouse.read(table);
        for (Row r : t.filter(all.personIn(Arrays.asList(t.columns()))).select(col(column)).distinct().collectAsList()) {
          if (!r.isNullAt(0)) {
            dates.add(r.getDate(0).toLocalDate());
          }
        }
      }
    });

    Map<String, Long> deleted = new LinkedHashMap<>();
    for (String table : tables()) {
      if (!warehouse.exists(table)) {
        continue;
      }
      Dataset<Row> t = warehouse.read(table);
      Column condition = table.equals(Quarantine.TABLE)
          ? MentionsAny.of(col("raw_record"), new ArrayList<>(mentions))
          : all.personIn(Arrays.asList(t.columns()));
      long n = t.filter(condition).count();
      if (n > 0) {
        withDeletionVectors(table);
        DeltaTable.forPath(spark, warehouse.path(table)).delete(condition);
      }
      deleted.put(table, n);
    }
    progress.line("forget: " + deleted.values().stream().mapToLong(Long::longValue).sum() + " row(s) deleted from "
        + deleted.values().stream().filter(n -> n > 0).count() + " table(s)");

    if (!dates.isEmpty() && warehouse.exists(CustomerSnapshots.TABLE)) {
      new GoldBuild(settings, warehouse, progress).build(null, dates, runId);
    }
    List<Row> audit = new ArrayList<>();
    deleted.forEach((t, n) -> audit.add(RowFactory.create(runId, t, n, dates.size())));
    warehouse.append(AUDIT_TABLE, spark.createDataFrame(audit, AUDIT_SCHEMA)
        .withColumn("_run_id", lit(runId)).withColumn("_ingested_at", current_timestamp()));
    NightlyJob.registerTables(spark, settings, warehouse, progress, List.of(AUDIT_TABLE));
    return new Result(runId, keys.get(Kind.CUSTOMER_ID).size(), devices.size(), deleted, dates, onList);
  }

  /** The tables an erasure looks into: every table of the night but the run audit (which names nobody). */
  private static List<String> tables() {
    return NightlyJob.TABLES.stream().filter(t -> !t.equals(RunAudit.RUN_TABLE) && !t.equals(RunAudit.SOURCE_TABLE))
        .toList();
  }

  private void collect(String table, Column condition, String column, Set<String> into) {
    if (!warehouse.exists(table)) {
      return;
    }
    for (Row r : warehouse.read(table).filter(condition).select(col(column)).distinct().collectAsList()) {
      if (!r.isNullAt(0)) {
        into.add(r.get(0).toString());
      }
    }
  }

  /** Turns deletion vectors on for a table (once; a protocol upgrade readers of Delta 2.3+ read). */
  private void withDeletionVectors(String table) {
    // The table's properties from its Delta log (DeltaTable.detail() would also count its files).
    scala.collection.immutable.Map<String, String> props = org.apache.spark.sql.delta.DeltaLog
        .forTable(spark, warehouse.path(table))
        .update(false, scala.Option.empty(), scala.Option.empty())
        .metadata().configuration();
    if (!"true".equals(props.getOrElse(DELETION_VECTORS, () -> null))) {
      spark.sql("ALTER TABLE delta.`" + warehouse.path(table).replace("`", "``") + "` SET TBLPROPERTIES ('"
          + DELETION_VECTORS + "' = 'true')");
    }
  }
}
