package com.experiencewarehouse.privacy;

import static org.apache.spark.sql.functions.regexp_replace;

import org.apache.spark.sql.Column;

/**
 * Email addresses and phone numbers inside free text (survey verbatims, the quarantine's raw
 * records), found by pattern and replaced by [email] / [phone]. One definition for every place
 * that masks them, so they cannot drift apart.
 */
public final class ContactDetails {

  /** An email address: something@domain.tld. */
  public static final String EMAIL = "[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}";

  /**
   * A phone number: 7 or more characters of digits with spaces, dots, dashes or parentheses
   * between, maybe after a +; not a yyyy-MM-dd date, not inside a word. Privacy first: a 7-digit
   * order number (or an id or epoch timestamp in a raw record) reads as a phone too.
   */
  public static final String PHONE =
      "(?<![\\w+-])(?!\\d{4}-\\d{2}-\\d{2}(?![\\w-]))\\+?\\(?\\d[\\d\\s().-]{5,}\\d(?![\\w-])";

  private ContactDetails() {}

  /** The text with every email address replaced by [email] and every phone number by [phone]. */
  public static Column masked(Column text) {
    return regexp_replace(regexp_replace(text, EMAIL, "[email]"), PHONE, "[phone]");
  }
}
