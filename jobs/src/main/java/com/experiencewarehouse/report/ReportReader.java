package com.experiencewarehouse.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import com.experiencewarehouse.gold.DetractorFollowup;
import com.experiencewarehouse.gold.JourneyFunnel;
import com.experiencewarehouse.gold.SegmentScorecard;
import com.experiencewarehouse.gold.SurveyResponseContext;
import com.experiencewarehouse.gold.UxCxDrivers;
import com.experiencewarehouse.io.Warehouse;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Reads the gold rows the quarterly retrospective needs (the report's only IO on the warehouse):
 * the quarter's and the previous quarter's scorecards, the quarter's daily scorecards, the survey
 * responses of both quarters (for the CES intervals), the quarter's drivers and funnel, and the
 * follow-up lists of the quarter's nights.
 */
public final class ReportReader {

  /** Every gold table the page is made from. */
  public static final List<String> TABLES = List.of(SegmentScorecard.QUARTER_TABLE,
      SegmentScorecard.DAY_TABLE, SurveyResponseContext.TABLE, UxCxDrivers.TABLE,
      JourneyFunnel.QUARTER_TABLE, DetractorFollowup.TABLE);

  /** The warehouse lacks a table, or the quarter has no scorecard: nothing to report. */
  public static final class MissingDataException extends Exception {
    MissingDataException(String message) {
      super(message);
    }
  }

  /** The gold rows of one report, not yet computed on (lazy Datasets). */
  public record Inputs(Quarter quarter, Dataset<Row> quarterScorecards, Dataset<Row> dayScorecards,
      Dataset<Row> responses, Dataset<Row> drivers, Dataset<Row> funnel, Dataset<Row> followups) {}

  private ReportReader() {}

  public static Inputs read(Warehouse warehouse, Quarter q) throws MissingDataException {
    List<String> missing = TABLES.stream().filter(t -> !warehouse.exists(t)).toList();
    if (!missing.isEmpty()) {
      throw new MissingDataException("no report for " + q + ": missing gold table(s) "
          + String.join(", ", missing) + " (no Delta table at " + warehouse.path(missing.get(0))
          + "; run the nightly job first)");
    }
    Quarter prev = q.previous();
    Dataset<Row> quarters = warehouse.read(SegmentScorecard.QUARTER_TABLE)
        .filter(col("quarter").isin(q.name(), prev.name()));
    if (quarters.filter(col("quarter").equalTo(q.name())).isEmpty()) {
      throw new MissingDataException("no report for " + q + ": " + SegmentScorecard.QUARTER_TABLE
          + " has no rows of " + q + " (no night of the quarter has been run)");
    }
    return new Inputs(q,
        quarters,
        warehouse.read(SegmentScorecard.DAY_TABLE).filter(in("scorecard_date", q.start(), q.end())),
        warehouse.read(SurveyResponseContext.TABLE).filter(in("response_date", prev.start(), q.end())),
        warehouse.read(UxCxDrivers.TABLE).filter(col("quarter").equalTo(q.name())),
        warehouse.read(JourneyFunnel.QUARTER_TABLE).filter(col("quarter").equalTo(q.name())),
        warehouse.read(DetractorFollowup.TABLE).filter(in("followup_date", q.start(), q.end())));
  }

  /** from <= column < to. */
  private static Column in(String column, LocalDate from, LocalDate to) {
    return col(column).geq(lit(Date.valueOf(from))).and(col(column).lt(lit(Date.valueOf(to))));
  }
}
