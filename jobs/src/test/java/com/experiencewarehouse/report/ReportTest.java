package com.experiencewarehouse.report;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.experiencewarehouse.io.TableDocs;
import com.experiencewarehouse.report.ReportData.Change;
import com.experiencewarehouse.report.ReportData.Estimate;
import com.experiencewarehouse.report.ReportData.Metric;
import com.experiencewarehouse.report.ReportData.Verdict;
import com.experiencewarehouse.testing.JobRunner;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The report command on hand-made gold tables of 2026-Q3 and 2026-Q2 (min-sample 5), its page
 * rendered by headless Chromium: a screenshot that is not blank, every chart drawn, and every
 * figure on the page equal to the tables' (and to the values worked out below).
 *
 * <p>Worked values (z = 1.96). NPS ± 1.96 × 100 × √((p + d − (p − d)²) / n); Wilson for shares;
 * CES mean ± 1.96 s / √n.
 * <ul>
 *   <li>consumer Q3 NPS n 40, P 20, D 8: 30.0, p .5, d .2, √(.61 / 40) × 196 = 24.2042 → [5.8, 54.2];
 *       Q2 n 40, P 8, D 20: −30.0 [−54.2, −5.8]: the intervals do not overlap, up by 60.0.
 *   <li>consumer CSAT Q3 16/20 = 80.0 % Wilson [58.4, 91.9]; Q2 14/20 = 70.0 % [48.1, 85.5]: overlap.
 *   <li>consumer CES Q3 answers 7 6 6 5 7 | 6 5 4 2: mean 5.33, s 1.6583 → ± 1.0834 → [4.30, 6.37];
 *       Q2 3 3 4 2 3: 3.00, s .7071 → ± .6198 → [2.38, 3.62]: up 2.33, outside.
 *   <li>consumer task success Q3 40/50 = 80.0 % [67.0, 88.8]; Q2 25/50 = 50.0 % [36.6, 63.4]: up 30.0 pp.
 *   <li>(all) Q3 NPS n 43, P 20, D 11: 20.9302 ± 24.5955 → [−3.7, 45.5] against Q2 (= consumer's) [−54.2, −5.8]:
 *       −3.67 > −5.80, up 50.9. CSAT 16/25 = 64.0 % [44.5, 79.8] vs 70.0 %: −6.0 pp, overlap. CES 11
 *       answers (consumer's and smb's 1, 7): 5.09 [3.90, 6.29] vs 3.00 [2.38, 3.62]: up 2.09. Task
 *       45/100 = 45.0 % [35.6, 54.8] vs 50.0 % [36.6, 63.4]: −5.0 pp, overlap.
 *   <li>smb has no Q2 row: "no prior quarter"; its NPS n 3 and CES n 2 are below 5: "–".
 *   <li>Weeks of (all), from the day rows (2026-06-30 is Q2: left out) and the CES answers:
 *       week of 2026-06-29 (only Jul 1-5): NPS n 6, P 3, D 1 → 33.3 [−26.3, 93.0]; CSAT 4/5 80.0 %
 *       [37.6, 96.4]; CES 7 6 6 5 7 → 6.20 [5.47, 6.93]; task 7/10 70.0 % [39.7, 89.2].
 *       week of 2026-09-07: NPS (2, 2 of 4) + (3, 0 of 4) = n 8, P 5, D 2 → 37.5 [−21.9, 96.9]; CSAT (3 of 3)
 *       + (1 of 2) = 4/5; CES 6 5 4 2 1 → 3.60, s 2.0736 → [1.78, 5.42]; task 18/20 + 12/20 = 75.0 % [59.8, 85.8].
 *       week of 2026-09-14: NPS n 3, CSAT n 1, CES n 1 suppressed; task 2/4 = 50.0 % [15.0, 85.0].
 * </ul>
 */
class ReportTest {

  @TempDir
  static Path dir;

  static JobRunner job;
  static JobRunner.Result result;
  static Path page;
  static String dom;
  static Map<String, String> figures;
  static BufferedImage screenshot;

  private static final String Q3 = "2026-Q3";
  private static final String Q2 = "2026-Q2";

  @BeforeAll
  static void writeTheGoldTablesRunTheReportAndRenderIt() throws Exception {
    Chromium.requireInstalled();
    job = new JobRunner(dir, "xw.metrics.min-sample = 5");
    ReportFixture f = new ReportFixture(job.warehouse());
    String sq = "gold.segment_scorecard_quarter";
    f.row(sq, "quarter", Q3, "quarter_start", "2026-07-01", "segment", "consumer",
        "nps_n", 40, "nps_promoters", 20, "nps_detractors", 8, "nps", 30.0, "nps_ci_low", 5.7958, "nps_ci_high", 54.2042,
        "csat_n", 20, "csat_satisfied", 16, "csat", 0.8, "csat_ci_low", 0.58398, "csat_ci_high", 0.91934,
        "ces_n", 9, "ces_mean", 48 / 9.0, "task_attempts", 50, "task_successes", 40, "task_success_rate", 0.8);
    f.row(sq, "quarter", Q3, "quarter_start", "2026-07-01", "segment", "smb",
        "nps_n", 3, "nps_promoters", 0, "nps_detractors", 3, "nps_suppressed", true,
        "csat_n", 5, "csat_satisfied", 0, "csat", 0.0, "csat_ci_low", 0.0, "csat_ci_high", 0.43449,
        "ces_n", 2, "ces_suppressed", true, "task_attempts", 50, "task_successes", 5, "task_success_rate", 0.1);
    f.row(sq, "quarter", Q3, "quarter_start", "2026-07-01", "segment", "(all)",
        "nps_n", 43, "nps_promoters", 20, "nps_detractors", 11, "nps", 900 / 43.0, "nps_ci_low", -3.66526,
        "nps_ci_high", 45.52573, "csat_n", 25, "csat_satisfied", 16, "csat", 0.64, "csat_ci_low", 0.44518,
        "csat_ci_high", 0.79752, "ces_n", 11, "ces_mean", 56 / 11.0, "task_attempts", 100, "task_successes", 45,
        "task_success_rate", 0.45);
    for (String segment : List.of("consumer", "(all)")) {
      f.row(sq, "quarter", Q2, "quarter_start", "2026-04-01", "segment", segment,
          "nps_n", 40, "nps_promoters", 8, "nps_detractors", 20, "nps", -30.0, "nps_ci_low", -54.2042,
          "nps_ci_high", -5.7958, "csat_n", 20, "csat_satisfied", 14, "csat", 0.7, "csat_ci_low", 0.48102,
          "csat_ci_high", 0.85452, "ces_n", 5, "ces_mean", 3.0, "task_attempts", 50, "task_successes", 25,
          "task_success_rate", 0.5);
    }
    String sd = "gold.segment_scorecard_day";
    // date, nps n/P/D, csat n/satisfied, task attempts/successes
    Object[][] days = {
        {"2026-06-30", 10, 10, 0, 10, 10, 10, 10}, // Q2: not in Q3's first week
        {"2026-07-01", 6, 3, 1, 5, 4, 10, 7},
        {"2026-09-07", 4, 2, 2, 3, 3, 20, 18},
        {"2026-09-09", 4, 3, 0, 2, 1, 20, 12},
        {"2026-09-14", 3, 1, 1, 1, 1, 4, 2}};
    for (Object[] d : days) {
      f.row(sd, "scorecard_date", d[0], "segment", "(all)", "nps_n", d[1], "nps_promoters", d[2],
          "nps_detractors", d[3], "csat_n", d[4], "csat_satisfied", d[5], "task_attempts", d[6], "task_successes", d[7]);
    }
    // Another segment's day: not in the (all) trend.
    f.row(sd, "scorecard_date", "2026-09-07", "segment", "consumer", "nps_n", 4, "nps_promoters", 2,
        "nps_detractors", 2, "csat_n", 3, "csat_satisfied", 3, "task_attempts", 20, "task_successes", 18);
    String rc = "gold.survey_response_context";
    Object[][] ces = {
        {"2026-07-01", "consumer", 7}, {"2026-07-02", "consumer", 6}, {"2026-07-03", "consumer", 6},
        {"2026-07-04", "consumer", 5}, {"2026-07-05", "consumer", 7},
        {"2026-09-07", "consumer", 6}, {"2026-09-08", "consumer", 5}, {"2026-09-09", "consumer", 4},
        {"2026-09-10", "consumer", 2}, {"2026-09-11", "smb", 1}, {"2026-09-15", "smb", 7},
        {"2026-05-04", "consumer", 3}, {"2026-05-05", "consumer", 3}, {"2026-05-06", "consumer", 4},
        {"2026-05-07", "consumer", 2}, {"2026-05-08", "consumer", 3}};
    int id = 0;
    for (Object[] c : ces) {
      f.row(rc, "response_date", c[0], "response_id", "r" + id++, "customer_id", "c" + id, "segment", c[1],
          "survey_type", "CES", "score", c[2], "is_easy", ((Integer) c[2]) >= 5,
          "responded_at", c[0] + " 12:00:00", "export_date", c[0]);
    }
    // An NPS answer: no CES.
    f.row(rc, "response_date", "2026-09-08", "response_id", "n1", "customer_id", "c1", "segment", "consumer",
        "survey_type", "NPS", "score", 10, "is_promoter", true, "is_detractor", false);
    String dr = "gold.ux_cx_drivers";
    f.row(dr, "quarter", Q3, "quarter_start", "2026-07-01", "segment", "(all)", "ux_measure", "failed_checkouts",
        "cx_measure", "NPS", "ux_condition", ">= 1 failed checkout", "n", 40, "pearson_r", -0.45, "spearman_rho", -0.40,
        // Fisher z: atanh(−0.45) = −0.4847 ± 1.96 / √37 (0.3222) → tanh of −0.8069 and −0.1625.
        "pearson_ci_low", -0.6682, "pearson_ci_high", -0.1611,
        "n_with", 12, "n_without", 28, "lift", -35.5, "lift_ci_low", -60.1, "lift_ci_high", -10.9);
    f.row(dr, "quarter", Q3, "quarter_start", "2026-07-01", "segment", "(all)", "ux_measure", "error_events",
        "cx_measure", "CES", "ux_condition", ">= 1 error", "n", 11, "pearson_r", -0.62, "spearman_rho", -0.55,
        "n_with", 5, "n_without", 6, "lift", -1.8, "lift_ci_low", -3.1, "lift_ci_high", -0.5);
    f.row(dr, "quarter", Q3, "quarter_start", "2026-07-01", "segment", "(all)", "ux_measure", "failed_task_attempts",
        "cx_measure", "CSAT", "ux_condition", ">= 1 failed task", "n", 25, "pearson_r", 0.05, "spearman_rho", 0.02,
        "n_with", 10, "n_without", 15, "lift", 0.03, "lift_ci_low", -0.3, "lift_ci_high", 0.36);
    f.row(dr, "quarter", Q3, "quarter_start", "2026-07-01", "segment", "(all)", "ux_measure", "ticket_resolution_h",
        "cx_measure", "CSAT", "ux_condition", "resolution > 24 h", "n", 3, "n_with", 1, "n_without", 2,
        "correlation_suppressed", true, "lift_suppressed", true);
    // Another segment's and another quarter's drivers: not shown.
    f.row(dr, "quarter", Q3, "quarter_start", "2026-07-01", "segment", "consumer", "ux_measure", "failed_checkouts",
        "cx_measure", "NPS", "ux_condition", ">= 1 failed checkout", "n", 40, "pearson_r", -0.9);
    f.row(dr, "quarter", Q2, "quarter_start", "2026-04-01", "segment", "(all)", "ux_measure", "error_events",
        "cx_measure", "NPS", "ux_condition", ">= 1 error", "n", 99, "pearson_r", 0.99);
    String fu = "gold.journey_funnel_quarter";
    String[] stages = {"pre_purchase", "purchase", "post_purchase", "ongoing", "re_engagement"};
    long[][] customers = {{50, 30, 20, 25, 5}, {35, 22, 15, 18, 4}, {15, 8, 5, 7, 1}};
    // Customers in order (nested, so never above the previous stage; reach can be, as ongoing's 25 > 20).
    long[][] inOrder = {{50, 28, 12, 9, 2}, {35, 20, 9, 6, 1}, {15, 8, 3, 3, 1}};
    long[] allSessions = {120, 45, 10, 60, 6};
    String[] segments = {"(all)", "consumer", "smb"};
    for (int s = 0; s < 3; s++) {
      for (int i = 0; i < 5; i++) {
        f.row(fu, "quarter", Q3, "quarter_start", "2026-07-01", "segment", segments[s], "stage", stages[i],
            "stage_order", i + 1, "customers", customers[s][i], "sessions", s == 0 ? allSessions[i] : 0,
            "customers_in_order", inOrder[s][i],
            "customer_step_conversion", i == 0 ? null : inOrder[s][i] / (double) inOrder[s][i - 1]);
      }
    }
    String df = "gold.detractor_followup";
    // night, segment, reason, open tickets, failed checkouts
    Object[][] followups = {
        {"2026-09-14", "consumer", "nps_detractor", 1, 0}, {"2026-09-14", "consumer", "csat_low", 0, 1},
        {"2026-09-14", "smb", "nps_detractor", 0, 2}, {"2026-09-15", "consumer", "nps_detractor", 0, 0},
        {"2026-09-15", "smb", "nps_detractor", 1, 0},
        {"2026-06-30", "consumer", "nps_detractor", 3, 3}}; // Q2: not counted
    for (Object[] x : followups) {
      f.row(df, "followup_date", x[0], "response_id", "f" + id++, "customer_id", "c" + id, "segment", x[1],
          "reason", x[2], "survey_type", x[2].equals("csat_low") ? "CSAT" : "NPS", "open_tickets_at_response", x[3],
          "failed_checkouts_in_window", x[4]);
    }
    f.write();

    result = job.run("report", "--quarter", Q3, "--out", dir.resolve("out").toString());
    page = dir.resolve("out").resolve("experience-retrospective-2026-Q3.html");
    Path work = Files.createDirectories(dir.resolve("chromium"));
    dom = Chromium.dumpDom(page, work);
    Path png = work.resolve("page.png");
    Chromium.screenshot(page, png, 1280, 4200, work);
    screenshot = ImageIO.read(png.toFile());
    // Kept for a look (the working directory is the project root): the page and what Chromium drew.
    Path keep = Files.createDirectories(Path.of("jobs", "target", "report-test"));
    Files.copy(png, keep.resolve("page.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Files.copy(page, keep.resolve(page.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    figures = figures(dom);
  }

  /** data-key → text of every element holding a figure. */
  private static Map<String, String> figures(String html) {
    Map<String, String> out = new LinkedHashMap<>();
    Matcher m = Pattern.compile("data-key=\"([^\"]*)\"[^>]*>([^<]*)<").matcher(html);
    while (m.find()) {
      out.put(unescape(m.group(1)), unescape(m.group(2)));
    }
    return out;
  }

  private static String unescape(String s) {
    return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
        .replace("&amp;", "&");
  }

  private static String fig(String key) {
    assertTrue(figures.containsKey(key), "no figure " + key + " on the page; keys: " + figures.keySet());
    return figures.get(key);
  }

  @Test
  void theCommandWritesThePageAndPrintsItsPathAndASummary() {
    assertEquals(0, result.exitCode(), result.err());
    assertTrue(Files.isRegularFile(page));
    assertTrue(result.out().contains("wrote " + page.toAbsolutePath()), result.out());
    assertTrue(result.out().contains("2026-Q3: 3 segment(s), 3 week(s), 4 driver(s), 5 follow-up entries; NPS (all) 20.9 (n 43)"),
        result.out());
  }

  @Test
  void theFixtureTablesHaveTheJobsDocumentedColumns() {
    for (String table : ReportReader.TABLES) {
      Set<String> documented = new TreeSet<>(TableDocs.of(table).orElseThrow().columns().keySet());
      documented.add("_run_id");
      assertEquals(documented, new TreeSet<>(List.of(ReportFixture.schema(table).fieldNames())), table);
    }
  }

  @Test
  void thePageNeedsNothingFromTheNetwork() throws Exception {
    String html = Files.readString(page);
    assertTrue(!html.contains("http://") && !html.contains("https://") && !html.contains("<script"),
        "the page refers to the network or runs a script");
  }

  @Test
  void theScreenshotIsNotBlankAndShowsTheCharts() {
    int nonWhite = 0;
    int seriesBlue = 0;
    for (int y = 0; y < screenshot.getHeight(); y++) {
      for (int x = 0; x < screenshot.getWidth(); x++) {
        int rgb = screenshot.getRGB(x, y);
        int r = (rgb >> 16) & 0xff;
        int g = (rgb >> 8) & 0xff;
        int b = rgb & 0xff;
        if (r < 245 || g < 245 || b < 245) {
          nonWhite++;
        }
        if (Math.abs(r - 31) < 12 && Math.abs(g - 94) < 12 && Math.abs(b - 168) < 12) {
          seriesBlue++;
        }
      }
    }
    int all = screenshot.getWidth() * screenshot.getHeight();
    assertTrue(nonWhite > all / 50, "screenshot nearly blank: " + nonWhite + " of " + all + " pixels not white");
    // The charts' series colour (lines, markers and bars): drawn images, not empty boxes.
    assertTrue(seriesBlue > 5000, "series colour on " + seriesBlue + " pixels only");
  }

  @Test
  void everyChartIsOnThePageAndDrawsItsSeries() throws Exception {
    Matcher m = Pattern.compile("data-chart=\"([^\"]+)\"><img[^>]*src=\"data:image/svg\\+xml;base64,([^\"]+)\"")
        .matcher(dom);
    List<String> charts = new ArrayList<>();
    while (m.find()) {
      charts.add(m.group(1));
      String svg = new String(Base64.getDecoder().decode(m.group(2)), StandardCharsets.UTF_8);
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
      Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
      int drawn = 0;
      int series = 0;
      for (String tag : List.of("path", "ellipse", "rect", "polygon", "line")) {
        NodeList nodes = doc.getElementsByTagName(tag);
        for (int i = 0; i < nodes.getLength(); i++) {
          drawn++;
          String style = ((Element) nodes.item(i)).getAttribute("style").replace(" ", "");
          if (style.contains("rgb(31,94,168)")) {
            series++;
          }
        }
      }
      assertTrue(drawn > 20, m.group(1) + ": only " + drawn + " shapes");
      assertTrue(series >= 1, m.group(1) + ": no shape in the series colour: " + svg.substring(0, 400));
    }
    assertEquals(HtmlPage.CHARTS, charts);
    assertTrue(!dom.contains("data-chart-empty"), "a chart is missing");
  }

  @Test
  void theScorecardShowsTheTablesFiguresAndTheQuarterOverQuarterVerdicts() {
    // Every Q3 figure stored in gold.segment_scorecard_quarter, as the table holds it.
    for (Row r : job.table("gold.segment_scorecard_quarter").filter(col("quarter").equalTo(Q3)).collectAsList()) {
      String k = "scorecard|" + r.getAs("segment") + "|";
      assertEquals(Long.toString(r.<Long>getAs("nps_n")), fig(k + "nps|n"));
      assertEquals(Format.value(Metric.NPS, r.getAs("nps")), fig(k + "nps|value"));
      assertEquals(Format.interval(Metric.NPS, r.getAs("nps_ci_low"), r.getAs("nps_ci_high")), fig(k + "nps|ci"));
      assertEquals(Long.toString(r.<Long>getAs("csat_n")), fig(k + "csat|n"));
      assertEquals(Format.value(Metric.CSAT, r.getAs("csat")), fig(k + "csat|value"));
      assertEquals(Format.interval(Metric.CSAT, r.getAs("csat_ci_low"), r.getAs("csat_ci_high")), fig(k + "csat|ci"));
      assertEquals(Long.toString(r.<Long>getAs("ces_n")), fig(k + "ces|n"));
      assertEquals(Format.value(Metric.CES, r.getAs("ces_mean")), fig(k + "ces|value"));
      assertEquals(Long.toString(r.<Long>getAs("task_attempts")), fig(k + "task_success|n"));
      assertEquals(Format.value(Metric.TASK_SUCCESS, r.getAs("task_success_rate")), fig(k + "task_success|value"));
    }
    // The worked values (class comment).
    expectRow("consumer", "nps", "40", "30.0", "[5.8, 54.2]", "-30.0", "[-54.2, -5.8]", "+60.0", "yes: up");
    expectRow("consumer", "csat", "20", "80.0 %", "[58.4, 91.9]", "70.0 %", "[48.1, 85.5]", "+10.0 pp", "no");
    expectRow("consumer", "ces", "9", "5.33", "[4.30, 6.37]", "3.00", "[2.38, 3.62]", "+2.33", "yes: up");
    expectRow("consumer", "task_success", "50", "80.0 %", "[67.0, 88.8]", "50.0 %", "[36.6, 63.4]", "+30.0 pp", "yes: up");
    expectRow("(all)", "nps", "43", "20.9", "[-3.7, 45.5]", "-30.0", "[-54.2, -5.8]", "+50.9", "yes: up");
    expectRow("(all)", "csat", "25", "64.0 %", "[44.5, 79.8]", "70.0 %", "[48.1, 85.5]", "-6.0 pp", "no");
    expectRow("(all)", "ces", "11", "5.09", "[3.90, 6.29]", "3.00", "[2.38, 3.62]", "+2.09", "yes: up");
    expectRow("(all)", "task_success", "100", "45.0 %", "[35.6, 54.8]", "50.0 %", "[36.6, 63.4]", "-5.0 pp", "no");
    expectRow("smb", "nps", "3", "–", "–", "–", "–", "–", "no prior quarter");
    expectRow("smb", "ces", "2", "–", "–", "–", "–", "–", "no prior quarter");
    expectRow("smb", "task_success", "50", "10.0 %", "[4.3, 21.4]", "–", "–", "–", "no prior quarter");
  }

  private static void expectRow(String segment, String metric, String n, String value, String ci, String prev,
      String prevCi, String change, String verdict) {
    String k = "scorecard|" + segment + "|" + metric + "|";
    assertEquals(List.of(n, value, ci, prev, prevCi, change, verdict),
        List.of(fig(k + "n"), fig(k + "value"), fig(k + "ci"), fig(k + "prev"), fig(k + "prev-ci"), fig(k + "change"),
            fig(k + "verdict")), k);
  }

  @Test
  void weeklyTrendsAreRecomputedFromEachWeeksOwnCounts() {
    expectWeek("2026-06-29", "6", "33.3", "[-26.3, 93.0]", "5", "80.0 %", "[37.6, 96.4]", "5", "6.20",
        "[5.47, 6.93]", "10", "70.0 %", "[39.7, 89.2]");
    expectWeek("2026-09-07", "8", "37.5", "[-21.9, 96.9]", "5", "80.0 %", "[37.6, 96.4]", "5", "3.60",
        "[1.78, 5.42]", "40", "75.0 %", "[59.8, 85.8]");
    expectWeek("2026-09-14", "3", "–", "–", "1", "–", "–", "1", "–", "–", "4", "50.0 %", "[15.0, 85.0]");
    assertEquals(36, figures.keySet().stream().filter(k -> k.startsWith("trend|")).count(), "three weeks, no more");
  }

  private static void expectWeek(String week, String... v) {
    List<String> shown = new ArrayList<>();
    for (String metric : List.of("nps", "csat", "ces", "task_success")) {
      for (String field : List.of("n", "value", "ci")) {
        shown.add(fig("trend|" + week + "|" + metric + "|" + field));
      }
    }
    assertEquals(List.of(v), shown, week);
  }

  @Test
  void driversFunnelAndFollowUpCountsEqualTheTables() {
    // Drivers of (all), strongest |r| first, the suppressed one last.
    List<String> order = new ArrayList<>();
    Matcher m = Pattern.compile("data-key=\"driver\\|([^|]+)\\|([^|]+)\\|n\"").matcher(dom);
    while (m.find()) {
      order.add(m.group(1) + " " + m.group(2));
    }
    assertEquals(List.of("error_events CES", "failed_checkouts NPS", "failed_task_attempts CSAT",
        "ticket_resolution_h CSAT"), order);
    for (Row r : job.table("gold.ux_cx_drivers").filter(col("quarter").equalTo(Q3).and(col("segment").equalTo("(all)")))
        .collectAsList()) {
      String k = "driver|" + r.getAs("ux_measure") + "|" + r.getAs("cx_measure") + "|";
      assertEquals(Long.toString(r.<Long>getAs("n")), fig(k + "n"));
      assertEquals(Format.twoDecimals(r.getAs("pearson_r")), fig(k + "pearson"));
    }
    assertEquals(List.of("40", "-0.45", "[-0.67, -0.16]", "12", "28", "-35.5", "[-60.1, -10.9]"),
        List.of(fig("driver|failed_checkouts|NPS|n"), fig("driver|failed_checkouts|NPS|pearson"),
            fig("driver|failed_checkouts|NPS|pearson-ci"),
            fig("driver|failed_checkouts|NPS|n-with"), fig("driver|failed_checkouts|NPS|n-without"),
            fig("driver|failed_checkouts|NPS|lift"), fig("driver|failed_checkouts|NPS|lift-ci")));
    assertEquals(List.of("11", "-0.62", "-1.80", "[-3.10, -0.50]"),
        List.of(fig("driver|error_events|CES|n"), fig("driver|error_events|CES|pearson"),
            fig("driver|error_events|CES|lift"), fig("driver|error_events|CES|lift-ci")));
    assertEquals(List.of("25", "+3.0 pp", "[-30.0, 36.0]"), List.of(fig("driver|failed_task_attempts|CSAT|n"),
        fig("driver|failed_task_attempts|CSAT|lift"), fig("driver|failed_task_attempts|CSAT|lift-ci")));
    assertEquals(List.of("3", "–", "–", "–"), List.of(fig("driver|ticket_resolution_h|CSAT|n"),
        fig("driver|ticket_resolution_h|CSAT|pearson"), fig("driver|ticket_resolution_h|CSAT|pearson-ci"),
        fig("driver|ticket_resolution_h|CSAT|lift")));

    // Funnel: every (segment, stage) count of the table.
    for (Row r : job.table("gold.journey_funnel_quarter").collectAsList()) {
      assertEquals(Long.toString(r.<Long>getAs("customers")),
          fig("funnel|" + r.getAs("segment") + "|" + r.getAs("stage") + "|customers"));
    }
    assertEquals(List.of("50", "30", "20", "25", "5"), List.of(fig("funnel|(all)|pre_purchase|customers"),
        fig("funnel|(all)|purchase|customers"), fig("funnel|(all)|post_purchase|customers"),
        fig("funnel|(all)|ongoing|customers"), fig("funnel|(all)|re_engagement|customers")));
    // Step conversion from customers in order: purchase 28 / 50 = 56.0 %, ongoing 9 / 12 = 75.0 % (the
    // reach ratio ongoing / post-purchase, 25 / 20 = 125 %, is not shown as a conversion).
    assertEquals(List.of("15", "120", "–", "56.0 %", "75.0 %", "28"), List.of(fig("funnel|smb|pre_purchase|customers"),
        fig("funnel|(all)|pre_purchase|sessions"), fig("funnel|(all)|pre_purchase|conversion"),
        fig("funnel|(all)|purchase|conversion"), fig("funnel|(all)|ongoing|conversion"),
        fig("funnel|(all)|purchase|in_order")));

    // Follow-ups of the quarter's nights (the 2026-06-30 entry is Q2's).
    List<Row> counted = job.table("gold.detractor_followup")
        .filter(col("followup_date").geq(java.sql.Date.valueOf("2026-07-01"))
            .and(col("followup_date").lt(java.sql.Date.valueOf("2026-10-01"))))
        .groupBy("segment", "reason").count().collectAsList();
    long total = 0;
    for (Row r : counted) {
      assertEquals(Long.toString(r.getLong(2)), fig("followup|" + r.getString(0) + "|" + r.getString(1) + "|responses"));
      total += r.getLong(2);
    }
    assertEquals(5, total);
    assertEquals("5", fig("followup|(all)|total"));
    assertEquals(List.of("4", "2", "1", "1", "0", "1", "2", "1", "1"), List.of(
        fig("followup|(all)|nps_detractor|responses"), fig("followup|(all)|nps_detractor|open-ticket"),
        fig("followup|(all)|nps_detractor|failed-checkout"), fig("followup|(all)|csat_low|responses"),
        fig("followup|(all)|csat_low|open-ticket"), fig("followup|(all)|csat_low|failed-checkout"),
        fig("followup|consumer|nps_detractor|responses"), fig("followup|consumer|csat_low|responses"),
        fig("followup|smb|nps_detractor|open-ticket")));
  }

  @Test
  void aChangeIsOutsideTheCiOnlyWhenTheTwoIntervalsDoNotOverlap() {
    Estimate prev = new Estimate(100, 50.0, 40.0, 60.0);
    assertEquals(Verdict.UP, Change.of(new Estimate(100, 70.0, 60.5, 79.5), prev).verdict());
    assertEquals(Verdict.DOWN, Change.of(new Estimate(100, 30.0, 20.0, 39.9), prev).verdict());
    // The previous value (50) is outside this CI, but the intervals overlap: not flagged.
    assertEquals(Verdict.WITHIN_CI, Change.of(new Estimate(100, 65.0, 55.0, 75.0), prev).verdict());
    assertEquals(Verdict.NOT_COMPARABLE, Change.of(new Estimate(10, null, null, null), prev).verdict());
    assertEquals(Verdict.NO_PRIOR, Change.of(new Estimate(100, 70.0, 60.5, 79.5), null).verdict());
    assertEquals(20.0, Change.of(new Estimate(100, 70.0, 60.5, 79.5), prev).delta(), 1e-12);
  }

  @Test
  void aBadQuarterAQuarterWithoutRowsAndAMissingTableExitTwoWithOneLine() {
    JobRunner.Result bad = job.run("report", "--quarter", "2026-Q5");
    assertEquals(2, bad.exitCode());
    assertTrue(bad.err().startsWith("xw: bad quarter '2026-Q5': expected YYYY-Qn"), bad.err());
    JobRunner.Result none = job.run("report", "--quarter", "2025-Q1", "--out", dir.resolve("none").toString());
    assertEquals(2, none.exitCode());
    assertEquals("xw: no report for 2025-Q1: gold.segment_scorecard_quarter has no rows of 2025-Q1 (no night of "
        + "the quarter has been run)\n", none.err());
    JobRunner empty = new JobRunner(dir.resolve("empty"), "");
    JobRunner.Result missing = empty.run("report", "--quarter", Q3, "--out", dir.resolve("none").toString());
    assertEquals(2, missing.exitCode());
    assertTrue(missing.err().startsWith("xw: no report for 2026-Q3: missing gold table(s) "
        + String.join(", ", ReportReader.TABLES) + " (no Delta table at "), missing.err());
    assertEquals(1, missing.err().lines().count(), missing.err());
    assertTrue(!Files.exists(dir.resolve("none")), "nothing written");
  }
}
