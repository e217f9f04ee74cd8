package com.experiencewarehouse.sources;

import com.experiencewarehouse.config.Settings.MultiLineRecords;
import com.univocity.parsers.common.TextParsingException;
import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import com.univocity.parsers.csv.UnescapedQuoteHandling;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * CSV records that may span lines (RFC 4180: a quoted field holds line breaks, as Salesforce
 * descriptions and Qualtrics comments do), with bounds. Spark's multi-line reader lets a quote that
 * never closes make the rest of the file one record, so one stray quote quarantined every good row
 * after it. Here a record that runs on past its first line is taken only when it closes within
 * {@link MultiLineRecords#maxLines} lines and {@link MultiLineRecords#maxChars} characters, and then
 * has as many fields as the header and each closing quote before a comma or a line's end; otherwise
 * its first line alone is a malformed record and the next line starts the next record. Values are parsed by univocity (Spark's own CSV parser) with Spark's reading options;
 * this class only finds where records end.
 */
public final class MultiLineCsv {

  /** One record: its fields (null when malformed) and, when malformed, its text. */
  public record Record(String[] fields, String corrupt) {}

  private final LineSource lines;
  private final int columns;
  private final MultiLineRecords limits;
  private final CsvParser parser;

  private MultiLineCsv(Reader in, int columns, MultiLineRecords limits) {
    this.lines = new LineSource(in);
    this.columns = columns;
    this.limits = limits;
    CsvParserSettings s = new CsvParserSettings();
    // As Spark's CSV options read by default, with RFC 4180's doubled quote as its escape.
    s.getFormat().setDelimiter(',');
    s.getFormat().setQuote('"');
    s.getFormat().setQuoteEscape('"');
    s.getFormat().setComment('\0');
    s.getFormat().setLineSeparator("\n");
    s.getFormat().setNormalizedNewline('\n');
    s.setIgnoreLeadingWhitespaces(false);
    s.setIgnoreTrailingWhitespaces(false);
    s.setNullValue(null);
    s.setEmptyValue(null);
    s.setMaxColumns(columns + 1);
    s.setMaxCharsPerColumn(-1);
    s.setUnescapedQuoteHandling(UnescapedQuoteHandling.STOP_AT_DELIMITER);
    s.setReadInputOnSeparateThread(false);
    s.setLineSeparatorDetectionEnabled(false);
    this.parser = new CsvParser(s);
  }

  /**
   * The records of a text (closed at the end), each with {@code columns} fields or malformed; empty
   * lines between records are skipped, as Spark does.
   */
  public static Iterator<Record> records(Reader in, int columns, MultiLineRecords limits) {
    MultiLineCsv csv = new MultiLineCsv(in, columns, limits);
    return new Iterator<>() {
      private Record next = csv.read();

      @Override
      public boolean hasNext() {
        return next != null;
      }

      @Override
      public Record next() {
        if (next == null) {
          throw new NoSuchElementException();
        }
        Record r = next;
        next = csv.read();
        return r;
      }
    };
  }

  /** The next record, or null at the end (the reader then closed). */
  private Record read() {
    String first;
    do {
      first = lines.next();
      if (first == null) {
        lines.close();
        return null;
      }
    } while (first.isEmpty());
    Scan scan = new Scan();
    scan.feed(first);
    List<String> taken = new ArrayList<>();
    taken.add(first);
    long chars = first.length();
    while (scan.inQuotes) {
      String more = lines.next();
      chars += more == null ? 0 : more.length() + 1;
      if (more == null || taken.size() >= limits.maxLines() || chars > limits.maxChars()) {
        if (more != null) {
          lines.pushBack(more);
        }
        return firstLineOnly(taken);
      }
      taken.add(more);
      scan.feed("\n");
      scan.feed(more);
    }
    // A record over lines must be strict RFC 4180 too: a stray quote in a later line ("Also ""x""")
    // would otherwise close an unclosed one and make lines of good records one value.
    if (scan.fields != columns || (taken.size() > 1 && scan.strayAfterQuote)) {
      return firstLineOnly(taken);
    }
    String text = taken.size() == 1 ? first : String.join("\n", taken);
    String[] values;
    try {
      values = parser.parseLine(text);
    } catch (TextParsingException e) {
      values = null;
    }
    if (values == null || values.length != columns) {
      return firstLineOnly(taken);
    }
    return new Record(values, null);
  }

  /** The first of the lines as a malformed record; the others are read again as the next records. */
  private Record firstLineOnly(List<String> taken) {
    for (int i = taken.size() - 1; i >= 1; i--) {
      lines.pushBack(taken.get(i));
    }
    return new Record(null, taken.get(0));
  }

  /**
   * Where a record ends: RFC 4180's states over its characters. A quote opens a quoted field only
   * as the field's first character (elsewhere it is text, as univocity takes it); inside, a doubled
   * quote is a quote and a single one closes the field.
   */
  private static final class Scan {
    boolean inQuotes;
    boolean fieldStart = true;
    int fields = 1;
    /** A closing quote followed by text rather than a comma or the line's end: not RFC 4180. */
    boolean strayAfterQuote;
    private boolean quoteSeen;

    void feed(String s) {
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (inQuotes) {
          if (quoteSeen) {
            quoteSeen = false;
            if (c == '"') {
              continue;
            }
            inQuotes = false;
            strayAfterQuote |= c != ',';
          } else {
            if (c == '"') {
              quoteSeen = true;
            }
            continue;
          }
        }
        if (c == ',') {
          fields++;
          fieldStart = true;
        } else if (c == '"' && fieldStart) {
          inQuotes = true;
          fieldStart = false;
        } else {
          fieldStart = false;
        }
      }
      // A quote last on the line closes its field (the next character would decide otherwise).
      if (inQuotes && quoteSeen) {
        inQuotes = false;
        quoteSeen = false;
      }
    }
  }

  /**
   * Lines split on LF only (a CR before it dropped; a lone CR is text, as in a value), with lines
   * given back read again first.
   */
  private static final class LineSource {
    private final Reader in;
    private final Deque<String> back = new ArrayDeque<>();
    private final char[] buf = new char[65_536];
    private int pos;
    private int end;
    private boolean eof;

    LineSource(Reader in) {
      this.in = in;
    }

    void pushBack(String line) {
      back.addFirst(line);
    }

    String next() {
      if (!back.isEmpty()) {
        return back.removeFirst();
      }
      StringBuilder line = null;
      while (true) {
        if (pos == end) {
          if (eof || !fill()) {
            eof = true;
            return line == null ? null : withoutCr(line);
          }
        }
        int start = pos;
        while (pos < end && buf[pos] != '\n') {
          pos++;
        }
        if (line == null) {
          line = new StringBuilder(pos - start + 16);
        }
        line.append(buf, start, pos - start);
        if (pos < end) {
          pos++;
          return withoutCr(line);
        }
      }
    }

    private boolean fill() {
      try {
        int n = in.read(buf);
        if (n <= 0) {
          return false;
        }
        pos = 0;
        end = n;
        return true;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private static String withoutCr(StringBuilder line) {
      int n = line.length();
      return n > 0 && line.charAt(n - 1) == '\r' ? line.substring(0, n - 1) : line.toString();
    }

    void close() {
      try {
        in.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
