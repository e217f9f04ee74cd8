package com.experiencewarehouse.report;

import com.experiencewarehouse.report.ReportData.Metric;
import java.util.Locale;

/**
 * How the page writes numbers (tables hold fractions; the page shows percent, as docs/metrics.md asks
 * of reports): NPS with one decimal, CSAT and task success in percent with one decimal, CES means
 * with two, counts whole. A missing value is an en dash.
 */
public final class Format {

  public static final String NONE = "–";

  private Format() {}

  /** A value in its metric's unit ("12.3", "81.4 %", "5.25"). */
  public static String value(Metric m, Double v) {
    return v == null ? NONE : number(m, v) + (percent(m) ? " %" : "");
  }

  /** A change between quarters ("+4.2", "-3.1 pp", "+0.25"). */
  public static String delta(Metric m, Double d) {
    if (d == null) {
      return NONE;
    }
    double x = percent(m) ? d * 100 : d;
    return String.format(Locale.ROOT, decimals(m) == 2 ? "%+.2f" : "%+.1f", x) + (percent(m) ? " pp" : "");
  }

  /** A 95 % CI ("[-33.3, 22.1]", percent without the sign). */
  public static String interval(Metric m, Double low, Double high) {
    return low == null || high == null ? NONE : "[" + number(m, low) + ", " + number(m, high) + "]";
  }

  public static String count(long n) {
    return Long.toString(n);
  }

  /** A correlation or a lift with two decimals. */
  public static String twoDecimals(Double v) {
    return v == null ? NONE : String.format(Locale.ROOT, "%.2f", v);
  }

  /** A correlation's confidence interval with two decimals; – when not computed (suppressed, n < 4). */
  public static String twoDecimalsInterval(Double low, Double high) {
    return low == null || high == null ? NONE : "[" + twoDecimals(low) + ", " + twoDecimals(high) + "]";
  }

  /** A fraction as percent with one decimal. */
  public static String percent(Double fraction) {
    return fraction == null ? NONE : String.format(Locale.ROOT, "%.1f %%", fraction * 100);
  }

  private static String number(Metric m, double v) {
    double x = percent(m) ? v * 100 : v;
    return String.format(Locale.ROOT, decimals(m) == 2 ? "%.2f" : "%.1f", x);
  }

  private static boolean percent(Metric m) {
    return m == Metric.CSAT || m == Metric.TASK_SUCCESS;
  }

  private static int decimals(Metric m) {
    return m == Metric.CES ? 2 : 1;
  }

  /** Text for HTML element content and attribute values. */
  public static String html(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
