package com.experiencewarehouse.privacy;

import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.encode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.unhex;
import static org.apache.spark.sql.functions.when;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import org.apache.spark.sql.Column;

/**
 * HMAC-SHA256 (RFC 2104) of identifiers as a Spark column, with a secret key: unlike a salted hash,
 * whose salt travels with the job's config and code, nobody without the key can hash a list of
 * known emails and match them to the keys. Built from Spark's own functions, no UDF:
 * HMAC(K, m) = SHA256((K0 xor opad) || SHA256((K0 xor ipad) || m)), K0 the key's UTF-8 bytes
 * (SHA-256 of them when longer than the 64-byte block) padded with zeros to 64 bytes. The two
 * padded keys are computed once here and enter the plan as binary literals.
 */
public final class KeyedHash {

  private static final int BLOCK_BYTES = 64;

  private final byte[] innerKey;
  private final byte[] outerKey;

  public KeyedHash(String key) {
    byte[] k = key.getBytes(StandardCharsets.UTF_8);
    if (k.length > BLOCK_BYTES) {
      k = sha256(k);
    }
    byte[] k0 = Arrays.copyOf(k, BLOCK_BYTES);
    innerKey = new byte[BLOCK_BYTES];
    outerKey = new byte[BLOCK_BYTES];
    for (int i = 0; i < BLOCK_BYTES; i++) {
      innerKey[i] = (byte) (k0[i] ^ 0x36);
      outerKey[i] = (byte) (k0[i] ^ 0x5c);
    }
  }

  /** HMAC-SHA256 of a string's UTF-8 bytes, as 64 lower-case hex digits; NULL stays NULL. */
  public Column hmac(Column text) {
    Column inner = unhex(sha2(concat(lit(innerKey), encode(text, "UTF-8")), 256));
    return sha2(concat(lit(outerKey), inner), 256);
  }

  /**
   * The key of an identifier such as an email: the HMAC of its trimmed, lower-cased text, so
   * " Anna@Example.com" and "anna@example.com" are one key; NULL for NULL or blank.
   */
  public Column identifierKey(Column identifier) {
    Column norm = lower(trim(identifier));
    return when(norm.isNotNull().and(norm.notEqual("")), hmac(norm));
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
