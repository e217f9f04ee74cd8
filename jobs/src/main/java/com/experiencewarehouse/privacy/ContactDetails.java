package com.experiencewarehouse.privacy;

import static org.apache.spark.sql.functions.regexp_replace;

import org.apache.spark.sql.Column;

/**
 * Email addresses and phone numbers inside free text (survey verbatims, the quarantine's raw
 * records), found by pattern and replaced by [email] / [phone]. One definition for every place
 * that masks them, so they cannot drift apart.
 */
public final class ContactDetails {

  /**
   * An email address: something@domain.tld, with the lengths RFC 5321 allows (a local part of at
   * most 64 characters, a domain of at most 253). Bounded so that masking is linear in the text: with
   * unbounded runs every start position of a long run of letters scanned to its end, and a 60 MB line
   * took hours. A longer local part still masks its last 64 characters with the domain.
   */
  public static final String EMAIL = "[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,253}\\.[A-Za-z]{2,63}";

  /**
   * A phone number: 7 or more characters of digits with spaces, dots, dashes or parentheses
   * between, maybe after a +; not a yyyy-MM-dd date, not inside a word. Privacy first: a 7-digit
   * order number (or an id or epoch timestamp in a raw record) reads as a phone too. At most 28
   * characters (the longest formatted international number, "+44 (0) 20 7946 0958 12", has 23): a
   * longer run is masked in parts, and masking stays linear in the text.
   */
  public static final String PHONE =
      "(?<![\\w+-])(?!\\d{4}-\\d{2}-\\d{2}(?![\\w-]))\\+?\\(?\\d[\\d\\s().-]{5,24}\\d(?![\\w-])";

  /**
   * An email address in a URL: as above, its @ maybe percent-encoded (%40), as a form or a mail
   * link puts it into a query string (?email=anna%40example.com).
   */
  public static final String EMAIL_IN_URL =
      "[A-Za-z0-9._%+-]{1,64}(?:@|%40)[A-Za-z0-9.-]{1,253}\\.[A-Za-z]{2,63}";

  private ContactDetails() {}

  /**
   * A URL with every email address replaced by [email]. Phone-like numbers stay: in a URL they are
   * product, order and page ids far more often than phones.
   */
  public static Column emailsMaskedInUrl(Column url) {
    return regexp_replace(url, EMAIL_IN_URL, "[email]");
  }

  /** The text with every email address replaced by [email] and every phone number by [phone]. */
  public static Column masked(Column text) {
    return regexp_replace(regexp_replace(text, EMAIL, "[email]"), PHONE, "[phone]");
  }
}
