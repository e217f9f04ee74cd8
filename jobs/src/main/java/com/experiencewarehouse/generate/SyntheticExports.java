package com.experiencewarehouse.generate;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Writes synthetic exports in exactly the formats the job reads (GA4 NDJSON, CRM CSVs, long-form
 * survey CSV) for N customers over D days. Same seed, same bytes: every random draw comes from a
 * generator seeded by (seed, day, customer, purpose), never from the wall clock.
 *
 * <p>Planted effects (the truth the drivers table must recover; sizes in {@link Effects}):
 * a failed checkout in the 30 days before an NPS answer moves promoters 45 % → 20 % and detractors
 * 15 % → 45 % (NPS +30 → −25, a lift of −55 points); an error in the 30 days before a CES answer
 * lowers its mean from 5.5 to 3.5 (lift −2.0); checkouts of the smb segment succeed less often
 * (55 % against 80 %).
 */
public final class SyntheticExports {

  /** The planted effects, documented in docs/synthetic-data.md. */
  public static final class Effects {
    public static final double PROMOTER_BASE = 0.45;
    public static final double DETRACTOR_BASE = 0.15;
    public static final double PROMOTER_AFTER_FAILED_CHECKOUT = 0.20;
    public static final double DETRACTOR_AFTER_FAILED_CHECKOUT = 0.45;
    /** NPS with a failed checkout − NPS without: (20 − 45) − (45 − 15) = −55. */
    public static final double NPS_LIFT_FAILED_CHECKOUT = -55.0;
    public static final double CES_MEAN_BASE = 5.5;
    public static final double CES_MEAN_AFTER_ERROR = 3.5;
    public static final double CES_LIFT_ERROR = -2.0;
    public static final double CHECKOUT_SUCCESS = 0.80;
    public static final double CHECKOUT_SUCCESS_SMB = 0.55;

    private Effects() {}
  }

  /** What to generate. */
  public record Plan(int customers, int days, LocalDate start, long seed, double badRowShare, Volume volume) {
    public Plan(int customers, int days, LocalDate start, long seed, double badRowShare) {
      this(customers, days, start, seed, badRowShare, Volume.NATURAL);
    }
  }

  /**
   * Daily volumes to aim at (0 = the natural shape: ~3.4 web events, ~0.25 survey responses and 0.02
   * tickets per customer and day). Web volume is reached by repeating the visit draw, so session
   * shapes and the planted effects stay as they are; answers and tickets by changing their rates.
   * Survey responses, not rows: a SUS response is ten rows.
   */
  public record Volume(long webEventsPerDay, long responsesPerDay, long ticketsPerDay) {
    public static final Volume NATURAL = new Volume(0, 0, 0);
    /** Benchmark profile S (issue 4), with 100 000 customers. */
    public static final Volume S = new Volume(2_000_000, 10_000, 10_000);
    /** Benchmark profile M (issue 4), with 1 000 000 customers. */
    public static final Volume M = new Volume(20_000_000, 50_000, 50_000);

    public Volume times(int k) {
      return new Volume(webEventsPerDay * k, responsesPerDay * k, ticketsPerDay * k);
    }
  }

  /** Named sizes: customers and daily volumes (issue 4's benchmark profiles S and M). */
  public enum Profile {
    NATURAL(1000, Volume.NATURAL),
    S(100_000, Volume.S),
    M(1_000_000, Volume.M);

    public final int customers;
    public final Volume volume;

    Profile(int customers, Volume volume) {
      this.customers = customers;
      this.volume = volume;
    }
  }

  /**
   * Web events per customer and visit round, measured at profile S (incl. anonymous traffic; the
   * first day's login events and events past midnight make the natural day's figure 3.36).
   */
  private static final double EVENTS_PER_CUSTOMER_ROUND = 3.06;
  /** Share of would-be answers kept: an answer that would fall after midnight is not given (S: 95.5 %). */
  private static final double ANSWERS_BEFORE_MIDNIGHT = 0.955;
  private static final double VISIT = 0.35;
  private static final double ANSWER_AFTER_VISIT = 0.7;
  private static final double TICKET = 0.02;

  private static final String[] SEGMENTS = {"consumer", "smb", "enterprise"};
  private static final String[] PLANS = {"free", "pro", "team"};
  private static final String[] REGIONS = {"EMEA", "AMER", "APAC"};
  private static final String[] FIRST = {"Anna", "Ben", "Chloe", "David", "Emma", "Farid", "Greta", "Hugo"};
  private static final String[] LAST = {"Schmidt", "Jones", "Garcia", "Kowalski", "Nguyen", "Rossi", "Smith"};
  private static final DateTimeFormatter BASIC = DateTimeFormatter.BASIC_ISO_DATE;

  private final Plan plan;
  /** Per customer: times (µs) of failed checkouts and of errors, for the planted effects. */
  private final Map<Integer, List<Long>> failedCheckouts = new HashMap<>();
  private final Map<Integer, List<Long>> errors = new HashMap<>();
  private final Map<Integer, LocalDate> churned = new HashMap<>();

  /** How many times the visit draw repeats per customer and day (≥ 1; fractional part by chance). */
  private final double visitRounds;
  private final double answerRate;
  private final double ticketRate;

  public SyntheticExports(Plan plan) {
    this.plan = plan;
    Volume v = plan.volume();
    visitRounds = v.webEventsPerDay() == 0 ? 1
        : Math.max(1, v.webEventsPerDay() / (plan.customers() * EVENTS_PER_CUSTOMER_ROUND));
    // P(at least one visit) with floor(k) sure rounds and one more with the fractional chance.
    double noVisit = Math.pow(1 - VISIT, Math.floor(visitRounds)) * (1 - (visitRounds % 1) * VISIT);
    answerRate = v.responsesPerDay() == 0 ? ANSWER_AFTER_VISIT
        : Math.min(1, v.responsesPerDay() / (plan.customers() * (1 - noVisit) * ANSWERS_BEFORE_MIDNIGHT));
    ticketRate = v.ticketsPerDay() == 0 ? TICKET : Math.min(1, (double) v.ticketsPerDay() / plan.customers());
  }

  private SplittableRandom rng(long day, long customer, long purpose) {
    long s = plan.seed();
    s = s * 1_000_003L + day;
    s = s * 1_000_003L + customer;
    s = s * 1_000_003L + purpose;
    return new SplittableRandom(s);
  }

  /** Writes every day's files under {@code out}; returns the number of web events written. */
  public long writeTo(Path out) {
    long events = 0;
    List<List<String>> carry = new ArrayList<>();   // events after midnight, for the next day's file
    carry.add(new ArrayList<>());
    for (int d = 0; d < plan.days(); d++) {
      LocalDate date = plan.start().plusDays(d);
      List<String> nextDay = new ArrayList<>();
      carry.add(nextDay);
      List<String> answers = new ArrayList<>();
      List<String> tickets = new ArrayList<>();
      // Web events stream to the file: profile M writes 20 M lines a day.
      try (LineFile web = new LineFile(out.resolve("web/" + date + "/events_" + date.format(BASIC) + ".json"))) {
        carry.get(d).forEach(web::add);
        carry.get(d).clear();
        for (int c = 1; c <= plan.customers(); c++) {
          dayOfCustomer(date, d, c, web, nextDay, answers, tickets);
        }
        anonymousVisitors(date, d, web);
        events += web.lines;
        addBadWebRows(web, d);
      }
      write(out.resolve("crm/" + date + "/customers.csv"), customers(date, d));
      write(out.resolve("crm/" + date + "/tickets.csv"), withBadRows(tickets, d, 4,
          "Ticket ID,Customer ID,Opened At,First Response At,Closed At,Channel,Category,Status,Reopened",
          List.of("T-BAD-" + d + ",C000001,yesterday,,,email,billing,open,false")));
      write(out.resolve("surveys/" + date + "/responses.csv"), withBadRows(answers, d, 5,
          "response_id,customer_ref,survey_type,item,score,responded_at",
          List.of("RB-" + d + "-1,C000001,NPS,nps,11," + date + "T12:00:00Z",
              "RB-" + d + "-2,C000002,CSAT,csat,3,2026-02-30T10:00:00Z")));
    }
    return events;
  }

  private static String customerId(int c) {
    return String.format(Locale.ROOT, "C%06d", c);
  }

  private String segment(int c) {
    double u = rng(-1, c, 1).nextDouble();
    return u < 0.6 ? SEGMENTS[0] : u < 0.9 ? SEGMENTS[1] : SEGMENTS[2];
  }

  private String device(int c, int k) {
    return (100_000 + c) + "." + (1_700_000_000L + k);
  }

  private void dayOfCustomer(LocalDate date, int d, int c, LineFile web, List<String> nextDay,
      List<String> answers, List<String> tickets) {
    if (churned.containsKey(c)) {
      return;
    }
    SplittableRandom r = rng(d, c, 2);
    if (r.nextDouble() < 0.0005) {
      churned.put(c, date);
    }
    int devices = 1 + (int) (rng(-1, c, 3).nextDouble() * 2.2);
    long lastSessionEnd = -1;
    // The natural shape draws no extra number here, so its bytes do not depend on this option.
    int rounds = visitRounds == 1 ? 1 : (int) visitRounds + (r.nextDouble() < visitRounds % 1 ? 1 : 0);
    for (int round = 0; round < rounds; round++) {
      if (r.nextDouble() < VISIT) {
        int sessions = r.nextDouble() < 0.7 ? 1 : 2;
        for (int s = 0; s < sessions; s++) {
          String dev = device(c, r.nextInt(devices));
          // Start between 06:00 and 23:59; a late start may run past midnight.
          long startS = date.atStartOfDay().toEpochSecond(ZoneOffset.UTC) + 6 * 3600 + r.nextInt(18 * 3600);
          boolean anonymousFirst = d == 0 && round == 0 && s == 0;
          lastSessionEnd = Math.max(lastSessionEnd, session(date, c, dev, startS, r, web, nextDay, anonymousFirst));
        }
      }
    }
    if (lastSessionEnd >= 0) {
      // Respondents answer in the evening, after their sessions.
      if (r.nextDouble() < answerRate) {
        long at = Math.max(lastSessionEnd / 1_000_000L + 600,
            date.atStartOfDay().toEpochSecond(ZoneOffset.UTC) + 20 * 3600);
        if (Instant.ofEpochSecond(at).atZone(ZoneOffset.UTC).toLocalDate().equals(date)) {
          answer(date, d, c, at, r, answers);
        }
      }
    }
    if (r.nextDouble() < ticketRate) {
      long opened = date.atStartOfDay().toEpochSecond(ZoneOffset.UTC) + 8 * 3600 + r.nextInt(8 * 3600);
      boolean closed = r.nextDouble() < 0.6;
      tickets.add(String.join(",", "T-" + date.format(BASIC) + "-" + c, customerId(c), iso(opened),
          iso(opened + 600 + r.nextInt(7200)), closed ? iso(opened + 3600 + r.nextInt(86_400)) : "",
          r.nextDouble() < 0.5 ? "email" : "chat", r.nextDouble() < 0.5 ? "billing" : "technical",
          closed ? "closed" : "open", r.nextDouble() < 0.1 ? "true" : "false"));
    }
  }

  /** One session's events; returns its end (µs). */
  private long session(LocalDate date, int c, String dev, long startS, SplittableRandom r,
      LineFile web, List<String> nextDay, boolean anonymousUntilLogin) {
    long ga = startS;
    long t = startS * 1_000_000L;
    String user = anonymousUntilLogin ? null : customerId(c);
    List<String[]> evs = new ArrayList<>();
    evs.add(new String[] {"session_start", null});
    int pages = 1 + r.nextInt(5);
    for (int i = 0; i < pages; i++) {
      evs.add(new String[] {"page_view", null});
    }
    if (anonymousUntilLogin) {
      evs.add(new String[] {"login", null});
    }
    if (r.nextDouble() < 0.4) {
      evs.add(new String[] {"search", null});
      evs.add(new String[] {r.nextDouble() < 0.75 ? "select_item" : "search_no_results", null});
    }
    if (r.nextDouble() < 0.5) {
      evs.add(new String[] {"add_to_cart", null});
      if (r.nextDouble() < 0.7) {
        evs.add(new String[] {"begin_checkout", null});
        double success = segment(c).equals("smb") ? Effects.CHECKOUT_SUCCESS_SMB : Effects.CHECKOUT_SUCCESS;
        evs.add(new String[] {r.nextDouble() < success ? "purchase" : "checkout_failed", null});
      }
    }
    if (r.nextDouble() < 0.15) {
      evs.add(1 + r.nextInt(evs.size() - 1), new String[] {r.nextDouble() < 0.5 ? "exception" : "form_error", null});
    }
    for (String[] e : evs) {
      t += (5 + r.nextInt(180)) * 1_000_000L;
      if (e[0].equals("login")) {
        user = customerId(c);
      }
      String line = event(t, e[0], user, dev, ga);
      LocalDate eventDay = Instant.ofEpochSecond(t / 1_000_000L).atZone(ZoneOffset.UTC).toLocalDate();
      if (eventDay.equals(date)) {
        web.add(line);
      } else {
        nextDay.add(line);
      }
      if (e[0].equals("checkout_failed")) {
        failedCheckouts.computeIfAbsent(c, k -> new ArrayList<>()).add(t);
      } else if (e[0].equals("exception") || e[0].equals("form_error")) {
        errors.computeIfAbsent(c, k -> new ArrayList<>()).add(t);
      }
    }
    return t;
  }

  private static boolean within30Days(List<Long> times, long atUs) {
    if (times == null) {
      return false;
    }
    long from = atUs - 30L * 86_400L * 1_000_000L;
    return times.stream().anyMatch(x -> x >= from && x < atUs);
  }

  private void answer(LocalDate date, int d, int c, long atS, SplittableRandom r, List<String> answers) {
    long atUs = atS * 1_000_000L;
    String id = "R-" + date.format(BASIC) + "-" + c;
    String ref = customerId(c);
    double kind = r.nextDouble();
    if (kind < 0.6) {
      boolean failed = within30Days(failedCheckouts.get(c), atUs);
      double p = failed ? Effects.PROMOTER_AFTER_FAILED_CHECKOUT : Effects.PROMOTER_BASE;
      double dd = failed ? Effects.DETRACTOR_AFTER_FAILED_CHECKOUT : Effects.DETRACTOR_BASE;
      double u = r.nextDouble();
      int score = u < p ? 9 + r.nextInt(2) : u < p + dd ? r.nextInt(7) : 7 + r.nextInt(2);
      answers.add(String.join(",", id, ref, "NPS", "nps", Integer.toString(score), iso(atS)));
    } else if (kind < 0.85) {
      boolean err = within30Days(errors.get(c), atUs);
      double mean = err ? Effects.CES_MEAN_AFTER_ERROR : Effects.CES_MEAN_BASE;
      // mean ± 1, uniformly: mean − 1, mean, mean + 1 (rounded half down for x.5)
      int score = (int) Math.floor(mean) + r.nextInt(3) - 1 + (mean % 1 == 0 ? 0 : r.nextInt(2));
      answers.add(String.join(",", id, ref, "CES", "ces", Integer.toString(Math.max(1, Math.min(7, score))), iso(atS)));
    } else if (kind < 0.97) {
      answers.add(String.join(",", id, ref, "CSAT", "csat", Integer.toString(1 + r.nextInt(5)), iso(atS)));
    } else {
      for (int i = 1; i <= 10; i++) {
        answers.add(String.join(",", id, ref, "SUS", "sus_" + i, Integer.toString(1 + r.nextInt(5)), iso(atS)));
      }
    }
  }

  /** Devices that never log in: anonymous traffic. */
  private void anonymousVisitors(LocalDate date, int d, LineFile web) {
    int visitors = Math.max(1, (int) (plan.customers() / 10 * visitRounds));
    for (int v = 0; v < visitors; v++) {
      SplittableRandom r = rng(d, 10_000_000L + v, 4);
      long startS = date.atStartOfDay().toEpochSecond(ZoneOffset.UTC) + 6 * 3600 + r.nextInt(17 * 3600);
      String dev = "9" + v + "." + (1_600_000_000L + d);
      long t = startS * 1_000_000L;
      for (int i = 0; i < 1 + r.nextInt(4); i++) {
        t += (5 + r.nextInt(120)) * 1_000_000L;
        web.add(event(t, "page_view", null, dev, startS));
      }
    }
  }

  private List<String> customers(LocalDate date, int d) {
    List<String> rows = new ArrayList<>();
    rows.add("Customer ID,Email,Full Name,Phone,Segment,Plan,Region,Signup Date,Status,Churn Date,Lifetime Value,Owner");
    for (int c = 1; c <= plan.customers(); c++) {
      SplittableRandom r = rng(-1, c, 5);
      String first = FIRST[r.nextInt(FIRST.length)];
      String last = LAST[r.nextInt(LAST.length)];
      LocalDate churn = churned.get(c);
      rows.add(String.join(",", customerId(c),
          (first + "." + last + c + "@example.com").toLowerCase(Locale.ROOT), first + " " + last,
          "+49 30 " + (1_000_000 + r.nextInt(8_999_999)), segment(c), PLANS[r.nextInt(3)],
          REGIONS[r.nextInt(3)], plan.start().minusDays(30 + r.nextInt(700)).toString(),
          churn == null ? "active" : "churned", churn == null ? "" : churn.toString(),
          String.format(Locale.ROOT, "%.2f", r.nextDouble() * 2000), "U-" + (100 + r.nextInt(20))));
    }
    return withBadRows(rows.subList(1, rows.size()), d, 6, rows.get(0), List.of(
        ",nobody@example.com,No Id,,consumer,free,EMEA,2025-01-01,active,,1.00,U-100",
        "C999999,bad@example.com,Bad Date,,consumer,free,EMEA,2026-13-45,active,,1.00,U-100"));
  }

  /** Header, good rows, and bad rows (a share of the good count, at least the given examples). */
  private List<String> withBadRows(List<String> good, int d, int purpose, String header, List<String> bad) {
    List<String> out = new ArrayList<>();
    out.add(header);
    out.addAll(good);
    int n = Math.max(bad.size(), (int) Math.round(good.size() * plan.badRowShare()));
    for (int i = 0; i < n; i++) {
      String b = bad.get(i % bad.size());
      // Bad rows with ids get a distinct id each, so they are not duplicates of each other.
      out.add(i < bad.size() ? b : b.replaceFirst("^([A-Z]+-?[A-Z]*-?)", "$1" + i + "x"));
    }
    if (!good.isEmpty()) {
      out.add(good.get(0));    // an exact duplicate: duplicate_id
    }
    return out;
  }

  private void addBadWebRows(LineFile web, int d) {
    int n = Math.max(2, (int) Math.round(web.lines * plan.badRowShare() / 2));
    for (int i = 0; i < n; i++) {
      web.add("{\"event_date\":\"" + plan.start().plusDays(d).format(BASIC) + "\",\"event_name\":");
      web.add(event(-1, "page_view", null, "bad." + i, 1).replace("\"event_timestamp\":\"-1\"",
          "\"event_timestamp\":\"not-a-timestamp\""));
    }
  }

  private static String event(long us, String name, String user, String device, long gaSession) {
    String day = us < 0 ? "19700101"
        : Instant.ofEpochSecond(us / 1_000_000L).atZone(ZoneOffset.UTC).toLocalDate().format(BASIC);
    return "{\"event_date\":\"" + day + "\",\"event_timestamp\":\"" + us + "\",\"event_name\":\"" + name
        + "\",\"event_params\":[{\"key\":\"ga_session_id\",\"value\":{\"int_value\":\"" + gaSession + "\"}},"
        + "{\"key\":\"page_location\",\"value\":{\"string_value\":\"https://shop.example.com/\"}}],"
        + "\"user_id\":" + (user == null ? "null" : "\"" + user + "\"") + ",\"user_pseudo_id\":\"" + device
        + "\",\"device\":{\"category\":\"desktop\"},\"geo\":{\"country\":\"Germany\"},"
        + "\"traffic_source\":{\"source\":\"google\",\"medium\":\"organic\"}}";
  }

  private static String iso(long epochSeconds) {
    return Instant.ofEpochSecond(epochSeconds).toString();
  }

  private static void write(Path file, List<String> lines) {
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, lines, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** A text file written line by line, counting its lines. */
  private static final class LineFile implements AutoCloseable {
    private final Path file;
    private final BufferedWriter out;
    long lines;

    LineFile(Path file) {
      this.file = file;
      try {
        Files.createDirectories(file.getParent());
        out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + file, e);
      }
    }

    void add(String line) {
      try {
        out.write(line);
        out.newLine();
        lines++;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + file, e);
      }
    }

    @Override
    public void close() {
      try {
        out.close();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + file, e);
      }
    }
  }
}
