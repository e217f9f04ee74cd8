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
    String m = e.getMessage();
    if (m == null || m.isBlank()) {
      m = e.getClass().getSimpleName();
    }
    m = m.replaceAll("\\s+", " ").trim();
    return m.length() > 500 ? m.substring(0, 500) + "…" : m;
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
