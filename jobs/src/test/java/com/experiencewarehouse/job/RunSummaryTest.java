package com.experiencewarehouse.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.experiencewarehouse.io.RunAudit.SourceCounts;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunSummaryTest {

  @Test
  void aSourceWhoseEveryRowWasQuarantinedSaysWhatItLeavesNull() {
    Map<String, Long> reasons = new LinkedHashMap<>();
    reasons.put("bad_date", 7L);
    List<SourceCounts> sources = List.of(
        new SourceCounts("crm_customers", 20, 20, Map.of()),
        new SourceCounts("crm_opportunities", 7, 0, reasons),
        new SourceCounts("crm_tickets", 0, 0, Map.of()));   // nothing read: nothing to say
    List<String> notes = RunSummary.sourceNotes(sources);
    assertEquals(List.of("every row of crm_opportunities was quarantined (bad_date=7): customers' lifetime_value "
        + "(won opportunities) is NULL"), notes);
    String rendered = new RunSummary("r1", LocalDate.of(2026, 9, 14), sources, Map.of(), notes,
        Instant.parse("2026-09-15T05:30:00Z"), Instant.parse("2026-09-15T05:30:12Z")).render();
    assertTrue(rendered.contains("\n  note: every row of crm_opportunities was quarantined (bad_date=7)"), rendered);
  }
}
