package com.experiencewarehouse.privacy;

import static com.experiencewarehouse.testing.Rows.assertRows;
import static org.apache.spark.sql.functions.col;

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
}
