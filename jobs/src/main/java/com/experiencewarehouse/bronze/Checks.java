package com.experiencewarehouse.bronze;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.unix_micros;
import static org.apache.spark.sql.functions.when;

import com.experiencewarehouse.sources.TextValues;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * Building blocks of bronze validation. A source's raw text fields are first cleaned once
 * ({@link #prepare}: trimmed, blank -> NULL, raw record kept); strict parsers then yield NULL instead
 * of failing, and the first failing check names the row's quarantine reason.
 */
public final class Checks {

  /** Column holding the quarantine reason code; NULL for a good row. */
  public static final String REASON = "_reject_reason";
  public static final String RAW_RECORD = "raw_record";

  private static final String ISO_TIMESTAMP = TextValues.ISO_TIMESTAMP;
  private static final String ISO_TIMESTAMP_NO_ZONE = TextValues.ISO_TIMESTAMP_NO_ZONE;
  private static final String ISO_DATE = "^\\d{4}-\\d{2}-\\d{2}$";
  private static final String INTEGER = "^[+-]?\\d+$";
  private static final String DECIMAL = "^[+-]?(\\d+(\\.\\d*)?|\\.\\d+)$";

  private Checks() {}

  /**
   * Keeps the raw record ({@code _corrupt_record} for an unparsable line, else the raw fields as
   * JSON) and replaces each text field by its cleaned value: trimmed, NULL when blank.
   */
  public static Dataset<Row> prepare(Dataset<Row> raw, List<String> textFields, List<String> rawFields) {
    return prepare(raw, textFields, rawFields, lit(null).cast(DataTypes.StringType));
  }

  /**
   * As {@link #prepare(Dataset, List, List)}, the raw record being {@code rawText} where it is not
   * NULL: the record as the file held it, when the reader maps the file onto another shape.
   */
  public static Dataset<Row> prepare(Dataset<Row> raw, List<String> textFields, List<String> rawFields,
      Column rawText) {
    Column[] rawCols = rawFields.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
    Dataset<Row> withRaw = raw.withColumn(RAW_RECORD,
        coalesce(col("_corrupt_record"), rawText, to_json(struct(rawCols))));
    List<Column> cleaned = new ArrayList<>();
    for (String f : textFields) {
      cleaned.add(clean(col(f)));
    }
    return withRaw.withColumns(toMap(textFields, cleaned));
  }

  private static Map<String, Column> toMap(List<String> names, List<Column> cols) {
    Map<String, Column> m = new java.util.LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      m.put(names.get(i), cols.get(i));
    }
    return m;
  }

  /** Trimmed string, NULL when blank. */
  public static Column clean(Column c) {
    return TextValues.clean(c);
  }

  /**
   * Characters that a copy-paste or a spreadsheet puts into an id without anyone seeing them:
   * zero-width space, non-joiner, joiner, word joiner, soft hyphen, a stray byte-order mark.
   */
  private static final String INVISIBLE = "[\\x{200B}\\x{200C}\\x{200D}\\x{2060}\\x{FEFF}\\x{00AD}]";
  /** Spaces that are not U+0020: no-break, figure, narrow no-break, ideographic (full-width). */
  private static final String OTHER_SPACE = "[\\x{00A0}\\x{2007}\\x{202F}\\x{3000}]";

  /**
   * An id or reference as compared: invisible characters removed and other spaces read as spaces,
   * then trimmed (NULL when blank), so that C0001 followed by a no-break space, or with a
   * zero-width space inside, is C0001, as " C0001 " is; case is left as written (duplicates ignore it, joins do not).
   */
  public static Column id(Column c) {
    return clean(regexp_replace(regexp_replace(c, INVISIBLE, ""), OTHER_SPACE, " "));
  }

  /** The frame with each named id column normalised by {@link #id}. */
  public static Dataset<Row> withIds(Dataset<Row> typed, String... ids) {
    Map<String, Column> m = new java.util.LinkedHashMap<>();
    for (String name : ids) {
      m.put(name, id(col(name)));
    }
    return typed.withColumns(m);
  }

  /**
   * The instants an event of a night can have happened at: from {@code earliest} (00:00 UTC) to the
   * end of the night's date plus {@code daysAfter} (UTC). An event time outside them (year 0001, 9999,
   * an epoch of −1 µs) is no time the event had, and left in would place its row on no day any table
   * reads (bad_timestamp).
   */
  public record PlausibleTimes(LocalDate earliest, LocalDate latest) {

    public static PlausibleTimes of(LocalDate earliest, int daysAfter, LocalDate night) {
      return new PlausibleTimes(earliest, night.plusDays(daysAfter));
    }

    /** True when the timestamp lies outside the plausible instants (NULL when it is NULL). */
    public Column outside(Column timestamp) {
      long from = earliest.toEpochDay() * MICROS_PER_DAY;
      long until = (latest.toEpochDay() + 1) * MICROS_PER_DAY;
      Column us = unix_micros(timestamp);
      return us.lt(lit(from)).or(us.geq(lit(until)));
    }
  }

  static final long MICROS_PER_DAY = 86_400_000_000L;

  /**
   * True when an id holds a control character (NUL, U+0001, a CR, ...): a corrupted value that no
   * join would ever match, so it is quarantined (bad_id) rather than kept as a customer of its own.
   */
  public static Column hasControlCharacter(Column id) {
    return id.rlike("\\p{Cntrl}");
  }

  /** True when a cleaned text is present but its parsed value is NULL (malformed or impossible). */
  public static Column unparsable(Column cleanedText, Column parsed) {
    return cleanedText.isNotNull().and(parsed.isNull());
  }

  /** Timestamp from ISO-8601 text with a zone; NULL when malformed or impossible (2026-02-30). */
  public static Column timestamp(Column text) {
    return TextValues.isoTimestamp(text);
  }

  /**
   * Timestamp from ISO-8601 text with a zone, or, when {@code zone} is not "", without one as a
   * wall-clock time in that zone; NULL when malformed or impossible.
   */
  public static Column timestamp(Column text, String zone) {
    return TextValues.isoTimestamp(text, zone);
  }

  /** True when the text is a date-time without zone (ambiguous: which clock?). */
  public static Column withoutZone(Column text) {
    return text.rlike(ISO_TIMESTAMP_NO_ZONE);
  }

  /**
   * Date from yyyy-MM-dd text, or the date as written of an ISO date-time: exports write a date
   * field with a time (Salesforce's CloseDate as "2023-11-24 00:00:00", a CreatedDate mapped to
   * signup_date), and the date is what the field means. Every date field of every source reads
   * through here; NULL when malformed or impossible (2026-13-45, 2026-02-30).
   */
  public static Column date(Column text) {
    Column dateTime = text.rlike(ISO_TIMESTAMP).or(text.rlike(ISO_TIMESTAMP_NO_ZONE))
        .and(text.try_cast(DataTypes.TimestampType).isNotNull());
    return when(text.rlike(ISO_DATE), text.try_cast(DataTypes.DateType))
        .when(dateTime, text.substr(1, 10).try_cast(DataTypes.DateType));
  }

  /** Date from yyyyMMdd text (GA4's event_date); NULL when malformed or impossible. */
  public static Column basicDate(Column text) {
    return when(text.rlike("^\\d{8}$"),
        concat_ws("-", text.substr(1, 4), text.substr(5, 2), text.substr(7, 2))
            .try_cast(DataTypes.DateType));
  }

  public static Column integer(Column text) {
    return when(text.rlike(INTEGER), text.try_cast(DataTypes.IntegerType));
  }

  /** A 64-bit integer from digits (e.g. microseconds); NULL otherwise. */
  public static Column integerLong(Column text) {
    return when(text.rlike(INTEGER), text.try_cast(DataTypes.LongType));
  }

  public static Column decimal(Column text, int precision, int scale) {
    return when(text.rlike(DECIMAL), text.try_cast(DataTypes.createDecimalType(precision, scale)));
  }

  /** true/false/1/0/yes/no (any case); NULL otherwise. */
  public static Column bool(Column text) {
    Column t = lower(text);
    return when(t.isin("true", "1", "yes", "y"), lit(true))
        .when(t.isin("false", "0", "no", "n"), lit(false));
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

  /**
   * Drops the raw record of good rows once the reason (duplicates included) is final: the
   * projections collapse, so the record is re-serialized only for rejected rows (at 2 M GA4 events
   * a night, serializing every event back to JSON cost more than parsing it) and the cached
   * validated rows stay small.
   */
  public static Dataset<Row> rawRecordOnlyWhenRejected(Dataset<Row> validated) {
    return validated.withColumn(RAW_RECORD, when(col(REASON).isNotNull(), col(RAW_RECORD)));
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
        col(RAW_RECORD));
  }
}
