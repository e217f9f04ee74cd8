package com.experiencewarehouse.report;

import static com.experiencewarehouse.report.Format.html;

import com.experiencewarehouse.gold.Segments;
import com.experiencewarehouse.report.ReportData.Change;
import com.experiencewarehouse.report.ReportData.Driver;
import com.experiencewarehouse.report.ReportData.Estimate;
import com.experiencewarehouse.report.ReportData.Followup;
import com.experiencewarehouse.report.ReportData.FunnelStage;
import com.experiencewarehouse.report.ReportData.Metric;
import com.experiencewarehouse.report.ReportData.Week;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The retrospective as one self-contained HTML page: inline CSS, charts as SVG data URIs (each its
 * own document), no script, font or request. Every figure taken from a table sits in an element
 * with a {@code data-key} ("section|segment|measure|field"), so tests and scrapers find it.
 */
public final class HtmlPage {

  /** Charts of a page with data in every section: four trends, drivers, funnel, follow-ups. */
  public static final List<String> CHARTS = List.of("trend-nps", "trend-csat", "trend-ces",
      "trend-task-success", "drivers", "funnel", "followups");

  private static final String CSS = """
      body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif;margin:24px auto;
        max-width:1200px;color:#1d2430;padding:0 16px}
      h1{font-size:26px;margin-bottom:4px}h2{font-size:19px;margin-top:32px;border-bottom:2px solid #e3e8ef;padding-bottom:4px}
      .sub{color:#5b6677;margin-top:0}
      table{border-collapse:collapse;margin:8px 0 4px;font-size:13px}
      th,td{border-bottom:1px solid #e3e8ef;padding:4px 10px;text-align:right;white-space:nowrap}
      th{background:#f4f6f9;font-weight:600}td.l,th.l{text-align:left}
      tr.seg td{border-top:2px solid #c9d2de}
      .up{color:#1a7f37;font-weight:600}.down{color:#c0392b;font-weight:600}.muted{color:#8a94a3}
      .charts{display:flex;flex-wrap:wrap;gap:12px}
      figure.chart{display:inline-block;margin:0;border:1px solid #e3e8ef;border-radius:6px;padding:4px;background:#fff}
      figure.chart img{display:block;width:560px;height:300px}
      p.note{color:#5b6677;font-size:13px;max-width:1000px}
      p.empty{color:#8a94a3;font-style:italic}
      """;

  private HtmlPage() {}

  /** The page of a report; {@code source} names the warehouse it was read from. */
  public static String render(ReportData d, String source, String generatedAt) {
    StringBuilder b = new StringBuilder(64 * 1024);
    String q = d.quarter().name();
    b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>Experience retrospective ").append(html(q)).append("</title><style>").append(CSS)
        .append("</style></head><body>\n");
    b.append("<h1>Experience retrospective ").append(html(q)).append("</h1>\n<p class=\"sub\">From the gold tables of ")
        .append(html(source)).append(", generated ").append(html(generatedAt)).append(". Compared with ")
        .append(html(d.quarter().previous().name())).append(". Scores of groups with n &lt; ")
        .append(d.minSample()).append(" are suppressed (–).</p>\n");
    scorecard(b, d);
    trends(b, d);
    drivers(b, d);
    funnel(b, d);
    followups(b, d);
    b.append("</body></html>\n");
    return b.toString();
  }

  private static void scorecard(StringBuilder b, ReportData d) {
    b.append("<h2 id=\"scorecard\">Headline scorecard per segment</h2>\n");
    b.append("<table class=\"scorecard\"><thead><tr><th class=\"l\">segment</th><th class=\"l\">metric</th><th>n</th>")
        .append("<th>").append(html(d.quarter().name())).append("</th><th>95 % CI</th><th>")
        .append(html(d.quarter().previous().name())).append("</th><th>95 % CI</th><th>change</th>")
        .append("<th class=\"l\">outside the CI?</th></tr></thead><tbody>\n");
    d.scorecard().forEach((segment, changes) -> {
      boolean first = true;
      for (Map.Entry<Metric, Change> e : changes.entrySet()) {
        Metric m = e.getKey();
        Change c = e.getValue();
        String k = "scorecard|" + segment + "|" + m.name().toLowerCase() + "|";
        Estimate now = c.now();
        Estimate prev = c.prev();
        b.append(first ? "<tr class=\"seg\">" : "<tr>")
            .append("<td class=\"l\">").append(first ? html(segment) : "").append("</td>")
            .append("<td class=\"l\">").append(html(m.label)).append("</td>")
            .append(cell(k + "n", Format.count(now.n())))
            .append(cell(k + "value", Format.value(m, now.value())))
            .append(cell(k + "ci", Format.interval(m, now.low(), now.high())))
            .append(cell(k + "prev", prev == null ? Format.NONE : Format.value(m, prev.value())))
            .append(cell(k + "prev-ci", prev == null ? Format.NONE : Format.interval(m, prev.low(), prev.high())))
            .append(cell(k + "change", Format.delta(m, c.delta())))
            .append("<td class=\"l ").append(verdictClass(c)).append("\" data-key=\"").append(html(k + "verdict"))
            .append("\">").append(html(verdict(c))).append("</td></tr>\n");
        first = false;
      }
    });
    b.append("</tbody></table>\n<p class=\"note\">NPS = 100 × (promoters − detractors) / n, CI ± 1.96 × 100 × √((p + d − (p − d)²) / n); "
        + "CSAT = share of 4–5 answers with its Wilson interval; CES = mean of the 1–7 answers, CI mean ± 1.96 × s / √n "
        + "(s the answers' sample standard deviation: the metric definitions give CES no interval); task success = successful "
        + "attempts / attempts with its Wilson interval (n = attempts). <b>Outside the CI</b>: the two quarters' 95 % "
        + "intervals do not overlap (this quarter's lower end above the previous quarter's upper end, or its upper end "
        + "below the other's lower end). That is a conservative test (for intervals of equal width it flags differences "
        + "at about p &lt; 0.006): a change marked outside the CI is real at the 5 % level; one marked within the CI "
        + "may still be. “No prior quarter”: the previous quarter has no row for the segment.</p>\n");
  }

  private static String verdict(Change c) {
    return switch (c.verdict()) {
      case UP -> "yes: up";
      case DOWN -> "yes: down";
      case WITHIN_CI -> "no";
      case NO_PRIOR -> "no prior quarter";
      case NOT_COMPARABLE -> "not comparable (suppressed or no data)";
    };
  }

  private static String verdictClass(Change c) {
    return switch (c.verdict()) {
      case UP -> "up";
      case DOWN -> "down";
      default -> "muted";
    };
  }

  private static void trends(StringBuilder b, ReportData d) {
    b.append("<h2 id=\"trends\">Weekly trends, all segments</h2>\n<div class=\"charts\">\n");
    Map<Metric, String> ids = Map.of(Metric.NPS, "trend-nps", Metric.CSAT, "trend-csat", Metric.CES, "trend-ces",
        Metric.TASK_SUCCESS, "trend-task-success");
    for (Metric m : Metric.values()) {
      List<List<Charts.Point>> runs = new ArrayList<>();
      List<Charts.Point> run = new ArrayList<>();
      double scale = m == Metric.CSAT || m == Metric.TASK_SUCCESS ? 100.0 : 1.0;
      for (Week w : d.weeks()) {
        Estimate e = w.scores().get(m);
        if (!run.isEmpty() && !run.get(run.size() - 1).week().plusWeeks(1).equals(w.start())) {
          // A week without rows: a gap, not a bridge.
          runs.add(run);
          run = new ArrayList<>();
        }
        if (e.hasInterval()) {
          run.add(new Charts.Point(w.start(), e.value() * scale, e.low() * scale, e.high() * scale));
        } else if (!run.isEmpty()) {
          runs.add(run);
          run = new ArrayList<>();
        }
      }
      if (!run.isEmpty()) {
        runs.add(run);
      }
      String unit = scale == 100.0 ? " (%)" : "";
      chart(b, ids.get(m), runs.isEmpty() ? null
          : Charts.trend(m.label + " by week, 95 % CI", m.label.replace(" (mean, 1-7)", "").replace(" (all tasks pooled)", "") + unit, runs),
          m.label + " by week: every week below the minimum sample");
    }
    b.append("</div>\n<table class=\"weeks\"><thead><tr><th class=\"l\" rowspan=\"2\">week of</th>");
    for (Metric m : Metric.values()) {
      b.append("<th colspan=\"3\" style=\"text-align:center\">").append(html(m.label)).append("</th>");
    }
    b.append("</tr><tr>");
    for (Metric m : Metric.values()) {
      b.append("<th>n</th><th>value</th><th>95 % CI</th>");
    }
    b.append("</tr></thead><tbody>\n");
    for (Week w : d.weeks()) {
      b.append("<tr><td class=\"l\">").append(w.start()).append("</td>");
      for (Metric m : Metric.values()) {
        Estimate e = w.scores().get(m);
        String k = "trend|" + w.start() + "|" + m.name().toLowerCase() + "|";
        b.append(cell(k + "n", Format.count(e.n()))).append(cell(k + "value", Format.value(m, e.value())))
            .append(cell(k + "ci", Format.interval(m, e.low(), e.high())));
      }
      b.append("</tr>\n");
    }
    b.append("</tbody></table>\n<p class=\"note\">ISO weeks (Monday to Sunday) of the quarter's days; the first and last "
        + "week count only their days inside the quarter. NPS, CSAT and task success are recomputed from the sums of "
        + "gold.segment_scorecard_day's counts, CES from the week's answers in gold.survey_response_context, with the "
        + "scorecard's formulas and suppression.</p>\n");
  }

  private static void drivers(StringBuilder b, ReportData d) {
    b.append("<h2 id=\"drivers\">Strongest UX → CX drivers, all segments</h2>\n");
    List<Driver> shown = d.drivers().stream().filter(x -> x.pearson() != null).toList();
    List<String> names = new ArrayList<>();
    List<Double> r = new ArrayList<>();
    for (Driver x : shown) {
      names.add(x.uxMeasure() + " → " + x.cxMeasure());
      r.add(x.pearson());
    }
    Map<String, List<Double>> series = new LinkedHashMap<>();
    series.put("Pearson r", r);
    chart(b, "drivers", shown.isEmpty() ? null
        : Charts.bars("Pearson r of UX measure and CX score", "driver", "r", names, series, false, -1.0, 1.0),
        "No driver with n ≥ " + d.minSample() + " this quarter");
    b.append("<table class=\"drivers\"><thead><tr><th class=\"l\">UX measure</th><th class=\"l\">CX</th><th>n</th>")
        .append("<th>Pearson r</th><th>r 95 % CI</th><th>Spearman ρ</th><th class=\"l\">condition</th><th>n with</th><th>n without</th>")
        .append("<th>lift</th><th>lift 95 % CI</th></tr></thead><tbody>\n");
    for (Driver x : d.drivers()) {
      Metric m = switch (x.cxMeasure()) {
        case "CSAT" -> Metric.CSAT;
        case "CES" -> Metric.CES;
        default -> Metric.NPS;
      };
      String k = "driver|" + x.uxMeasure() + "|" + x.cxMeasure() + "|";
      b.append("<tr><td class=\"l\">").append(html(x.uxMeasure())).append("</td><td class=\"l\">")
          .append(html(x.cxMeasure())).append("</td>")
          .append(cell(k + "n", Format.count(x.n())))
          .append(cell(k + "pearson", Format.twoDecimals(x.pearson())))
          .append(cell(k + "pearson-ci", Format.twoDecimalsInterval(x.pearsonLow(), x.pearsonHigh())))
          .append(cell(k + "spearman", Format.twoDecimals(x.spearman())))
          .append("<td class=\"l\">").append(html(x.uxCondition())).append("</td>")
          .append(cell(k + "n-with", Format.count(x.nWith())))
          .append(cell(k + "n-without", Format.count(x.nWithout())))
          .append(cell(k + "lift", Format.delta(m, x.lift())))
          .append(cell(k + "lift-ci", Format.interval(m, x.liftLow(), x.liftHigh())))
          .append("</tr>\n");
    }
    b.append("</tbody></table>\n<p class=\"note\">From gold.ux_cx_drivers, segment (all): ranked by |Pearson r| "
        + "(unitless, so NPS, CSAT and CES drivers compare), with its 95 % CI by Fisher's z; drivers with n below the minimum "
        + "sample last, by n. Lift = "
        + "CX score of respondents with the condition − without (NPS points, CSAT percentage points, CES points).</p>\n");
  }

  private static void funnel(StringBuilder b, ReportData d) {
    b.append("<h2 id=\"funnel\">Journey funnel</h2>\n");
    List<String> stages = d.funnel().stream().map(FunnelStage::stage).toList();
    List<Double> all = d.funnel().stream().map(s -> (double) s.customers().getOrDefault(Segments.ALL, 0L)).toList();
    List<Double> inOrder = d.funnel().stream()
        .map(s -> (double) java.util.Objects.requireNonNullElse(s.customersInOrder().get(Segments.ALL), 0L)).toList();
    Map<String, List<Double>> series = new LinkedHashMap<>();
    series.put("after the earlier stages in order (funnel)", inOrder);
    series.put("reaching the stage (reach, not nested)", all);
    chart(b, "funnel", all.stream().allMatch(v -> v == 0.0) ? null
        : Charts.bars("Customers per stage, all segments: funnel and reach", "stage", "customers", stages, series,
            false),
        "No customer reached a stage this quarter");
    b.append("<table class=\"funnel\"><thead><tr><th class=\"l\">stage</th>");
    for (String s : d.funnelSegments()) {
      b.append("<th>").append(html(s)).append(" customers reaching (reach)</th>");
    }
    b.append("<th>(all) sessions reaching (reach)</th><th>(all) customers in order</th>"
        + "<th>(all) step conversion (in order)</th></tr></thead><tbody>\n");
    for (FunnelStage st : d.funnel()) {
      b.append("<tr><td class=\"l\">").append(html(st.stage())).append("</td>");
      for (String s : d.funnelSegments()) {
        Long c = st.customers().get(s);
        b.append(cell("funnel|" + s + "|" + st.stage() + "|customers", c == null ? Format.NONE : Format.count(c)));
      }
      Long sessions = st.sessions().get(Segments.ALL);
      Long ordered = st.customersInOrder().get(Segments.ALL);
      b.append(cell("funnel|(all)|" + st.stage() + "|sessions", sessions == null ? Format.NONE : Format.count(sessions)))
          .append(cell("funnel|(all)|" + st.stage() + "|in_order", ordered == null ? Format.NONE : Format.count(ordered)))
          .append(cell("funnel|(all)|" + st.stage() + "|conversion",
              Format.percent(st.customerStepConversion().get(Segments.ALL))))
          .append("</tr>\n");
    }
    b.append("</tbody></table>\n<p class=\"note\">From gold.journey_funnel_quarter: distinct customers over the quarter. "
        + "Reach: customers (sessions) reaching the stage, not nested (a customer may reach a stage without the "
        + "earlier ones), so reach of one stage over another is not a conversion. In order: customers reaching the "
        + "stage after every earlier stage, in order. Step conversion = in order at this stage / in order at the "
        + "previous one (never above 100 %).</p>\n");
  }

  private static void followups(StringBuilder b, ReportData d) {
    b.append("<h2 id=\"followups\">Detractor follow-up</h2>\n");
    List<String> segments = d.followups().stream().map(Followup::segment).filter(s -> !s.equals(Segments.ALL))
        .distinct().toList();
    List<String> reasons = d.followups().stream().map(Followup::reason).distinct().sorted().toList();
    Map<String, List<Double>> series = new LinkedHashMap<>();
    for (String reason : reasons) {
      series.put(reason, segments.stream().map(s -> d.followups().stream()
          .filter(f -> f.segment().equals(s) && f.reason().equals(reason))
          .mapToDouble(Followup::responses).sum()).toList());
    }
    chart(b, "followups", segments.isEmpty() ? null
        : Charts.bars("Follow-up list entries by segment", "segment", "responses", segments, series, true),
        "No detractor or CSAT 1-2 answer this quarter");
    b.append("<p>Entries on the follow-up lists of the quarter's nights: <b data-key=\"followup|(all)|total\">")
        .append(d.followupTotal(Segments.ALL)).append("</b>.</p>\n");
    b.append("<table class=\"followups\"><thead><tr><th class=\"l\">segment</th><th class=\"l\">reason</th>")
        .append("<th>responses</th><th>with an open ticket</th><th>with a failed checkout</th></tr></thead><tbody>\n");
    for (Followup f : d.followups()) {
      String k = "followup|" + f.segment() + "|" + f.reason() + "|";
      b.append("<tr><td class=\"l\">").append(html(f.segment())).append("</td><td class=\"l\">")
          .append(html(f.reason())).append("</td>")
          .append(cell(k + "responses", Format.count(f.responses())))
          .append(cell(k + "open-ticket", Format.count(f.withOpenTicket())))
          .append(cell(k + "failed-checkout", Format.count(f.withFailedCheckout())))
          .append("</tr>\n");
    }
    b.append("</tbody></table>\n<p class=\"note\">From gold.detractor_followup, the nights of the quarter: "
        + "nps_detractor = NPS 0–6, csat_low = CSAT 1–2; an open ticket when the customer answered; a failed "
        + "checkout in the attribution window.</p>\n");
  }

  /** A chart as an image of its own SVG document, or a line saying why there is none. */
  private static void chart(StringBuilder b, String id, String svg, String whyNone) {
    if (svg == null) {
      b.append("<p class=\"empty\" data-chart-empty=\"").append(html(id)).append("\">").append(html(whyNone))
          .append("</p>\n");
      return;
    }
    b.append("<figure class=\"chart\" data-chart=\"").append(html(id)).append("\"><img alt=\"")
        .append(html(id)).append(" chart\" width=\"").append(Charts.WIDTH).append("\" height=\"")
        .append(Charts.HEIGHT).append("\" src=\"data:image/svg+xml;base64,")
        .append(Base64.getEncoder().encodeToString(svg.getBytes(StandardCharsets.UTF_8))).append("\"></figure>\n");
  }

  private static String cell(String key, String text) {
    return "<td data-key=\"" + html(key) + "\">" + html(text) + "</td>";
  }
}
