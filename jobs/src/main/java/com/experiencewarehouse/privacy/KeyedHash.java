package com.experiencewarehouse.privacy;

import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;

/**
 * HMAC-SHA256 (RFC 2104) of identifiers as a Spark column, with a secret key: unlike a salted hash,
 * whose salt travels with the job's config and code, nobody without the key can hash a list of
 * known emails and match them to the keys.
 *
 * <p>Computed by the JDK's {@code javax.crypto.Mac} in a UDF named {@code xw_hmac}: the key travels
 * inside the serialized function to the executors only, so no plan string (EXPLAIN, the Spark UI,
 * an event log, a history server) and no log line or exception message holds it or a form of it
 * (an HMAC built from Spark's sha2 would carry K xor ipad as a literal, and with it the key).
 */
public final class KeyedHash {

  /** The UDF's name in plans. */
  public static final String FUNCTION = "xw_hmac";

  private final byte[] key;

  public KeyedHash(String key) {
    this.key = key.getBytes(StandardCharsets.UTF_8);
  }

  /** HMAC-SHA256 of a string's UTF-8 bytes, as 64 lower-case hex digits; NULL stays NULL. */
  public Column hmac(Column text) {
    return udf(new Hmac(key), DataTypes.StringType).withName(FUNCTION).apply(text);
  }

  /**
   * The key of an identifier such as an email: the HMAC of its trimmed, lower-cased text, so
   * " Anna@Example.com" and "anna@example.com" are one key; NULL for NULL or blank.
   */
  public Column identifierKey(Column identifier) {
    Column norm = lower(trim(identifier));
    return when(norm.isNotNull().and(norm.notEqual("")), hmac(norm));
  }

  /**
   * {@link #identifierKey} of one value, computed here on the driver (the value never enters a Spark
   * plan): the same 64 hex digits the column gives; empty for NULL or blank.
   */
  public java.util.Optional<String> keyOf(String identifier) {
    if (identifier == null || identifier.trim().isEmpty()) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(new Hmac(key).call(identifier.trim().toLowerCase(java.util.Locale.ROOT)));
  }

  @Override
  public String toString() {
    return "KeyedHash[HmacSHA256, key of " + key.length + " bytes]";
  }

  /**
   * The function: one Mac per deserialized copy, i.e. per task (a Mac is not thread-safe; a task's
   * rows are evaluated by one thread), initialised on its first row.
   */
  private static final class Hmac implements UDF1<String, String> {
    private static final long serialVersionUID = 1L;
    private static final String ALGORITHM = "HmacSHA256";

    private final byte[] key;
    private transient Mac mac;

    Hmac(byte[] key) {
      this.key = key.clone();
    }

    @Override
    public String call(String text) {
      if (text == null) {
        return null;
      }
      if (mac == null) {
        try {
          mac = Mac.getInstance(ALGORITHM);
          mac.init(new SecretKeySpec(key, ALGORITHM));
        } catch (GeneralSecurityException e) {
          // The message names the algorithm only, never the key.
          throw new IllegalStateException("cannot initialise " + ALGORITHM + ": " + e.getClass().getSimpleName());
        }
      }
      return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public String toString() {
      return FUNCTION;
    }
  }
}
