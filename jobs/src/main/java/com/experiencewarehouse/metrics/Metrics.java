package com.experiencewarehouse.metrics;

import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.sqrt;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;

/**
 * The formulas of docs/metrics.md as Spark column expressions. Every function returns NULL when its
 * group has no eligible rows (n = 0), never 0.
 */
public final class Metrics {

  /** z for a two-sided 95 % interval. */
  public static final double Z95 = 1.96;

  private Metrics() {}

  /** num / den as a double, NULL when den is 0 or NULL. */
  public static Column ratio(Column num, Column den) {
    return when(den.gt(0), num.cast("double").divide(den.cast("double")));
  }

  /** NPS = 100 × (P − D) / n. */
  public static Column nps(Column promoters, Column detractors, Column n) {
    return when(n.gt(0), lit(100.0).multiply(promoters.minus(detractors)).divide(n.cast("double")));
  }

  /** Half-width of the NPS 95 % CI: 1.96 × 100 × √((p + d − (p − d)²) / n). */
  public static Column npsHalfWidth(Column promoters, Column detractors, Column n) {
    Column p = promoters.cast("double").divide(n);
    Column d = detractors.cast("double").divide(n);
    Column variance = p.plus(d).minus(pow(p.minus(d), 2));
    return when(n.gt(0), lit(Z95 * 100.0).multiply(sqrt(variance.divide(n))));
  }

  /**
   * Half-width of the normal 95 % CI of a mean: 1.96 × s / √n, s the sample standard deviation.
   * (docs/metrics.md defines no interval for the CES mean; this is the one the drivers' CES lift uses.)
   * NULL when n < 2 (no sample deviation).
   */
  public static Column meanHalfWidth(Column sampleSd, Column n) {
    return when(n.geq(2), lit(Z95).multiply(sampleSd).divide(sqrt(n.cast("double"))));
  }

  /** Lower bound of the 95 % Wilson score interval of k successes in n. */
  public static Column wilsonLow(Column k, Column n) {
    return wilson(k, n, -1);
  }

  /** Upper bound of the 95 % Wilson score interval of k successes in n. */
  public static Column wilsonHigh(Column k, Column n) {
    return wilson(k, n, +1);
  }

  private static Column wilson(Column k, Column n, int sign) {
    double z2 = Z95 * Z95;
    Column nd = n.cast("double");
    Column p = k.cast("double").divide(nd);
    Column denom = lit(1.0).plus(lit(z2).divide(nd));
    Column centre = p.plus(lit(z2).divide(nd.multiply(2)));
    Column spread = lit(Z95).multiply(sqrt(
        p.multiply(lit(1.0).minus(p)).divide(nd).plus(lit(z2).divide(nd.multiply(nd).multiply(4)))));
    return when(n.gt(0), centre.plus(spread.multiply(sign)).divide(denom));
  }

  /**
   * SUS from the sum of item contributions ((x − 1) for odd items, (5 − x) for even items):
   * 10 items × 2.5; exactly 9 items × 100/36; fewer: NULL.
   */
  public static Column sus(Column contributionSum, Column itemsAnswered) {
    return when(itemsAnswered.equalTo(10), contributionSum.multiply(2.5))
        .when(itemsAnswered.equalTo(9), contributionSum.multiply(100.0).divide(36.0));
  }

  /** A survey metric's value, NULL when its group is below the minimum sample. */
  public static Column unlessSmall(Column value, Column n, int minSample) {
    return when(n.geq(minSample), value);
  }

  /** Composite = wUx × 100 × task success rate + wCx × (NPS + 100) / 2; NULL if either is NULL. */
  public static Column composite(Column taskSuccessRate, Column nps, double wUx, double wCx) {
    return lit(wUx * 100.0).multiply(taskSuccessRate)
        .plus(lit(wCx).multiply(nps.plus(100.0)).divide(2.0));
  }
}
