package com.experiencewarehouse.job;

import com.experiencewarehouse.io.RunAudit.SourceCounts;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * What a run did, printed at the end: each table's rows, quarantine per reason, duration, and notes:
 * numbers the night could not compute (NULL in gold) and why.
 */
public record RunSummary(String runId, LocalDate date, List<SourceCounts> sources,
    Map<String, Long> tableRows, List<String> notes, Instant started, Instant finished) {

  /** What goes missing from gold when every row of a source is quarantined. */
  private static final Map<String, String> DEPENDS_ON_SOURCE = Map.of(
      "ga4_events", "the date has no web sessions, task attempts or web metrics",
      "crm_customers", "the date has no customer snapshot (segments and churn of the date)",
      "crm_tickets", "the date has no tickets (ticket metrics)",
      "crm_accounts", "customers' Account fields (segment, plan, status, ...) are NULL",
      "crm_opportunities", "customers' lifetime_value (won opportunities) is NULL",
      "survey_answers", "the date has no survey responses (NPS, CSAT, CES, SUS, follow-up list)");

  /** A note for each source of which every row read was quarantined, naming what that leaves NULL. */
  public static List<String> sourceNotes(List<SourceCounts> sources) {
    List<String> notes = new java.util.ArrayList<>();
    for (SourceCounts c : sources) {
      if (c.read() > 0 && c.written() == 0) {
        notes.add(String.format(java.util.Locale.ROOT, "every row of %s was quarantined (%s): %s", c.source(),
            reasons(c.quarantinedByReason()), DEPENDS_ON_SOURCE.getOrDefault(c.source(), "its tables are empty")));
      }
    }
    return notes;
  }

  public String render() {
    StringBuilder b = new StringBuilder();
    double seconds = Duration.between(started, finished).toMillis() / 1000.0;
    b.append(String.format("Experience Warehouse run %s for %s: succeeded in %.1f s%n", runId, date, seconds));
    // The forgotten column only on nights that dropped rows of erased people (xw forget).
    boolean forgot = sources.stream().anyMatch(c -> c.forgotten() > 0);
    b.append(String.format("%n  %-16s %10s %10s %12s" + (forgot ? " %10s" : "%s") + "  %s%n", "source", "read",
        "written", "quarantined", forgot ? "forgotten" : "", "reasons"));
    for (SourceCounts c : sources) {
      b.append(String.format("  %-16s %10d %10d %12d" + (forgot ? " %10d" : "%s") + "  %s%n", c.source(), c.read(),
          c.written(), c.quarantined(), forgot ? c.forgotten() : "", reasons(c.quarantinedByReason())));
    }
    if (!notes.isEmpty()) {
      b.append(String.format("%n"));
      notes.forEach(n -> b.append("  note: ").append(n).append(String.format("%n")));
    }
    b.append(String.format("%n  %-36s %10s%n", "table", "rows"));
    tableRows.forEach((t, n) -> b.append(String.format("  %-36s %10d%n", t, n)));
    return b.toString();
  }

  /** The run in one line: date, status, duration, rows (for a backfill's nights). */
  public String oneLine() {
    long read = sources.stream().mapToLong(SourceCounts::read).sum();
    long written = sources.stream().mapToLong(SourceCounts::written).sum();
    long quarantined = sources.stream().mapToLong(SourceCounts::quarantined).sum();
    return String.format(java.util.Locale.ROOT,
        "%s succeeded in %.1f s (run %s): %d rows read, %d written, %d quarantined", date,
        Duration.between(started, finished).toMillis() / 1000.0, runId, read, written, quarantined);
  }

  private static String reasons(Map<String, Long> byReason) {
    if (byReason.isEmpty()) {
      return "-";
    }
    StringBuilder b = new StringBuilder();
    byReason.forEach((r, n) -> b.append(b.length() == 0 ? "" : ", ").append(r).append('=').append(n));
    return b.toString();
  }
}
