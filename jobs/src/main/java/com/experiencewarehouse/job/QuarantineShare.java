package com.experiencewarehouse.job;

import com.experiencewarehouse.config.Settings.QuarantineSettings;
import com.experiencewarehouse.io.RunAudit.SourceCounts;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Optional;

/**
 * The quarantine share rule: a source of which more than its max share of rows was quarantined is
 * more likely broken than dirty, so the night stops before silver and gold. Rows quarantined by
 * design (a survey's test responses, records deleted in the CRM) say nothing about the export's
 * health: the share is of the other rows, so an export of only test responses passes.
 */
final class QuarantineShare {

  private QuarantineShare() {}

  /** The one-line reason the night stops, when the source's share is above its maximum. */
  static Optional<String> exceeded(SourceCounts c, QuarantineSettings q, LocalDate date) {
    long byDesign = c.quarantinedByDesign();
    long counted = c.read() - byDesign;
    long bad = c.quarantined() - byDesign;
    double max = q.maxShare(c.source());
    if (counted == 0 || (double) bad / counted <= max) {
      return Optional.empty();
    }
    String key = q.maxShareBySource().containsKey(c.source())
        ? "xw.quarantine.max-share-by-source." + c.source() : "xw.quarantine.max-share";
    return Optional.of(String.format(Locale.ROOT,
        "%s: %d of %d rows quarantined (%.1f %%%s), above %s %s; silver and gold not "
            + "written (see quarantine.rejected_record, load_date %s)",
        c.source(), bad, counted, 100.0 * bad / counted,
        byDesign == 0 ? "" : "; " + byDesign + " more by design not counted", key, max, date));
  }
}
