package com.experiencewarehouse.privacy;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.experiencewarehouse.testing.Rows;
import com.experiencewarehouse.testing.SecretForms;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.execution.ExplainMode$;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The keyed hash against the JDK's own HmacSHA256 computed here, and the plans it leaves. */
class KeyedHashTest {

  static final String KEY = "0123456789abcdef0123456789abcdef";          // 32 bytes: padded to the block
  static final String LONG_KEY = "k".repeat(40) + "ß".repeat(20);         // 80 UTF-8 bytes > 64: hashed first

  static final List<String> TEXTS = List.of(
      "",                                       // the empty message
      "anna.schmidt@example.com",
      "søren.andersson@exämple.com",           // non-ASCII: hashed as UTF-8
      "ünïcödé ✓ 東京",
      "x".repeat(200));                         // longer than a block

  private static Dataset<Row> texts() {
    return Rows.frame(new StructType().add("t", DataTypes.StringType),
        TEXTS.stream().map(t -> new Object[] {t}).toArray(Object[][]::new));
  }

  private static String jdkHmac(String key, String text) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void hmacEqualsTheJdksHmacSha256ForShortAndLongKeys() throws Exception {
    for (String key : List.of(KEY, LONG_KEY, "short")) {
      List<Row> rows = texts().select(col("t"), new KeyedHash(key).hmac(col("t"))).collectAsList();
      assertEquals(TEXTS.size(), rows.size());
      for (Row r : rows) {
        assertEquals(jdkHmac(key, r.getString(0)), r.getString(1), "key " + key + ", text '" + r.getString(0) + "'");
      }
    }
  }

  @Test
  void identifierKeysAreTheHmacOfTheTrimmedLowerCasedTextAndDependOnTheKey() throws Exception {
    Dataset<Row> ids = Rows.frame(new StructType().add("id", DataTypes.StringType),
        new Object[] {"  Søren.Andersson@Example.COM "}, new Object[] {"   "}, new Object[] {null});
    List<Row> keyed = ids.select(new KeyedHash(KEY).identifierKey(col("id"))).collectAsList();
    assertEquals(jdkHmac(KEY, "søren.andersson@example.com"), keyed.get(0).getString(0));
    assertNull(keyed.get(1).get(0));                    // blank: no key
    assertNull(keyed.get(2).get(0));
    // Another key, another value: without the key, known emails cannot be hashed to match.
    String other = ids.select(new KeyedHash(KEY + "!").identifierKey(col("id"))).first().getString(0);
    assertNotEquals(keyed.get(0).getString(0), other);
    assertEquals(jdkHmac(KEY + "!", "søren.andersson@example.com"), other);
    // The same key computed on the driver (xw forget hashes the email it is given there).
    assertEquals(java.util.Optional.of(keyed.get(0).getString(0)),
        new KeyedHash(KEY).keyOf("  Søren.Andersson@Example.COM "));
    assertEquals(java.util.Optional.empty(), new KeyedHash(KEY).keyOf("   "));
    assertEquals(java.util.Optional.empty(), new KeyedHash(KEY).keyOf(null));
  }

  @Test
  void noPlanOfAKeyedColumnHoldsTheKeyInAnyForm() throws Exception {
    Dataset<Row> keyed = Rows.frame(new StructType().add("email", DataTypes.StringType),
            new Object[] {"anna.schmidt@example.com"})
        // Not folded into the local relation by the optimizer: the UDF stays in every plan.
        .repartition(1)
        .select(new KeyedHash(KEY).identifierKey(col("email")).as("email_key"));
    Map<String, String> forms = SecretForms.of(KEY);
    for (String mode : List.of("simple", "extended", "codegen", "cost", "formatted")) {
      String plan = keyed.queryExecution().explainString(ExplainMode$.MODULE$.fromString(mode));
      // (codegen prints generated code only, and the tests' session runs interpreted)
      assertTrue(mode.equals("codegen") || plan.contains(KeyedHash.FUNCTION + "("), mode + ": " + plan);
      assertEquals(List.of(), SecretForms.foundIn(forms, plan), mode + ": " + plan);
    }
    assertEquals(jdkHmac(KEY, "anna.schmidt@example.com"), keyed.first().getString(0));
    // The check can fail: a plan carrying the inner padded block as a binary literal (as an HMAC
    // built from sha2 would) is caught.
    byte[] inner = HexFormat.of().parseHex(forms.get("inner pad hex"));
    String leaky = keyed.select(lit(inner)).queryExecution().explainString(ExplainMode$.MODULE$.fromString("extended"));
    assertTrue(SecretForms.foundIn(forms, leaky).contains("inner pad HEX prefix"), leaky);
  }
}
