package com.experiencewarehouse.bronze;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * Building blocks of bronze validation: strict parsers that yield NULL instead of failing, and the
 * reason column that sends a row to quarantine. The first failing check names the reason.
 */
public final class Checks {

  /** Column holding the quarantine reason code; NULL for a good row. */
  public static final String REASON = "_reject_reason";

  // ISO-8601 date-time with an explicit zone (Z or ±hh:mm); a timestamp without zone is ambiguous.
  private static final String ISO_TIMESTAMP =
      "^\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:?\\d{2})$";
  private static final String ISO_TIMESTAMP_NO_ZONE =
      "^\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?$";
  private static final String ISO_DATE = "^\\d{4}-\\d{2}-\\d{2}$";
  private static final String INTEGER = "^[+-]?\\d+$";
  private static final String DECIMAL = "^[+-]?(\\d+(\\.\\d*)?|\\.\\d+)$";

  private Checks() {}

  /** Trimmed string, NULL when blank. */
  public static Column clean(Column c) {
    return when(trim(c).notEqual(""), trim(c));
  }

  public static Column isBlank(Column c) {
    return clean(c).isNull();
  }

  /** Timestamp from ISO-8601 text with a zone; NULL when blank, malformed or impossible. */
  public static Column timestamp(Column text) {
    Column t = clean(text);
    return when(t.rlike(ISO_TIMESTAMP), t.try_cast(DataTypes.TimestampType));
  }

  /** True when the text is present but not a valid zoned timestamp. */
  public static Column badTimestamp(Column text) {
    return clean(text).isNotNull().and(timestamp(text).isNull());
  }

  /** True when the text is a date-time without zone (ambiguous: which clock?). */
  public static Column timestampWithoutZone(Column text) {
    return clean(text).rlike(ISO_TIMESTAMP_NO_ZONE);
  }

  /** Date from yyyy-MM-dd text; NULL when blank, malformed or impossible (2026-13-45, 2026-02-30). */
  public static Column date(Column text) {
    Column t = clean(text);
    return when(t.rlike(ISO_DATE), t.try_cast(DataTypes.DateType));
  }

  public static Column badDate(Column text) {
    return clean(text).isNotNull().and(date(text).isNull());
  }

  public static Column integer(Column text) {
    Column t = clean(text);
    return when(t.rlike(INTEGER), t.try_cast(DataTypes.IntegerType));
  }

  /** A 64-bit integer from digits (e.g. microseconds); NULL otherwise. */
  public static Column integerLong(Column text) {
    Column t = clean(text);
    return when(t.rlike(INTEGER), t.try_cast(DataTypes.LongType));
  }

  /** Date from yyyyMMdd text (GA4's event_date); NULL when malformed or impossible. */
  public static Column basicDate(Column text) {
    Column t = clean(text);
    return when(t.rlike("^\\d{8}$"),
        org.apache.spark.sql.functions.concat_ws("-", t.substr(1, 4), t.substr(5, 2), t.substr(7, 2))
            .try_cast(DataTypes.DateType));
  }

  public static Column badInteger(Column text) {
    return clean(text).isNotNull().and(integer(text).isNull());
  }

  public static Column decimal(Column text, int precision, int scale) {
    Column t = clean(text);
    return when(t.rlike(DECIMAL), t.try_cast(DataTypes.createDecimalType(precision, scale)));
  }

  public static Column badDecimal(Column text, int precision, int scale) {
    return clean(text).isNotNull().and(decimal(text, precision, scale).isNull());
  }

  /** true/false/1/0/yes/no (any case); NULL otherwise. */
  public static Column bool(Column text) {
    Column t = org.apache.spark.sql.functions.lower(clean(text));
    return when(t.isin("true", "1", "yes", "y"), lit(true))
        .when(t.isin("false", "0", "no", "n"), lit(false));
  }

  public static Column badBool(Column text) {
    return clean(text).isNotNull().and(bool(text).isNull());
  }

  /** Ordered checks: condition -> reason code. */
  public static final class Reasons {
    private final List<Map.Entry<Column, String>> checks = new ArrayList<>();

    public Reasons check(Column failsWhen, String reason) {
      checks.add(Map.entry(failsWhen, reason));
      return this;
    }

    /** The first failing check's reason, NULL when every check passes. */
    public Column first() {
      Column out = null;
      for (Map.Entry<Column, String> e : checks) {
        Column cond = coalesce(e.getKey(), lit(false));
        out = out == null ? when(cond, lit(e.getValue())) : out.when(cond, lit(e.getValue()));
      }
      return out == null ? lit(null).cast(DataTypes.StringType) : out;
    }
  }

  /** The raw record of a row: the unparsed line when malformed, else its raw fields as JSON. */
  public static Column rawRecord(String... rawFields) {
    Column[] cols = Arrays.stream(rawFields).map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
    return coalesce(col("_corrupt_record"), to_json(struct(cols)));
  }

  /** Rows that passed every check, with the given output columns. */
  public static Dataset<Row> accepted(Dataset<Row> validated, Column... output) {
    return validated.filter(col(REASON).isNull()).select(output);
  }

  /** Rows that failed a check, in the quarantine table's shape (without run metadata). */
  public static Dataset<Row> quarantined(Dataset<Row> validated, String source, LocalDate loadDate) {
    return validated.filter(col(REASON).isNotNull()).select(
        lit(loadDate).as("load_date"),
        lit(source).as("source"),
        col("_source_file").as("source_file"),
        col(REASON).as("reason_code"),
        col("raw_record"));
  }
}
