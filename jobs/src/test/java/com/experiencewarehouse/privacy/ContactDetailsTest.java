package com.experiencewarehouse.privacy;

import static com.experiencewarehouse.testing.Rows.assertRows;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.experiencewarehouse.testing.Rows;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class ContactDetailsTest {

  @Test
  void emailsAndPhoneNumbersAreReplacedAndOtherNumbersKept() {
    var texts = Rows.frame(new StructType().add("n", DataTypes.IntegerType).add("t", DataTypes.StringType),
        new Object[] {1, "mail me: Anna.K@Example.co.uk!"},
        new Object[] {2, "+49 (30) 123-4567, evenings"},
        new Object[] {3, "call 030 1234567 now"},
        new Object[] {4, "order 12345 arrived on 2026-09-14"},
        new Object[] {5, "5 stars, 10/10"},
        new Object[] {6, "a@b.c is no address, x@y.io is"});
    assertRows(texts.select(col("n"), ContactDetails.masked(col("t"))),
        "[1,mail me: [email]!]",
        "[2,[phone], evenings]",
        "[3,call [phone] now]",
        // 5 digits, and a date: kept
        "[4,order 12345 arrived on 2026-09-14]",
        "[5,5 stars, 10/10]",
        // a one-letter top-level domain is no address
        "[6,a@b.c is no address, [email] is]");
  }

  @Test
  void addressesAndNumbersInOtherScriptsOrWithInvisibleCharactersAreMaskedToo() {
    var texts = Rows.frame(new StructType().add("n", DataTypes.IntegerType).add("t", DataTypes.StringType),
        // full-width letters, at sign and full stop (a Japanese keyboard)
        new Object[] {1, "連絡先 ａｎｎａ＠ｅｘａｍｐｌｅ．ｃｏｍ まで"},
        // zero-width spaces and a soft hyphen inside the address
        new Object[] {2, "write to anna\u200B@exam\u00ADple\u200B.com please"},
        // an internationalised address (RFC 6531), and an ideographic full stop before the domain
        new Object[] {3, "josé@correo.es o 用户@例子。广告"},
        // no-break spaces; full-width digits; Arabic-Indic digits; a word joiner between digits
        new Object[] {4, "+44\u00A020\u00A07946\u00A00958 / ０３０ １２３４５６７ / ٠٣٠١٢٣٤٥٦٧ / 030\u20601234567"},
        // still no phone: a date, and a five-digit number in full-width digits
        new Object[] {5, "2026-09-14 order １２３４５"});
    assertRows(texts.select(col("n"), ContactDetails.masked(col("t"))),
        "[1,連絡先 [email] まで]",
        "[2,write to [email] please]",
        "[3,[email] o [email]]",
        "[4,[phone] / [phone] / [phone] / [phone]]",
        "[5,2026-09-14 order １２３４５]");
  }

  @Test
  void hostileLongTextIsMaskedInOnePassNotOnePassPerCharacter() {
    // Unbounded patterns rescanned a run from each of its characters: a 1 MB line cost ~10^12 steps.
    String run = "x".repeat(1_000_000);
    String dashes = " 1-".repeat(300_000);
    var texts = Rows.frame(new StructType().add("n", DataTypes.IntegerType).add("t", DataTypes.StringType),
        new Object[] {1, run + "@example.com"},
        new Object[] {2, dashes},
        new Object[] {3, "scores 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 thanks"});
    java.util.List<org.apache.spark.sql.Row> out =
        texts.select(col("n"), ContactDetails.masked(col("t"))).orderBy("n").collectAsList();
    // The local part is at most 64 characters: the run's last 64 and the domain are the address.
    assertEquals(run.substring(64) + "[email]", out.get(0).getString(1));
    // Every digit is followed by a dash, so none ends a phone number: nothing masked.
    assertEquals(dashes, out.get(1).getString(1));
    // 20 numbers in a row are digits with spaces between: masked in parts of at most 1 + 24 + 1
    // characters, each ending in a digit not followed by a digit: "1 2 3 4 5 6 7 8 9 10 11 12" (26,
    // its 26th character the "2" of 12, before a space), then "13 14 15 16 17 18 19 20" (23).
    assertEquals("scores [phone] [phone] thanks", out.get(2).getString(1));
  }
}
