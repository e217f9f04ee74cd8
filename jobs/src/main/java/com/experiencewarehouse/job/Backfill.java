package com.experiencewarehouse.job;

import com.experiencewarehouse.io.RunAudit;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code backfill --from D1 --to D2}: the nights in date order, each a normal run. A night builds on
 * the state the nights before it left (customer history, sessions across midnight, quarter rollups),
 * so a backfill that stopped resumes at the first night that is not done, and runs every night after
 * it again.
 */
public final class Backfill {

  private Backfill() {}

  /** The nights of a backfill: those already done (skipped) and those to run, in order. */
  public record Plan(List<LocalDate> done, List<LocalDate> toRun) {}

  /**
   * Which nights of from..to to run. A night is done when its latest run succeeded and started after
   * the previous night's done run finished (so it was computed on that night's state); the plan runs
   * from the first night that is not done. {@code restart} runs them all.
   */
  public static Plan plan(LocalDate from, LocalDate to, List<RunAudit.Run> runs, boolean restart) {
    List<LocalDate> nights = from.datesUntil(to.plusDays(1)).toList();
    if (restart) {
      return new Plan(List.of(), nights);
    }
    Map<LocalDate, RunAudit.Run> latest = runs.stream().collect(Collectors.toMap(RunAudit.Run::date,
        Function.identity(), (a, b) -> a.startedAt().isAfter(b.startedAt()) ? a : b));
    List<LocalDate> done = new ArrayList<>();
    Instant previousFinished = null;
    for (LocalDate night : nights) {
      RunAudit.Run run = latest.get(night);
      boolean isDone = run != null && run.status().equals("succeeded") && run.finishedAt() != null
          && (previousFinished == null || !run.startedAt().isBefore(previousFinished));
      if (!isDone) {
        break;
      }
      done.add(night);
      previousFinished = run.finishedAt();
    }
    return new Plan(done, nights.subList(done.size(), nights.size()));
  }
}
