package com.experiencewarehouse.io;

import static com.experiencewarehouse.testing.Rows.assertRows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.experiencewarehouse.testing.Rows;
import com.experiencewarehouse.testing.SharedSpark;
import java.nio.file.Path;
import java.sql.Date;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableChecksTest {

  private static final StructType SCORECARD = new StructType()
      .add("segment", DataTypes.StringType)
      .add("scorecard_date", DataTypes.DateType)
      .add("sessions", DataTypes.LongType)
      .add("bounce_rate", DataTypes.DoubleType)
      .add("nps", DataTypes.DoubleType)
      .add("nps_ci_low", DataTypes.DoubleType)
      .add("nps_ci_high", DataTypes.DoubleType)
      .add("time_on_task_median_s", DataTypes.DoubleType)
      .add("purchase_revenue", DataTypes.createDecimalType(18, 2));

  @Test
  void theConditionFollowsTheKeysTheTypesAndTheNamesOfTheColumns() {
    // Keys present; the count not negative; the rate in [0, 1]; NPS on its scale; the duration not
    // negative; revenue (refunds) and the NPS interval's ends (a Wald interval may pass ±100)
    // unbounded; the interval around its value.
    assertEquals(Optional.of("`segment` IS NOT NULL AND `scorecard_date` IS NOT NULL"
            + " AND (`sessions` IS NULL OR `sessions` >= 0)"
            + " AND (`bounce_rate` IS NULL OR `bounce_rate` BETWEEN 0 AND 1)"
            + " AND (`nps` IS NULL OR `nps` BETWEEN -100 AND 100)"
            + " AND (`time_on_task_median_s` IS NULL OR `time_on_task_median_s` >= 0)"
            + " AND (`nps` IS NULL OR `nps_ci_low` IS NULL OR `nps_ci_high` IS NULL"
            + " OR (`nps_ci_low` <= `nps` AND `nps` <= `nps_ci_high`))"),
        TableChecks.condition(List.of("segment", "scorecard_date"), SCORECARD));
    // Correlations and their intervals in [−1, 1], the interval around pearson_r; Wilson ends in [0, 1].
    StructType drivers = new StructType().add("pearson_r", DataTypes.DoubleType)
        .add("pearson_ci_low", DataTypes.DoubleType).add("pearson_ci_high", DataTypes.DoubleType)
        .add("task_success_rate_ci_low", DataTypes.DoubleType);
    assertEquals(Optional.of("(`pearson_r` IS NULL OR `pearson_r` BETWEEN -1 AND 1)"
            + " AND (`pearson_ci_low` IS NULL OR `pearson_ci_low` BETWEEN -1 AND 1)"
            + " AND (`pearson_ci_high` IS NULL OR `pearson_ci_high` BETWEEN -1 AND 1)"
            + " AND (`task_success_rate_ci_low` IS NULL OR `task_success_rate_ci_low` BETWEEN 0 AND 1)"
            + " AND (`pearson_r` IS NULL OR `pearson_ci_low` IS NULL OR `pearson_ci_high` IS NULL"
            + " OR (`pearson_ci_low` <= `pearson_r` AND `pearson_r` <= `pearson_ci_high`))"),
        TableChecks.condition(List.of(), drivers));
    assertEquals(Optional.empty(), TableChecks.condition(List.of(), new StructType().add("note", DataTypes.StringType)));
    // Delta stores the text re-spaced token by token; that is the same constraint, another is not.
    assertTrue(TableChecks.same("(`nps` IS NULL OR `nps` BETWEEN -100 AND 100)",
        "( `nps` IS NULL OR `nps` BETWEEN - 100 AND 100 )"));
    assertFalse(TableChecks.same("(`nps` IS NULL OR `nps` BETWEEN -100 AND 100)",
        "( `nps` IS NULL OR `nps` BETWEEN - 100 AND 10 )"));
    assertFalse(TableChecks.same("`a` IS NOT NULL", null));
  }

  private static Object[] row(String segment, Long sessions, Double bounce, Double nps, Double low, Double high) {
    return new Object[] {segment, Date.valueOf("2026-09-14"), sessions, bounce, nps, low, high, null, null};
  }

  @Test
  void aGoldTableRefusesAnImpossibleRowWithItsConstraintsNameAndKeepsWhatItHad(@TempDir Path dir) {
    SparkSession spark = SharedSpark.get();
    Warehouse warehouse = new Warehouse(spark, dir.resolve("wh").toString(), dir.resolve("q").toString());
    String table = "gold.segment_scorecard_day";
    warehouse.append(table, Rows.frame(SCORECARD, row("consumer", 10L, 0.4, 20.0, -5.0, 45.0)));
    String path = warehouse.path(table);
    // Version 0 the write, 1 its comments (table properties), 2 the constraint.
    assertRows(spark.sql("DESCRIBE HISTORY delta.`" + path + "`").select("version", "operation"),
        "[0,WRITE]", "[1,SET TBLPROPERTIES]", "[2,ADD CONSTRAINT]");
    for (Object[] bad : List.of(
        row(null, 10L, 0.4, 20.0, -5.0, 45.0),           // no segment: the key
        row("smb", -1L, 0.4, 20.0, -5.0, 45.0),          // a negative count
        row("smb", 10L, 1.5, 20.0, -5.0, 45.0),          // a rate above 1
        row("smb", 10L, 0.4, 120.0, 100.0, 140.0),       // NPS above 100
        row("smb", 10L, 0.4, 20.0, 25.0, 45.0))) {       // the interval not around its value
      Warehouse writer = new Warehouse(spark, dir.resolve("wh").toString(), dir.resolve("q").toString());
      Exception e = assertThrows(Exception.class, () -> writer.append(table, Rows.frame(SCORECARD, bad)));
      assertTrue(String.valueOf(e.getMessage()).contains("possible_segment_scorecard_day"), e.getMessage());
    }
    // A later good write (another Warehouse: another run) adds its row and no constraint commit.
    new Warehouse(spark, dir.resolve("wh").toString(), dir.resolve("q").toString())
        .append(table, Rows.frame(SCORECARD, row("smb", 0L, null, null, null, null)));
    assertRows(spark.read().format("delta").load(path).select("segment", "sessions"), "[consumer,10]", "[smb,0]");
    assertRows(spark.sql("DESCRIBE HISTORY delta.`" + path + "`").select("version", "operation"),
        "[0,WRITE]", "[1,SET TBLPROPERTIES]", "[2,ADD CONSTRAINT]", "[3,WRITE]");
  }
}
