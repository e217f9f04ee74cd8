package com.experiencewarehouse.privacy;

import static org.apache.spark.sql.functions.udf;

import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;

/**
 * Whether a text (a quarantined raw record) mentions one of a person's values: id, email, name,
 * phone, device id, case-insensitively and as a whole token (C0040 is not in C00401). The values
 * travel inside the serialized function, so no plan string, Spark UI page or event log shows them.
 */
public final class MentionsAny implements UDF1<String, Boolean> {
  private static final long serialVersionUID = 1L;

  /** The UDF's name in plans. */
  public static final String FUNCTION = "xw_mentions_person";

  private final String[] needles;

  private MentionsAny(List<String> values) {
    this.needles = values.stream().filter(v -> v != null && !v.isBlank())
        .map(v -> v.trim().toLowerCase(Locale.ROOT)).distinct().toArray(String[]::new);
  }

  /** The column: true when {@code text} mentions a value, false otherwise (also for NULL). */
  public static Column of(Column text, List<String> values) {
    return udf(new MentionsAny(values), DataTypes.BooleanType).withName(FUNCTION).apply(text);
  }

  @Override
  public Boolean call(String text) {
    if (text == null) {
      return false;
    }
    String t = text.toLowerCase(Locale.ROOT);
    for (String n : needles) {
      for (int i = t.indexOf(n); i >= 0; i = t.indexOf(n, i + 1)) {
        int end = i + n.length();
        if ((i == 0 || !Character.isLetterOrDigit(t.charAt(i - 1)))
            && (end == t.length() || !Character.isLetterOrDigit(t.charAt(end)))) {
          return true;
        }
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return FUNCTION;
  }
}
