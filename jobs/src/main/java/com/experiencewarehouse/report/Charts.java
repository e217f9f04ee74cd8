package com.experiencewarehouse.report;

import java.awt.Color;
import java.awt.Font;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The page's charts, drawn with XChart as SVG documents (text as outlines, so they look the same
 * without the fonts of the machine that made them). Pure: values in, SVG text out.
 */
public final class Charts {

  static final int WIDTH = 560;
  static final int HEIGHT = 300;
  private static final Color LINE = new Color(31, 94, 168);
  private static final Color BAND = new Color(31, 94, 168, 60);
  private static final Color[] PALETTE = {new Color(31, 94, 168), new Color(214, 96, 45),
      new Color(60, 150, 80), new Color(140, 90, 170), new Color(120, 120, 120), new Color(200, 170, 40)};

  /** One point of a trend: the week's value and 95 % CI, already in the chart's unit. */
  public record Point(LocalDate week, double value, double low, double high) {}

  private Charts() {}

  /**
   * A weekly trend: the value as a line with markers, its 95 % CI as a shaded band (one band per
   * run of consecutive shown weeks, so a suppressed week leaves a gap rather than a bridge).
   *
   * @param runs the shown weeks, split where a week is suppressed
   */
  public static String trend(String title, String yTitle, List<List<Point>> runs) {
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle("ISO week (Monday)")
        .yAxisTitle(yTitle).build();
    style(chart.getStyler());
    chart.getStyler().setDatePattern("MMM d");
    chart.getStyler().setTimezone(java.util.TimeZone.getTimeZone("UTC"));
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
    int i = 0;
    for (List<Point> run : runs) {
      List<Date> x = new ArrayList<>();
      List<Double> y = new ArrayList<>();
      for (Point p : run) {
        x.add(date(p.week()));
        y.add(p.high());
      }
      for (int k = run.size() - 1; k >= 0; k--) {
        x.add(date(run.get(k).week()));
        y.add(run.get(k).low());
      }
      XYSeries band = chart.addSeries(i == 0 ? "95 % CI" : "95 % CI " + i, x, y);
      band.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
      band.setFillColor(BAND);
      band.setLineColor(BAND);
      band.setMarker(SeriesMarkers.NONE);
      band.setShowInLegend(i == 0);
      i++;
    }
    i = 0;
    for (List<Point> run : runs) {
      XYSeries line = chart.addSeries(i == 0 ? yTitle : yTitle + " " + i,
          run.stream().map(p -> date(p.week())).toList(), run.stream().map(Point::value).toList());
      line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
      line.setLineColor(LINE);
      line.setMarkerColor(LINE);
      line.setMarker(SeriesMarkers.CIRCLE);
      line.setShowInLegend(i == 0);
      i++;
    }
    return svg(chart);
  }

  /**
   * Bars: one group per category, one bar per series (in the map's order).
   *
   * @param stacked series stacked on each other instead of side by side
   */
  public static String bars(String title, String xTitle, String yTitle, List<String> categories,
      Map<String, List<Double>> series, boolean stacked) {
    return bars(title, xTitle, yTitle, categories, series, stacked, null, null);
  }

  /** As above, the y axis from {@code yMin} to {@code yMax} (e.g. -1..1 for correlations). */
  public static String bars(String title, String xTitle, String yTitle, List<String> categories,
      Map<String, List<Double>> series, boolean stacked, Double yMin, Double yMax) {
    CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle)
        .yAxisTitle(yTitle).build();
    style(chart.getStyler());
    chart.getStyler().setStacked(stacked);
    chart.getStyler().setYAxisMin(yMin);
    chart.getStyler().setYAxisMax(yMax);
    chart.getStyler().setLegendVisible(series.size() > 1);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
    chart.getStyler().setXAxisLabelRotation(categories.stream().anyMatch(c -> c.length() > 12) ? 30 : 0);
    int i = 0;
    for (Map.Entry<String, List<Double>> e : series.entrySet()) {
      chart.addSeries(e.getKey(), categories, e.getValue()).setFillColor(PALETTE[i++ % PALETTE.length]);
    }
    return svg(chart);
  }

  private static void style(AxesChartStyler s) {
    s.setChartBackgroundColor(Color.WHITE);
    s.setPlotBackgroundColor(Color.WHITE);
    s.setPlotBorderVisible(false);
    s.setChartTitleBoxVisible(false);
    s.setLegendBorderColor(new Color(220, 220, 220));
    s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
    s.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    s.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    s.setSeriesColors(PALETTE);
  }

  private static Date date(LocalDate d) {
    return Date.from(d.atStartOfDay(ZoneOffset.UTC).toInstant());
  }

  private static String svg(Chart<?, ?> chart) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
