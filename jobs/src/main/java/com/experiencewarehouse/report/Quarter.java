package com.experiencewarehouse.report;

import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A calendar quarter as the gold tables name it ({@code 2026-Q3}): July 1 to September 30. */
public record Quarter(int year, int number) {

  private static final Pattern NAME = Pattern.compile("(\\d{4})-Q([1-4])");

  public Quarter {
    if (number < 1 || number > 4) {
      throw new IllegalArgumentException("quarter number " + number + " is not 1-4");
    }
  }

  /** Parses {@code YYYY-Qn}; anything else is an IllegalArgumentException naming the text. */
  public static Quarter parse(String text) {
    Matcher m = NAME.matcher(text == null ? "" : text);
    if (!m.matches()) {
      throw new IllegalArgumentException("bad quarter '" + text + "': expected YYYY-Qn, e.g. 2026-Q3");
    }
    return new Quarter(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
  }

  /** The name in the tables' {@code quarter} columns. */
  public String name() {
    return year + "-Q" + number;
  }

  /** First day. */
  public LocalDate start() {
    return LocalDate.of(year, (number - 1) * 3 + 1, 1);
  }

  /** First day of the next quarter (exclusive end). */
  public LocalDate end() {
    return start().plusMonths(3);
  }

  public Quarter previous() {
    return number == 1 ? new Quarter(year - 1, 4) : new Quarter(year, number - 1);
  }

  @Override
  public String toString() {
    return name();
  }
}
