package com.experiencewarehouse.io;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The Delta CHECK constraint each gold table carries, so that no writer (the job with a bug, anyone
 * with write access) can store an impossible row: the table's grain key present; counts not
 * negative; rates, shares, CSAT and Wilson intervals in [0, 1]; NPS in [−100, 100]; correlations
 * and their intervals in [−1, 1]; scores on their scales; every interval around its value. One
 * constraint per table ({@link #name}), derived from its keys (tables.conf) and its schema, so a
 * column added later is checked too: each constraint is one Delta commit, once per table (a
 * constraint per rule would cost a dozen commits a table on a new warehouse). A violating write
 * fails with the constraint's name and the offending row's values, and writes nothing.
 */
public final class TableChecks {

  /** Table property Delta stores a CHECK constraint under (set by ALTER TABLE ADD CONSTRAINT only). */
  public static final String PROPERTY_PREFIX = "delta.constraints.";

  private static final Pattern FRACTION =
      Pattern.compile("^(.*_rate|.*_share|csat)(_ci_low|_ci_high)?(_in_window)?$");
  private static final Pattern CORRELATION = Pattern.compile("^(pearson|spearman)(_r|_rho|_ci_low|_ci_high)$");
  /** Fractional columns with a scale of their own: [low, high] (NULL: unbounded). */
  private static final Map<String, double[]> SCALES = Map.of(
      "nps", new double[] {-100, 100},
      "sus_mean", new double[] {0, 100},
      "ces_mean", new double[] {1, 7},
      "composite_score", new double[] {0, 100});
  /** Fractional columns that cannot be negative: per-unit counts and durations. */
  private static final Pattern NOT_NEGATIVE =
      Pattern.compile("^(errors_per_session|tickets_per_customer|.*_s|.*_s_.*|.*_min_.*|.*_h_.*|duration_.*)$");
  /** Integer columns that may be negative (none today: every integer of gold is a count or an id). */
  private static final Set<String> SIGNED_INTEGERS = Set.of();

  private TableChecks() {}

  /** The constraint's name for a table "gold.x": possible_x. */
  public static String name(String table) {
    return "possible_" + table.substring(table.indexOf('.') + 1);
  }

  /** The condition every row of a table with this schema and grain key must meet; empty if none. */
  public static Optional<String> condition(List<String> keys, StructType schema) {
    Set<String> columns = Arrays.stream(schema.fieldNames()).collect(Collectors.toSet());
    List<String> parts = new ArrayList<>();
    for (String key : keys) {
      if (columns.contains(key)) {
        parts.add(q(key) + " IS NOT NULL");
      }
    }
    for (StructField f : schema.fields()) {
      String n = f.name();
      DataType t = f.dataType();
      if (isIntegral(t)) {
        if (!SIGNED_INTEGERS.contains(n)) {
          parts.add(orNull(n, q(n) + " >= 0"));
        }
      } else if (isFractional(t)) {
        if (FRACTION.matcher(n).matches()) {
          parts.add(orNull(n, q(n) + " BETWEEN 0 AND 1"));
        } else if (CORRELATION.matcher(n).matches()) {
          parts.add(orNull(n, q(n) + " BETWEEN -1 AND 1"));
        } else if (SCALES.containsKey(n)) {
          double[] s = SCALES.get(n);
          parts.add(orNull(n, q(n) + " BETWEEN " + number(s[0]) + " AND " + number(s[1])));
        } else if (NOT_NEGATIVE.matcher(n).matches()) {
          parts.add(orNull(n, q(n) + " >= 0"));
        }
      }
    }
    // Every interval around its value: x_ci_low <= x <= x_ci_high (x, x_r or x_rho).
    for (StructField f : schema.fields()) {
      String n = f.name();
      if (!n.endsWith("_ci_low")) {
        continue;
      }
      String base = n.substring(0, n.length() - "_ci_low".length());
      String high = base + "_ci_high";
      Optional<String> value = List.of(base, base + "_r", base + "_rho").stream().filter(columns::contains).findFirst();
      if (columns.contains(high) && value.isPresent()) {
        String v = q(value.get());
        parts.add("(" + v + " IS NULL OR " + q(n) + " IS NULL OR " + q(high) + " IS NULL OR (" + q(n) + " <= " + v
            + " AND " + v + " <= " + q(high) + "))");
      }
    }
    return parts.isEmpty() ? Optional.empty() : Optional.of(String.join(" AND ", parts));
  }

  /**
   * Whether a stored constraint is this condition. Delta stores the expression re-spaced token by
   * token ("( `x` >= 0 )", "- 100"), so the two are compared without whitespace: the conditions hold
   * no string literals, only backquoted names, numbers and keywords.
   */
  public static boolean same(String condition, String stored) {
    return stored != null && WHITESPACE.matcher(condition).replaceAll("").equals(WHITESPACE.matcher(stored).replaceAll(""));
  }

  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  private static String orNull(String column, String condition) {
    return "(" + q(column) + " IS NULL OR " + condition + ")";
  }

  private static boolean isIntegral(DataType t) {
    return t.equals(DataTypes.LongType) || t.equals(DataTypes.IntegerType) || t.equals(DataTypes.ShortType)
        || t.equals(DataTypes.ByteType);
  }

  private static boolean isFractional(DataType t) {
    return t.equals(DataTypes.DoubleType) || t.equals(DataTypes.FloatType) || t instanceof DecimalType;
  }

  private static String number(double d) {
    return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
  }

  /** A column name as an identifier (names of the job's own schemas: letters, digits, _). */
  private static String q(String name) {
    return "`" + name.replace("`", "``") + "`";
  }
}
