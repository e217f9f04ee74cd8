package com.experiencewarehouse.job;

import java.io.PrintStream;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/** Progress lines on stderr: one line per step, with the wall-clock time. */
public final class Progress {

  private static final DateTimeFormatter HH_MM_SS = DateTimeFormatter.ofPattern("HH:mm:ss");

  private final PrintStream out;

  public Progress(PrintStream out) {
    this.out = out;
  }

  public void line(String message) {
    // A fixed HH:mm:ss (LocalTime.toString drops ":00" seconds, which breaks log parsers).
    out.println("xw " + LocalTime.now().format(HH_MM_SS) + " " + message);
    out.flush();
  }

  /** What the operating system says when a write finds the disk (or the user's quota) full. */
  private static final java.util.List<String> DISK_FULL = java.util.List.of("No space left on device",
      "Disk quota exceeded", "DiskOutOfSpaceException");

  private static final java.util.regex.Pattern WRITING =
      java.util.regex.Pattern.compile("writing rows to (\\S+?)\\.?(?:\\s|$)");

  /**
   * An exception as one line: its message (or type), without stack trace or line breaks. A full disk
   * anywhere in the causes is the reason, said plainly: Spark wraps it in an error code
   * ([TASK_WRITE_FAILED] … SQLSTATE) that tells the operator nothing.
   */
  public static String oneLine(Throwable e) {
    java.util.Optional<String> full = diskFull(e);
    if (full.isPresent()) {
      return full.get();
    }
    java.util.Optional<String> wide = tooManyFields(e);
    if (wide.isPresent()) {
      return wide.get();
    }
    String m = e.getMessage();
    if (m == null || m.isBlank()) {
      m = e.getClass().getSimpleName();
    }
    m = m.replaceAll("\\s+", " ").trim();
    return m.length() > 500 ? m.substring(0, 500) + "…" : m;
  }

  private static final java.util.regex.Pattern READING =
      java.util.regex.Pattern.compile("reading file (\\S+?)\\.?(?:\\s|$)");

  /**
   * A CSV line with more fields than the reader takes (CsvExportReader.MAX_FIELDS_PER_LINE), as the
   * file's problem: univocity's words (an array index, "setMaxColumns") point at code nobody can change.
   */
  private static java.util.Optional<String> tooManyFields(Throwable top) {
    String file = null;
    boolean wide = false;
    for (Throwable t : causes(top)) {
      String m = t.getClass().getSimpleName() + " " + t.getMessage();
      java.util.regex.Matcher r = READING.matcher(m);
      if (file == null && r.find()) {
        file = r.group(1);
      }
      // univocity's words, also as text in a message from a cluster's executor.
      wide |= m.contains("TextParsingException") && m.contains("ArrayIndexOutOfBoundsException - Index "
          + com.experiencewarehouse.sources.CsvExportReader.MAX_FIELDS_PER_LINE);
    }
    return wide
        ? java.util.Optional.of("a line of " + (file == null ? "a CSV file" : file) + " has more than "
            + String.format(java.util.Locale.ROOT, "%,d",
                com.experiencewarehouse.sources.CsvExportReader.MAX_FIELDS_PER_LINE).replace(',', ' ')
            + " fields, more than any export has: not a CSV file this job reads (check the file and its "
            + "delimiter, fix or remove it, then run the same command again)")
        : java.util.Optional.empty();
  }

  /** The exception, its causes and suppressed ones, each once. */
  private static java.util.List<Throwable> causes(Throwable top) {
    java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    java.util.Deque<Throwable> todo = new java.util.ArrayDeque<>(java.util.List.of(top));
    java.util.List<Throwable> all = new java.util.ArrayList<>();
    while (!todo.isEmpty()) {
      Throwable t = todo.pop();
      if (!seen.add(t)) {
        continue;
      }
      all.add(t);
      if (t.getCause() != null) {
        todo.add(t.getCause());
      }
      todo.addAll(java.util.Arrays.asList(t.getSuppressed()));
    }
    return all;
  }

  private static java.util.Optional<String> diskFull(Throwable top) {
    java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    java.util.Deque<Throwable> todo = new java.util.ArrayDeque<>(java.util.List.of(top));
    String writing = null;
    while (!todo.isEmpty()) {
      Throwable t = todo.pop();
      if (!seen.add(t)) {
        continue;
      }
      // The type too: Hadoop's DiskOutOfSpaceException may say only which directory.
      String m = t.getClass().getSimpleName() + " " + t.getMessage();
      java.util.regex.Matcher w = WRITING.matcher(m);
      if (writing == null && w.find()) {
        writing = w.group(1);
      }
      if (DISK_FULL.stream().anyMatch(m::contains)) {
        // Keep looking for the file being written: it may sit in a wrapper seen later.
        String where = writing;
        for (Throwable rest : todo) {
          java.util.regex.Matcher r = WRITING.matcher(String.valueOf(rest.getMessage()));
          if (where == null && r.find()) {
            where = r.group(1);
          }
        }
        String said = m.contains("Disk quota exceeded") ? "Disk quota exceeded" : "No space left on device";
        return java.util.Optional.of(said + (where == null ? "" : " (writing " + where + ")")
            + ": free space on the warehouse's disk and Spark's local dirs (spark.local.dir), then run the same "
            + "command again");
      }
      if (t.getCause() != null) {
        todo.add(t.getCause());
      }
      todo.addAll(java.util.Arrays.asList(t.getSuppressed()));
    }
    return java.util.Optional.empty();
  }
}
