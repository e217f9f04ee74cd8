package com.experiencewarehouse.metrics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.experiencewarehouse.testing.SharedSpark;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class MetricsTest {

  private static Row eval(Column... columns) {
    return SharedSpark.get().range(1).select(columns).first();
  }

  @Test
  void npsOfTenAnswersWithFivePromotersAndTwoDetractorsIsThirty() {
    // NPS = 100 × (5 − 2) / 10 = 30.0
    // p = 0.5, d = 0.2: p + d − (p − d)² = 0.7 − 0.09 = 0.61; 0.61 / 10 = 0.061;
    // √0.061 = 0.2469818; half-width = 1.96 × 100 × 0.2469818 = 48.40843
    Row r = eval(
        Metrics.nps(lit(5), lit(2), lit(10)).as("nps"),
        Metrics.npsHalfWidth(lit(5), lit(2), lit(10)).as("half"));
    assertEquals(30.0, r.getDouble(0), 1e-9);
    assertEquals(48.40843, r.getDouble(1), 1e-4);
  }

  @Test
  void npsOverNoAnswersIsNullNotZero() {
    Row r = eval(Metrics.nps(lit(0), lit(0), lit(0)), Metrics.npsHalfWidth(lit(0), lit(0), lit(0)));
    assertNull(r.get(0));
    assertNull(r.get(1));
  }

  @Test
  void wilsonIntervalOfEightSatisfiedInTen() {
    // p = 0.8, z² = 3.8416, denominator = 1 + 3.8416/10 = 1.38416
    // centre = 0.8 + 3.8416/20 = 0.99208
    // spread = 1.96 × √(0.8·0.2/10 + 3.8416/400) = 1.96 × √0.025604 = 1.96 × 0.1600125 = 0.3136245
    // low = (0.99208 − 0.3136245) / 1.38416 = 0.490157; high = 1.3057045 / 1.38416 = 0.943319
    Row r = eval(Metrics.wilsonLow(lit(8), lit(10)), Metrics.wilsonHigh(lit(8), lit(10)));
    assertEquals(0.490157, r.getDouble(0), 1e-5);
    assertEquals(0.943319, r.getDouble(1), 1e-5);
  }

  @Test
  void meanHalfWidthIsOneNinetySixSampleDeviationsOverRootN() {
    // s = 2, n = 16: 1.96 × 2 / 4 = 0.98; one answer has no sample deviation: NULL
    Row r = eval(Metrics.meanHalfWidth(lit(2.0), lit(16)), Metrics.meanHalfWidth(lit(0.0), lit(1)));
    assertEquals(0.98, r.getDouble(0), 1e-12);
    assertNull(r.get(1));
  }

  @Test
  void susScalesTenItemsByTwoAndAHalfAndNineItemsByHundredOverThirtySix() {
    // All ten items answered, contribution sum 30 → 30 × 2.5 = 75.0
    // Nine items, contribution sum 27 → 27 × 100 / 36 = 75.0; sum 10 → 27.777…
    // Eight items → NULL (quarantined upstream)
    Row r = eval(Metrics.sus(lit(30), lit(10)), Metrics.sus(lit(27), lit(9)),
        Metrics.sus(lit(10), lit(9)), Metrics.sus(lit(20), lit(8)));
    assertEquals(75.0, r.getDouble(0), 1e-9);
    assertEquals(75.0, r.getDouble(1), 1e-9);
    assertEquals(27.777777, r.getDouble(2), 1e-5);
    assertNull(r.get(3));
  }

  @Test
  void ratioIsNullOverZeroAndSmallCellsAreSuppressed() {
    Row r = eval(Metrics.ratio(lit(3), lit(4)), Metrics.ratio(lit(0), lit(0)),
        Metrics.unlessSmall(lit(42.0), lit(29), 30), Metrics.unlessSmall(lit(42.0), lit(30), 30));
    assertEquals(0.75, r.getDouble(0), 1e-12);
    assertNull(r.get(1));
    assertNull(r.get(2));
    assertEquals(42.0, r.getDouble(3), 1e-12);
  }

  @Test
  void compositeWeighsTaskSuccessAndNpsAndIsNullWhenEitherIsNull() {
    // 0.5 × 100 × 0.8 + 0.5 × (30 + 100) / 2 = 40 + 32.5 = 72.5
    Row r = eval(
        Metrics.composite(lit(0.8), lit(30.0), 0.5, 0.5),
        Metrics.composite(lit(0.8), lit(null).cast("double"), 0.5, 0.5),
        Metrics.composite(col("id").cast("double").plus(lit(null).cast("double")), lit(30.0), 0.5, 0.5));
    assertEquals(72.5, r.getDouble(0), 1e-9);
    assertNull(r.get(1));
    assertNull(r.get(2));
  }
}
