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

  /** An exception as one line: its message (or type), without stack trace or line breaks. */
  public static String oneLine(Throwable e) {
    String m = e.getMessage();
    if (m == null || m.isBlank()) {
      m = e.getClass().getSimpleName();
    }
    m = m.replaceAll("\\s+", " ").trim();
    return m.length() > 500 ? m.substring(0, 500) + "…" : m;
  }
}
