package com.experiencewarehouse.sources.crm;

import static org.apache.spark.sql.functions.ascii;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.shiftright;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.upper;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataTypes;

/**
 * Salesforce record ids in one form, so that lookups join: the 18-character id. A 15-character id
 * is case-sensitive; the 18-character form appends three characters that encode which of the 15
 * are upper case (five bits each, A-Z then 0-5), so tools that lose case (spreadsheets, some BI
 * exports) can be repaired from them. Blank and all-zero placeholder ids (an empty lookup in some
 * exports: 000000000000000 or 000000000000000AAA) are NULL.
 */
public final class SalesforceIds {

  private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";

  private SalesforceIds() {}

  /** The 18-character id, NULL for no link; other text (not an id) is kept, trimmed. */
  public static Column canonical(Column raw) {
    Column t = trim(raw);
    return when(t.equalTo("").or(t.rlike("^0{15}([A-Za-z0-9]{3})?$")), lit(null).cast(DataTypes.StringType))
        .when(t.rlike("^[A-Za-z0-9]{15}$"), concat(t, suffix(t)))
        .when(t.rlike("^[A-Za-z0-9]{15}[A-Za-z0-5]{3}$"), concat(caseFromSuffix(t), upper(t.substr(16, 3))))
        .otherwise(t);
  }

  /** The three check characters of a 15-character id. */
  static Column suffix(Column id15) {
    Column[] chars = new Column[3];
    for (int chunk = 0; chunk < 3; chunk++) {
      Column code = lit(0);
      for (int bit = 0; bit < 5; bit++) {
        Column ch = id15.substr(chunk * 5 + bit + 1, 1);
        code = code.plus(when(ch.rlike("[A-Z]"), lit(1 << bit)).otherwise(lit(0)));
      }
      chars[chunk] = lit(ALPHABET).substr(code.plus(1), lit(1));
    }
    return concat(chars);
  }

  /** The first 15 characters with each letter's case as the check characters say. */
  static Column caseFromSuffix(Column id18) {
    Column[] chars = new Column[15];
    for (int i = 0; i < 15; i++) {
      Column check = ascii(upper(id18.substr(16 + i / 5, 1)));
      // A-Z are 0-25, 0-5 are 26-31.
      Column code = when(check.geq(65), check.minus(65)).otherwise(check.minus(48).plus(26));
      Column ch = id18.substr(i + 1, 1);
      chars[i] = when(shiftright(code, i % 5).bitwiseAND(1).equalTo(1), upper(ch)).otherwise(lower(ch));
    }
    return concat(chars);
  }
}
