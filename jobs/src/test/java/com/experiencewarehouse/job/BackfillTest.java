package com.experiencewarehouse.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.experiencewarehouse.io.RunAudit.Run;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which nights a backfill runs, from the audit's runs. */
class BackfillTest {

  private static final LocalDate D1 = LocalDate.parse("2026-09-01");
  private static final LocalDate D2 = D1.plusDays(1);
  private static final LocalDate D3 = D1.plusDays(2);
  private static final LocalDate D4 = D1.plusDays(3);

  /** A run of {@code night} from minute {@code start} to minute {@code end} of the same hour (end < 0: none). */
  private static Run run(LocalDate night, String status, int start, int end) {
    Instant base = Instant.parse("2026-11-01T10:00:00Z");
    return new Run(night, status, base.plusSeconds(60L * start), end < 0 ? null : base.plusSeconds(60L * end));
  }

  @Test
  void aFreshBackfillRunsEveryNight() {
    Backfill.Plan plan = Backfill.plan(D1, D3, List.of(), false);
    assertEquals(List.of(), plan.done());
    assertEquals(List.of(D1, D2, D3), plan.toRun());
  }

  @Test
  void resumesAtTheFirstNightWhoseLatestRunFailed() {
    // D1 ok (0-1), D2 failed (1-2): resume at D2; D3 and D4 never ran.
    Backfill.Plan plan = Backfill.plan(D1, D4,
        List.of(run(D1, "succeeded", 0, 1), run(D2, "failed", 1, 2)), false);
    assertEquals(List.of(D1), plan.done());
    assertEquals(List.of(D2, D3, D4), plan.toRun());
  }

  @Test
  void aNightIsDoneOnlyByItsLatestRunAndOnlyIfThatRanAfterTheNightBefore() {
    // D1: failed at 0-1, then succeeded at 5-6 -> done. D2: succeeded at 2-3, i.e. before D1's
    // successful rerun (finished minute 6), so it was computed on an older D1 -> not done, and every
    // night after it runs again although D3 succeeded at 7-8.
    Backfill.Plan plan = Backfill.plan(D1, D3, List.of(run(D1, "failed", 0, 1), run(D2, "succeeded", 2, 3),
        run(D1, "succeeded", 5, 6), run(D3, "succeeded", 7, 8)), false);
    assertEquals(List.of(D1), plan.done());
    assertEquals(List.of(D2, D3), plan.toRun());
  }

  @Test
  void aNightStillRunningOrSucceededThenFailedIsNotDone() {
    // D1 succeeded, then a rerun of it failed (latest) -> not done.
    assertEquals(List.of(D1, D2), Backfill.plan(D1, D2,
        List.of(run(D1, "succeeded", 0, 1), run(D1, "failed", 2, 3)), false).toRun());
    // D1 running (no finish) -> not done.
    assertEquals(List.of(D1, D2), Backfill.plan(D1, D2, List.of(run(D1, "running", 0, -1)), false).toRun());
  }

  @Test
  void everyNightDoneInOrderLeavesNothingToRunAndRestartRunsThemAll() {
    List<Run> runs = List.of(run(D1, "succeeded", 0, 1), run(D2, "succeeded", 1, 2));
    Backfill.Plan plan = Backfill.plan(D1, D2, runs, false);
    assertEquals(List.of(D1, D2), plan.done());
    assertEquals(List.of(), plan.toRun());
    assertEquals(List.of(D1, D2), Backfill.plan(D1, D2, runs, true).toRun());
  }
}
