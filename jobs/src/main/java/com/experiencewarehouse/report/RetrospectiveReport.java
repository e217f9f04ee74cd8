package com.experiencewarehouse.report;

import com.experiencewarehouse.gold.Segments;
import com.experiencewarehouse.io.Warehouse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * {@code report --quarter YYYY-Qn}: the quarterly experience retrospective, one self-contained HTML
 * page ({@code experience-retrospective-YYYY-Qn.html}) made from the gold tables.
 */
public final class RetrospectiveReport {

  /** What was written. */
  public record Result(Path file, ReportData data) {
    /** One line for stdout. */
    public String summary() {
      ReportData.Change nps = data.scorecard().containsKey(Segments.ALL)
          ? data.scorecard().get(Segments.ALL).get(ReportData.Metric.NPS) : null;
      return data.quarter() + ": " + data.segments().size() + " segment(s), " + data.weeks().size()
          + " week(s), " + data.drivers().size() + " driver(s), " + data.followupTotal(Segments.ALL)
          + " follow-up entries" + (nps == null ? "" : "; NPS (all) " + Format.value(ReportData.Metric.NPS,
          nps.now().value()) + " (n " + nps.now().n() + ")");
    }
  }

  private RetrospectiveReport() {}

  public static String fileName(Quarter q) {
    return "experience-retrospective-" + q.name() + ".html";
  }

  /** Reads the quarter's gold rows, computes the page's figures and writes the page into {@code outDir}. */
  public static Result write(Warehouse warehouse, String warehouseName, Quarter q, int minSample, Path outDir)
      throws ReportReader.MissingDataException, IOException {
    ReportData data = ReportData.collect(ReportReader.read(warehouse, q), minSample);
    String page = HtmlPage.render(data, warehouseName, Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    Files.createDirectories(outDir);
    Path file = outDir.resolve(fileName(q));
    Path tmp = outDir.resolve(fileName(q) + ".tmp");
    Files.writeString(tmp, page, StandardCharsets.UTF_8);
    // A reader (a browser, a web server) sees the old page or the new one, never half of it.
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    return new Result(file, data);
  }
}
