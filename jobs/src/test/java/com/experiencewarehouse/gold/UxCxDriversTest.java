package com.experiencewarehouse.gold;

import static com.experiencewarehouse.testing.Rows.d;
import static com.experiencewarehouse.testing.Rows.l;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.experiencewarehouse.testing.Rows;
import java.sql.Date;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class UxCxDriversTest {

  static final StructType CONTEXT = new StructType()
      .add("response_date", DataTypes.DateType).add("segment", DataTypes.StringType)
      .add("survey_type", DataTypes.StringType).add("score", DataTypes.DoubleType)
      .add("failed_checkouts_in_window", DataTypes.LongType)
      .add("is_promoter", DataTypes.BooleanType).add("is_detractor", DataTypes.BooleanType);

  private static Object[] r(String segment, long failedCheckouts, int nps) {
    return new Object[] {Date.valueOf("2026-09-20"), segment, "NPS", (double) nps, failedCheckouts, nps >= 9, nps <= 6};
  }

  @Test
  void pearsonSpearmanAndLiftOfFailedCheckoutsOnNpsMatchTheHandComputation() {
    Dataset<Row> context = Rows.frame(CONTEXT,
        r("A", 0, 10), r("A", 0, 9), r("A", 1, 6), r("A", 2, 3), r("A", 0, 7), r("A", 1, 9),
        r("B", 0, 10), r("B", 1, 2));
    UxCxDrivers.Driver driver = UxCxDrivers.defaults("checkout").get(0);   // failed_checkouts → NPS
    Dataset<Row> out = UxCxDrivers.build(context, List.of(driver), 3);
    Row a = out.filter(col("segment").equalTo("A")).first();
    assertEquals("2026-Q3", a.getAs("quarter"));
    assertEquals("failed_checkouts", a.getAs("ux_measure"));
    assertEquals("NPS", a.getAs("cx_measure"));
    assertEquals(6L, l(a, "n"));
    // x = 0 0 1 2 0 1 (mean 2/3), y = 10 9 6 3 7 9 (mean 22/3):
    // Σdxdy = −25/3, Σdx² = 10/3, Σdy² = 100/3 → r = (−25/3) / √(1000/9) = −25/√1000 = −0.790569
    assertEquals(-0.790569, d(a, "pearson_r"), 1e-6);
    // Average ranks: x → 2 2 4.5 6 2 4.5; y → 6 4.5 2 1 3 4.5 (both mean 3.5):
    // Σ = −11.25, Σdx² = 15, Σdy² = 17 → ρ = −11.25 / √255 = −11.25 / 15.968719 = −0.704502
    assertEquals(-0.704502, d(a, "spearman_rho"), 1e-6);
    // Fisher z, Pearson: z = atanh(−0.790569) = ½ ln(0.209431 / 1.790569) = −1.072948; se = 1/√(6 − 3)
    // = 0.577350, × 1.96 = 1.131607 → tanh(−2.204555) = −0.975960, tanh(0.058659) = 0.058591
    assertEquals(-0.975960, d(a, "pearson_ci_low"), 1e-6);
    assertEquals(0.058591, d(a, "pearson_ci_high"), 1e-6);
    // Spearman (Fieller–Hartley–Pearson): z = atanh(−0.704502) = −0.876184; se = √(1.06/3) = 0.594418,
    // × 1.96 = 1.165060 → tanh(−2.041244) = −0.966829, tanh(0.288876) = 0.281100
    assertEquals(-0.966829, d(a, "spearman_ci_low"), 1e-6);
    assertEquals(0.281100, d(a, "spearman_ci_high"), 1e-6);
    // With ≥ 1 failed checkout: 6, 3, 9 → P 1, D 2, n 3 → NPS −33.33;
    // without: 10, 9, 7 → P 2, D 0, n 3 → NPS 66.67; lift = −100.
    // var(with) = 100² × (1/3 + 2/3 − (1/3)²) = 8888.9; var(without) = 100² × (2/3 − 4/9) = 2222.2
    // half-width = 1.96 × √(8888.9/3 + 2222.2/3) = 1.96 × 60.858 = 119.28
    assertEquals(3L, l(a, "n_with"));
    assertEquals(-100.0 / 3.0, d(a, "cx_with"), 1e-9);
    assertEquals(200.0 / 3.0, d(a, "cx_without"), 1e-9);
    assertEquals(-100.0, d(a, "lift"), 1e-9);
    assertEquals(-100.0 - 119.28, d(a, "lift_ci_low"), 1e-2);
    assertEquals(-100.0 + 119.28, d(a, "lift_ci_high"), 1e-2);
    // B: 2 respondents < 3 → n kept, statistics NULL and flagged
    Row b = out.filter(col("segment").equalTo("B")).first();
    assertEquals(2L, l(b, "n"));
    assertNull(b.getAs("pearson_r"));
    assertNull(b.getAs("lift"));
    assertTrue((Boolean) b.getAs("correlation_suppressed"));
    assertTrue((Boolean) b.getAs("lift_suppressed"));
    assertNull(b.getAs("pearson_ci_low"));
    assertNull(b.getAs("spearman_ci_high"));
    // (all): 8 respondents
    assertEquals(8L, l(out.filter(col("segment").equalTo(Segments.ALL)).first(), "n"));
  }

  @Test
  void npsAnswersGivenOnlyAsTheirGroupCountInTheLiftButNotInTheCorrelations() {
    // Segment A of the test above plus two answers without a 0–10 score (Qualtrics *_NPS_GROUP):
    // a promoter with a failed checkout, a detractor without.
    Dataset<Row> context = Rows.frame(CONTEXT,
        r("A", 0, 10), r("A", 0, 9), r("A", 1, 6), r("A", 2, 3), r("A", 0, 7), r("A", 1, 9),
        new Object[] {Date.valueOf("2026-09-20"), "A", "NPS", null, 1L, true, false},
        new Object[] {Date.valueOf("2026-09-20"), "A", "NPS", null, 0L, false, true});
    Row a = UxCxDrivers.build(context, List.of(UxCxDrivers.defaults("checkout").get(0)), 3)
        .filter(col("segment").equalTo("A")).first();
    // Correlations as above, over the 6 scored answers.
    assertEquals(6L, l(a, "n"));
    assertEquals(-0.790569, d(a, "pearson_r"), 1e-6);
    assertEquals(-0.704502, d(a, "spearman_rho"), 1e-6);
    // Lift over all 8: with 6, 3, 9 + a promoter → P 2, D 2 of 4 → 0; without 10, 9, 7 + a
    // detractor → P 2, D 1 of 4 → 25; lift −25.
    assertEquals(4L, l(a, "n_with"));
    assertEquals(0.0, d(a, "cx_with"), 1e-9);
    assertEquals(25.0, d(a, "cx_without"), 1e-9);
    assertEquals(-25.0, d(a, "lift"), 1e-9);
  }

  static final StructType RATE_CONTEXT = new StructType()
      .add("response_date", DataTypes.DateType).add("segment", DataTypes.StringType)
      .add("survey_type", DataTypes.StringType).add("score", DataTypes.DoubleType)
      .add("composite_task_success_rate_in_window", DataTypes.DoubleType)
      .add("is_promoter", DataTypes.BooleanType).add("is_detractor", DataTypes.BooleanType);

  private static Object[] rate(String segment, double rate, int nps) {
    return new Object[] {Date.valueOf("2026-09-20"), segment, "NPS", (double) nps, rate, nps >= 9, nps <= 6};
  }

  @Test
  void theCompositeTaskDriverCorrelatesThatTasksRateWithFisherZIntervalsFromFourRespondents() {
    List<UxCxDrivers.Driver> drivers = UxCxDrivers.defaults("search");
    UxCxDrivers.Driver driver = drivers.get(drivers.size() - 1);
    assertEquals("task_success_rate:search", driver.uxMeasure());
    Dataset<Row> out = UxCxDrivers.build(Rows.frame(RATE_CONTEXT,
            rate("A", 1.0, 10), rate("A", 0.5, 6), rate("A", 0.0, 3), rate("A", 1.0, 9),
            rate("B", 1.0, 10), rate("B", 0.5, 6), rate("B", 0.0, 3)),
        List.of(driver), 3);
    Row a = out.filter(col("segment").equalTo("A")).first();
    assertEquals("task_success_rate:search", a.getAs("ux_measure"));
    assertEquals("success rate < 1", a.getAs("ux_condition"));
    assertEquals(4L, l(a, "n"));
    // x = 1, 0.5, 0, 1 (mean 0.625), y = 10, 6, 3, 9 (mean 7): Σdxdy = 4.5, Σdx² = 0.6875, Σdy² = 30
    // → r = 4.5 / √20.625 = 0.990867; z = atanh(r) = 2.692237; n = 4: se = 1/√1 = 1, ± 1.96
    // → tanh(0.732237) = 0.624432, tanh(4.652237) = 0.999818
    assertEquals(0.990867, d(a, "pearson_r"), 1e-6);
    assertEquals(0.624432, d(a, "pearson_ci_low"), 1e-6);
    assertEquals(0.999818, d(a, "pearson_ci_high"), 1e-6);
    // Ranks x 3.5 2 1 3.5, y 4 2 1 3: Σ = 4.5, Σdx² = 4.5, Σdy² = 5 → ρ = 4.5 / √22.5 = 0.948683;
    // z = 1.818446; se = √(1.06/1) = 1.029563, × 1.96 = 2.017944 → tanh(−0.199497) = −0.196892,
    // tanh(3.836390) = 0.999070
    assertEquals(0.948683, d(a, "spearman_rho"), 1e-6);
    assertEquals(-0.196892, d(a, "spearman_ci_low"), 1e-6);
    assertEquals(0.999070, d(a, "spearman_ci_high"), 1e-6);
    // B: n 3 = min-sample, so r is shown (3.5 / √(0.5 × 24.6667) = 0.996616), but n − 3 = 0
    // leaves Fisher z no standard error: the intervals are NULL.
    Row b = out.filter(col("segment").equalTo("B")).first();
    assertEquals(3L, l(b, "n"));
    assertEquals(0.996616, d(b, "pearson_r"), 1e-6);
    assertNull(b.getAs("pearson_ci_low"));
    assertNull(b.getAs("pearson_ci_high"));
    assertNull(b.getAs("spearman_ci_low"));
    assertNull(b.getAs("spearman_ci_high"));
  }

  @Test
  void theDriversAreTheSameBitsHoweverTheRespondentsArePartitioned() {
    // Spark merges partial covariances per partition, so a cluster's layout changes the last bits
    // of a raw correlation; the published values are rounded (9 decimals) so that a night equals
    // itself on any layout. 300 respondents with rates of thirds and sevenths (not exact in binary).
    Object[][] rows = new Object[300][];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = rate(i % 2 == 0 ? "A" : "B", (i % 3) / 3.0 + (i % 7) / 7.0 * 0.1, i % 11);
    }
    List<UxCxDrivers.Driver> drivers = UxCxDrivers.defaults("search");
    List<UxCxDrivers.Driver> one = List.of(drivers.get(drivers.size() - 1));
    Dataset<Row> context = Rows.frame(RATE_CONTEXT, rows);
    Dataset<Row> single = UxCxDrivers.build(context.coalesce(1), one, 3);
    Dataset<Row> spread = UxCxDrivers.build(context.repartition(7), one, 3);
    assertEquals(3L, single.count(), "A, B and (all)");
    assertEquals(0L, single.exceptAll(spread).count(), single.collectAsList() + " vs " + spread.collectAsList());
    assertEquals(0L, spread.exceptAll(single).count());
  }
}
