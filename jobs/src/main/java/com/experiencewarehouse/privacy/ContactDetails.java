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
   * Characters that show nothing and are skipped by a reader's eye, so that "anna\u200B@example.com"
   * reads as an address: zero-width space, non-joiner and joiner, word joiner, byte-order mark, soft
   * hyphen. Allowed anywhere inside an address or a number, so they cannot hide one.
   */
  private static final String INVISIBLE = "\\u200B-\\u200D\\u2060\\uFEFF\\u00AD";

  /**
   * An email address: something@domain.tld, with the lengths RFC 5321 allows (a local part of at
   * most 64 characters, a domain of at most 253). Bounded so that masking is linear in the text: with
   * unbounded runs every start position of a long run of letters scanned to its end, and a 60 MB line
   * took hours. A longer local part still masks its last 64 characters with the domain. Letters and
   * digits of any script (RFC 6531 addresses, full-width ａｎｎａ), the full-width and small at signs
   * (＠ ﹫) and full stops (． 。 ｡), and invisible characters between any two of them count: a
   * customer typing on a phone's Japanese keyboard, or pasting from a web page, gives those.
   */
  public static final String EMAIL = "[\\p{L}\\p{M}\\p{N}._%+\\-＿．－＋" + INVISIBLE + "]{1,64}[@＠﹫]"
      + "[\\p{L}\\p{M}\\p{N}.\\-．－。｡" + INVISIBLE + "]{1,253}[.．。｡][\\p{L}\\p{M}" + INVISIBLE + "]{2,63}";

  /**
   * What may stand between a phone number's digits: spaces (also no-break, thin, narrow, figure and
   * ideographic ones), dots, dashes (hyphen, en and em dash, minus, full-width), parentheses (also
   * full-width) and invisible characters.
   */
  private static final String PHONE_SEPARATORS =
      "\\s\\u00A0\\u2007\\u2009\\u202F\\u3000().\\-\\u2010-\\u2015\\u2212（）－．" + INVISIBLE;

  /**
   * A phone number: 7 or more characters of digits (of any script: ０３０, ٠٣٠) with spaces, dots,
   * dashes or parentheses between, maybe after a +; not a yyyy-MM-dd date, not inside a word. Privacy first: a 7-digit
   * order number (or an id or epoch timestamp in a raw record) reads as a phone too. At most 28
   * characters (the longest formatted international number, "+44 (0) 20 7946 0958 12", has 23): a
   * longer run is masked in parts, and masking stays linear in the text.
   */
  public static final String PHONE = "(?<![\\w\\p{Nd}+＋\\-])(?!\\d{4}-\\d{2}-\\d{2}(?![\\w-]))[+＋]?[(（]?\\p{Nd}"
      + "[\\p{Nd}" + PHONE_SEPARATORS + "]{5,24}\\p{Nd}(?![\\w\\p{Nd}\\-])";

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
