package com.experiencewarehouse.sources;

import java.util.ArrayList;
import java.util.List;

/** Splits a CSV header row (RFC 4180 quoting) into column names. */
public final class CsvHeader {

  private CsvHeader() {}

  public static List<String> parse(String line) {
    List<String> names = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char ch = line.charAt(i);
      if (quoted) {
        if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          cur.append('"');
          i++;
        } else if (ch == '"') {
          quoted = false;
        } else {
          cur.append(ch);
        }
      } else if (ch == '"') {
        quoted = true;
      } else if (ch == ',') {
        names.add(cur.toString().trim());
        cur.setLength(0);
      } else if (ch != '\r') {
        cur.append(ch);
      }
    }
    names.add(cur.toString().trim());
    return names;
  }
}
