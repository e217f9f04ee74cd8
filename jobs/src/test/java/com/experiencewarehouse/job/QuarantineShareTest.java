package com.experiencewarehouse.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.experiencewarehouse.config.Settings.QuarantineSettings;
import com.experiencewarehouse.io.RunAudit.SourceCounts;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class QuarantineShareTest {

  private static final LocalDate NIGHT = LocalDate.of(2026, 9, 14);
  private static final QuarantineSettings Q = new QuarantineSettings(0.25, Map.of("crm_tickets", 0.05), "q", true,
      java.time.LocalDate.of(2000, 1, 1), 2);

  @Test
  void anExportOfOnlyTestResponsesPasses() {
    // 6 rows read, all 6 test responses (not_a_response): 0 of 0 counted rows → no share to judge.
    assertEquals(Optional.empty(), QuarantineShare.exceeded(
        new SourceCounts("survey_answers", 6, 0, Map.of("not_a_response", 6L)), Q, NIGHT));
  }

  @Test
  void reasonsByDesignAreLeftOutOfTheShare() {
    // 10 read: 4 previews, 2 deleted in the CRM (by design), 1 bad_number → 1 of 4 = 25 %: not above 25 %.
    assertEquals(Optional.empty(), QuarantineShare.exceeded(new SourceCounts("survey_answers", 10, 3,
        Map.of("not_a_response", 4L, "deleted_in_source", 2L, "bad_number", 1L)), Q, NIGHT));
    // 2 bad of 4 counted = 50 % > 25 %: the night stops, and says how many by-design rows it left out.
    assertEquals(Optional.of("survey_answers: 2 of 4 rows quarantined (50.0 %; 6 more by design not counted), above "
            + "xw.quarantine.max-share 0.25; silver and gold not written (see quarantine.rejected_record, "
            + "load_date 2026-09-14)"),
        QuarantineShare.exceeded(new SourceCounts("survey_answers", 10, 2,
            Map.of("not_a_response", 4L, "deleted_in_source", 2L, "bad_number", 2L)), Q, NIGHT));
  }

  @Test
  void withoutRowsByDesignTheShareIsOfAllRowsAndTheSourcesOwnMaximumApplies() {
    // crm_tickets: 2 of 14 = 14.3 % > its own 5 %.
    assertEquals(Optional.of("crm_tickets: 2 of 14 rows quarantined (14.3 %), above "
            + "xw.quarantine.max-share-by-source.crm_tickets 0.05; silver and gold not written (see "
            + "quarantine.rejected_record, load_date 2026-09-14)"),
        QuarantineShare.exceeded(new SourceCounts("crm_tickets", 14, 12, Map.of("bad_timestamp", 2L)), Q, NIGHT));
  }
}
