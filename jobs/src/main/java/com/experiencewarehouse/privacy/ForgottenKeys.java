package com.experiencewarehouse.privacy;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.lit;

import com.experiencewarehouse.io.Warehouse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The people {@code xw forget} erased, as keyed hashes only (never the raw id or email): bronze drops
 * a later night's rows of theirs, from an old export still in the input folder or a CRM that has not
 * deleted them yet, and counts them as {@code forgotten}. One row per kind and key in
 * {@value #TABLE}, a table of the warehouse that is neither served nor registered for BI users.
 */
public final class ForgottenKeys {

  public static final String TABLE = "privacy.forgotten_key";

  /** What a key is the keyed hash of. */
  public enum Kind {
    /** A CRM customer id (also a web event's user_id, a ticket's customer, a response's customer_ref). */
    CUSTOMER_ID,
    /** An email address (trimmed, lower-cased), as {@code email_key}. */
    EMAIL,
    /** A web device id (user_pseudo_id) the person logged in from. */
    DEVICE;

    String code() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  static final StructType SCHEMA = new StructType()
      .add("key_kind", DataTypes.StringType, false)
      .add("key_hmac", DataTypes.StringType, false)
      .add("run_id", DataTypes.StringType, false);

  private final KeyedHash hash;
  private final Map<Kind, Set<String>> keys;

  private ForgottenKeys(KeyedHash hash, Map<Kind, Set<String>> keys) {
    this.hash = hash;
    this.keys = keys;
  }

  /** The list of the warehouse (empty when nobody was forgotten: no table, nothing dropped). */
  public static ForgottenKeys load(Warehouse warehouse, KeyedHash hash) {
    Map<Kind, Set<String>> keys = new java.util.EnumMap<>(Kind.class);
    for (Kind k : Kind.values()) {
      keys.put(k, new TreeSet<>());
    }
    if (warehouse.exists(TABLE)) {
      // A handful of keys per erasure request: a small list on the driver.
      for (Row r : warehouse.read(TABLE).select("key_kind", "key_hmac").collectAsList()) {
        for (Kind k : Kind.values()) {
          if (k.code().equals(r.getString(0))) {
            keys.get(k).add(r.getString(1));
          }
        }
      }
    }
    return new ForgottenKeys(hash, keys);
  }

  /** A list of the given keys (from {@link KeyedHash#keyOf}), e.g. one erasure's. */
  public static ForgottenKeys of(KeyedHash hash, Map<Kind, Set<String>> keys) {
    Map<Kind, Set<String>> copy = new java.util.EnumMap<>(Kind.class);
    for (Kind k : Kind.values()) {
      copy.put(k, new TreeSet<>(keys.getOrDefault(k, Set.of())));
    }
    return new ForgottenKeys(hash, copy);
  }

  public boolean isEmpty() {
    return keys.values().stream().allMatch(Set::isEmpty);
  }

  public Set<String> keys(Kind kind) {
    return java.util.Collections.unmodifiableSet(keys.get(kind));
  }

  /** True for a row whose column, keyed as {@code kind}, is on the list; false (never NULL) otherwise. */
  public Column matches(Kind kind, String column) {
    Set<String> k = keys.get(kind);
    if (k.isEmpty()) {
      return lit(false);
    }
    return org.apache.spark.sql.functions.coalesce(hash.identifierKey(col(column)).isin(k.toArray()), lit(false));
  }

  /**
   * The rows of a table or a bronze source's validated frame that name a forgotten person, by the
   * person columns it has: user_id, customer_id, customer_ref (customer ids), user_pseudo_id (devices),
   * email (raw, keyed here) and email_key (a key already). False (never NULL) for a row that names
   * nobody on the list and for a frame without such columns (aggregates, Salesforce accounts).
   */
  public Column personIn(List<String> columns) {
    Column any = lit(false);
    for (String c : List.of("user_id", "customer_id", "customer_ref")) {
      if (columns.contains(c)) {
        any = any.or(matches(Kind.CUSTOMER_ID, c));
      }
    }
    if (columns.contains("user_pseudo_id")) {
      any = any.or(matches(Kind.DEVICE, "user_pseudo_id"));
    }
    if (columns.contains("email")) {
      any = any.or(matches(Kind.EMAIL, "email"));
    }
    if (columns.contains("email_key") && !keys.get(Kind.EMAIL).isEmpty()) {
      any = any.or(org.apache.spark.sql.functions.coalesce(col("email_key").isin(keys.get(Kind.EMAIL).toArray()),
          lit(false)));
    }
    return any;
  }

  /**
   * Whether a text (a quarantined raw record: a malformed line whose fields nobody can read) holds
   * a forgotten id, email or device as one of its words: each word (letters, digits and
   * {@code @ . _ + -}, trailing dots and dashes dropped) keyed like the list and looked up. Only keys
   * are compared; the list keeps no raw value, so a name or phone number alone is not found. False
   * (never NULL) for NULL and when the list is empty.
   */
  public Column mentionedIn(Column text) {
    Set<String> all = new TreeSet<>();
    keys.values().forEach(all::addAll);
    if (all.isEmpty()) {
      return lit(false);
    }
    Object[] listed = all.toArray();
    Column words = org.apache.spark.sql.functions.split(text, "[^\\p{L}\\p{N}@._+\\-]+");
    return org.apache.spark.sql.functions.coalesce(org.apache.spark.sql.functions.exists(words,
        w -> hash.identifierKey(org.apache.spark.sql.functions.regexp_replace(w, "[._\\-]+$", ""))
            .isin(listed)), lit(false));
  }

  /**
   * Adds keys (from {@link KeyedHash#keyOf}) to the list in one MERGE: a key already there stays as
   * it is, so a repeated erasure adds nothing. Only keys reach Spark, never the raw values.
   */
  public static void add(SparkSession spark, Warehouse warehouse, Map<Kind, Set<String>> keys, String runId) {
    List<Row> rows = new ArrayList<>();
    keys.forEach((kind, values) -> values.forEach(v -> rows.add(RowFactory.create(kind.code(), v, runId))));
    if (rows.isEmpty()) {
      return;
    }
    Dataset<Row> keyed = spark.createDataFrame(rows, SCHEMA).withColumn("forgotten_at", current_timestamp());
    warehouse.merge(TABLE, keyed,
        col("t.key_kind").equalTo(col("s.key_kind")).and(col("t.key_hmac").equalTo(col("s.key_hmac"))), "false");
  }
}
