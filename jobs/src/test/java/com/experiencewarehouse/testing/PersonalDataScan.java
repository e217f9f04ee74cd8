package com.experiencewarehouse.testing;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.to_json;

import com.experiencewarehouse.privacy.ContactDetails;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Looks for personal data in a table's text: every string value, also inside arrays, maps and
 * structs, against known values from the inputs (substring, case-insensitive) and against the email
 * and phone patterns. Small tables only: the distinct values are collected.
 */
public final class PersonalDataScan {

  private static final Pattern EMAIL = Pattern.compile(ContactDetails.EMAIL);
  private static final Pattern PHONE = Pattern.compile(ContactDetails.PHONE);

  private PersonalDataScan() {}

  /**
   * Emails, phone numbers (as written, and as their digits alone) and full names of the CRM customer
   * exports matching {@code glob} (e.g. data-samples/crm/*&#47;customers.csv), lower-cased.
   */
  public static Set<String> knownValues(String glob, String email, String phone, String name) {
    Set<String> out = new LinkedHashSet<>();
    Dataset<Row> rows = SharedSpark.get().read().option("header", "true").csv(glob).select(email, phone, name);
    for (Row r : rows.collectAsList()) {
      for (int i = 0; i < 3; i++) {
        String v = r.getString(i);
        if (v != null && !v.isBlank()) {
          out.add(v.trim().toLowerCase(Locale.ROOT));
        }
      }
      String digits = r.getString(1) == null ? "" : r.getString(1).replaceAll("\\D", "");
      if (digits.length() >= 7) {
        out.add(digits);
      }
    }
    return out;
  }

  /**
   * "table.column: value (why)" for each value holding a known value or matching a pattern; the
   * phone pattern is not applied to {@code notPhones}, columns of ids made of digits (GA4 devices,
   * sessions) that read as phone numbers.
   */
  public static List<String> findings(String table, Dataset<Row> df, Set<String> known, Set<String> notPhones) {
    List<String> out = new ArrayList<>();
    for (StructField f : df.schema().fields()) {
      if (!holdsText(f.dataType())) {
        continue;
      }
      Column c = col("`" + f.name() + "`");
      Column text = f.dataType().equals(DataTypes.StringType) ? c : to_json(c);
      List<String> values = df.select(text.as("v")).filter(col("v").isNotNull()).distinct()
          .as(Encoders.STRING()).collectAsList();
      for (String v : values) {
        String lower = v.toLowerCase(Locale.ROOT);
        for (String k : known) {
          if (lower.contains(k)) {
            out.add(table + "." + f.name() + ": " + v + " (holds '" + k + "')");
          }
        }
        if (EMAIL.matcher(v).find()) {
          out.add(table + "." + f.name() + ": " + v + " (an email address)");
        }
        if (!notPhones.contains(f.name()) && PHONE.matcher(v).find()) {
          out.add(table + "." + f.name() + ": " + v + " (a phone number)");
        }
      }
    }
    return out;
  }

  private static boolean holdsText(DataType t) {
    if (t.equals(DataTypes.StringType)) {
      return true;
    }
    if (t instanceof ArrayType a) {
      return holdsText(a.elementType());
    }
    if (t instanceof MapType m) {
      return holdsText(m.keyType()) || holdsText(m.valueType());
    }
    if (t instanceof StructType s) {
      for (StructField f : s.fields()) {
        if (holdsText(f.dataType())) {
          return true;
        }
      }
    }
    return false;
  }
}
