package com.experiencewarehouse.cli;

import com.experiencewarehouse.config.Settings;
import com.experiencewarehouse.config.SettingsLoader;
import com.experiencewarehouse.job.NightlyJob;
import com.experiencewarehouse.job.Progress;
import com.experiencewarehouse.job.RunSummary;
import com.experiencewarehouse.sources.InputFiles;
import com.experiencewarehouse.spark.SparkSessions;
import com.experiencewarehouse.generate.SyntheticExports;
import com.experiencewarehouse.io.Maintenance;
import com.experiencewarehouse.job.Erasure;
import com.experiencewarehouse.io.RunAudit;
import com.experiencewarehouse.io.RunLock;
import com.experiencewarehouse.job.Backfill;
import com.experiencewarehouse.endpoint.SqlEndpoint;
import com.experiencewarehouse.endpoint.ReadOnlyGuard;
import com.experiencewarehouse.endpoint.SqlQuery;
import com.experiencewarehouse.io.Warehouse;
import com.experiencewarehouse.report.Quarter;
import com.experiencewarehouse.report.ReportReader;
import com.experiencewarehouse.report.RetrospectiveReport;
import java.io.PrintStream;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.SparkSession;

/**
 * Entry point: {@code run --date YYYY-MM-DD [--conf FILE]}, {@code backfill --from D1 --to D2
 * [--restart]}, {@code maintain [--conf FILE]} (compact and vacuum every table), {@code report --quarter
 * YYYY-Qn [--out DIR]} (the quarterly retrospective page, read-only), {@code generate ...}.
 * Exit codes: 0 done; 1 the run failed (tables stay at complete versions, the run is marked failed, a
 * rerun repairs it); 2 bad usage, bad configuration or unusable input, found before any table is
 * written; 3 another command holds the warehouse lock, nothing written.
 */
public final class Main {

  public static final int OK = 0;
  public static final int FAILED = 1;
  public static final int USAGE = 2;
  /** Another command holds the warehouse lock: nothing was written; try again later. */
  public static final int BUSY = 3;

  private static final Logger LOG = LogManager.getLogger(Main.class);

  static final String USAGE_LINE = "usage: xw run --date YYYY-MM-DD [--conf FILE]"
      + " | xw backfill --from YYYY-MM-DD --to YYYY-MM-DD [--restart] [--conf FILE] | xw maintain [--conf FILE]"
      + " | xw forget (--customer-id ID | --email ADDRESS) [--conf FILE]"
      + " | xw sql [--conf FILE] STATEMENT | xw serve [--conf FILE] [--host H] [--port P]"
      + " | xw report --quarter YYYY-Qn [--out DIR] [--conf FILE]"
      + " | xw generate --out DIR [--profile S|M] [--scale K] [--customers N] [--days D]"
      + " [--start YYYY-MM-DD] [--seed S]";

  private Main() {}

  public static void main(String[] args) {
    int code;
    try {
      code = execute(args, System.out, System.err);
    } catch (Exception | Error e) {
      // Exception, not only RuntimeException: Spark's AnalysisException is checked in Java's eyes
      // yet thrown unchecked from Scala code.
      // Whatever escaped (a lost executor, an out-of-memory driver): the trace to the log, one line last.
      LOG.error("xw " + String.join(" ", args) + " failed", e);
      System.err.println("xw: " + String.join(" ", args) + " failed: " + Progress.oneLine(e));
      code = FAILED;
    }
    if (code == OK && System.getProperty("spark.submit.deployMode") != null) {
      // Under spark-submit, success returns from main: YARN's application master reports an
      // application that calls System.exit as failed, even with 0. Other codes exit with the code.
      if (SparkSession.getDefaultSession().isDefined()) {
        SparkSession.getDefaultSession().get().stop();
      }
      return;
    }
    System.exit(code);
  }

  /** Runs a command; returns its exit code (the JVM exits only in {@link #main}). */
  public static int execute(String[] args, PrintStream out, PrintStream err) {
    if (args.length > 0 && args[0].equals("generate")) {
      return generate(args, out, err);
    }
    if (args.length > 0 && (args[0].equals("sql") || args[0].equals("serve"))) {
      return sqlOrServe(args, out, err);
    }
    Command cmd;
    try {
      cmd = Command.parse(args);
    } catch (UsageException e) {
      err.println("xw: " + e.getMessage());
      err.println(USAGE_LINE);
      return USAGE;
    }
    Settings settings;
    try {
      settings = SettingsLoader.loadFrom(cmd.conf());
    } catch (SettingsLoader.BadConfigException e) {
      err.println("xw: " + e.getMessage());
      return USAGE;
    }
    Optional<SparkSession> session = session(settings, err);
    if (session.isEmpty()) {
      return USAGE;
    }
    SparkSession spark = session.get();
    if (cmd.name().equals("report")) {
      // Reads gold only (Delta snapshots): no lock, so it runs beside a night's run; hashes nothing,
      // so no word on the hash key.
      return report(cmd, spark, settings, out, err);
    }
    Progress progress = new Progress(err);
    if (settings.devMode() && settings.pii().isWeakKey()) {
      // Allowed for the samples and tests, but never silently: such keys protect nothing.
      progress.line("warning: dev mode (xw.dev-mode = true): emails are hashed with a key that is no secret (the "
          + "public sample xw.pii.hash-key, or one under 32 characters); for sample data only, set XW_PII_HASH_KEY "
          + "for real data");
    }
    NightlyJob job = new NightlyJob(spark, settings, progress);
    NightlyJob.Inputs inputs = null;
    if (cmd.name().equals("run")) {
      // Unusable input is found before anything, the lock file included, is written.
      try {
        inputs = job.findInputs(cmd.date());
      } catch (InputFiles.BadInputException e) {
        err.println("xw: " + e.getMessage());
        return USAGE;
      }
    }
    RunLock lock;
    try {
      lock = RunLock.acquire(spark.sparkContext().hadoopConfiguration(), settings.warehousePath(),
          cmd.describe(), settings.lockStaleAfter());
    } catch (RunLock.BusyException e) {
      err.println("xw: " + cmd.describe() + " not started, nothing written: " + e.getMessage());
      return BUSY;
    } catch (java.io.UncheckedIOException e) {
      // E.g. a warehouse path that cannot be written: nothing was.
      err.println("xw: " + cmd.describe() + " not started, nothing written: " + e.getMessage());
      return USAGE;
    }
    try (lock) {
      return switch (cmd.name()) {
        case "maintain" -> maintain(spark, settings, progress, out, err);
        case "forget" -> forget(cmd.person(), spark, settings, progress, out, err);
        case "backfill" -> backfill(cmd, job, spark, settings, progress, out, err);
        default -> run(cmd.date(), inputs, job, out, err);
      };
    }
  }

  /**
   * {@code sql [--conf F] STATEMENT}: one statement over the catalog (read the tables by name, as a
   * BI tool does); {@code serve [--conf F] [--host H] [--port P]}: the SQL endpoint, until stopped.
   * Neither takes the warehouse lock: they only read.
   */
  private static int sqlOrServe(String[] args, PrintStream out, PrintStream err) {
    boolean serve = args[0].equals("serve");
    Map<String, String> o = new java.util.HashMap<>();
    String statement = null;
    try {
      for (int i = 1; i < args.length; i++) {
        String a = args[i];
        if (a.equals("--conf") || (serve && (a.equals("--host") || a.equals("--port")))) {
          if (i + 1 >= args.length) {
            throw new UsageException(a + " needs a value");
          }
          o.put(a, args[++i]);
        } else if (!serve && statement == null && !a.startsWith("--")) {
          statement = a;
        } else {
          throw new UsageException("unknown argument '" + a + "' for " + args[0]);
        }
      }
      if (!serve && statement == null) {
        throw new UsageException("sql needs a statement, e.g. xw sql \"SHOW TABLES IN gold\"");
      }
      if (o.containsKey("--port")) {
        int p = positiveInt(o.get("--port"), "--port");
        if (p > 65535) {
          throw new UsageException("--port must be 1..65535");
        }
      }
    } catch (UsageException | NumberFormatException e) {
      err.println("xw: " + e.getMessage());
      err.println(USAGE_LINE);
      return USAGE;
    }
    Settings settings;
    try {
      settings = SettingsLoader.loadFrom(Optional.ofNullable(o.get("--conf")));
    } catch (SettingsLoader.BadConfigException e) {
      err.println("xw: " + e.getMessage());
      return USAGE;
    }
    Progress progress = new Progress(err);
    if (serve) {
      Settings.ServeSettings s = settings.serve();
      settings = settings.withServe(s.at(o.getOrDefault("--host", s.host()),
          o.containsKey("--port") ? Integer.parseInt(o.get("--port")) : s.port()));
      Optional<String> exposed = SqlEndpoint.exposedWithoutToken(settings.serve());
      if (exposed.isPresent()) {
        err.println("xw: serve: " + exposed.get());
        return USAGE;
      }
      try (SqlEndpoint endpoint = SqlEndpoint.start(settings, progress)) {
        endpoint.awaitTermination();
        return OK;
      } catch (SparkSessions.CatalogUnavailableException e) {
        err.println("xw: " + e.getMessage());
        return USAGE;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return OK;
      }
    }
    // xw sql reads the tables of every layer, and files under no other folder.
    com.experiencewarehouse.io.Warehouse folders = new com.experiencewarehouse.io.Warehouse(null,
        settings.warehousePath(), settings.quarantine().path());
    Optional<SparkSession> session = session(settings, ReadOnlyGuard.settings(settings,
        java.util.List.of(folders.root(), folders.quarantineRoot())), err);
    if (session.isEmpty()) {
      return USAGE;
    }
    SparkSession spark = session.get();
    try {
      namesOfThisWarehouse(spark, settings, err);
      SqlQuery.print(spark, statement, out);
      return OK;
    } catch (Exception e) {
      if (settings.catalog().type() == Settings.CatalogType.EMBEDDED
          && com.experiencewarehouse.io.CatalogRegistry.isDerbyInUse(e)) {
        err.println("xw: sql: the embedded catalog " + settings.catalog().embeddedPath()
            + " is open in another process (a run, or another SQL session); try again when it ends");
        return BUSY;
      }
      // Spark's AnalysisException (a bad statement, an unknown table) is checked in Java's eyes.
      if (e instanceof ReadOnlyGuard.RefusedException) {
        err.println("xw: sql: " + e.getMessage());
        return USAGE;
      }
      if (e instanceof org.apache.spark.sql.AnalysisException) {
        err.println("xw: sql: " + Progress.oneLine(e));
        return USAGE;
      }
      throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
    }
  }

  /**
   * Points the catalog's names at this warehouse's tables before a statement reads them: a copied
   * or moved warehouse brings the embedded catalog of the first one, whose entries name the first
   * one's folders, so a statement would read (or, with writes allowed, change) the original. Names
   * at the right place cost one lookup each; the re-pointed ones are said on stderr.
   */
  private static void namesOfThisWarehouse(SparkSession spark, Settings settings, PrintStream err) {
    if (settings.catalog().type() == Settings.CatalogType.OFF) {
      return;
    }
    com.experiencewarehouse.io.CatalogRegistry registry = new com.experiencewarehouse.io.CatalogRegistry(spark,
        settings.catalog(), com.experiencewarehouse.io.Warehouse.of(spark, settings));
    com.experiencewarehouse.io.CatalogRegistry.Result r =
        ReadOnlyGuard.trusted(() -> registry.register(NightlyJob.TABLES));
    if (!r.moved().isEmpty()) {
      err.println("xw: sql: note: " + r.moved().size() + " catalog names pointed at another warehouse's folders"
          + " (a copied or moved warehouse) and now name this one's (" + settings.warehousePath() + ")");
    }
  }

  /** The job's session with its catalog; empty (the reason printed) when this Spark cannot open it. */
  private static Optional<SparkSession> session(Settings settings, PrintStream err) {
    return session(settings, settings.spark(), err);
  }

  /** As above, with these Spark settings (xw sql's, with the read-only guard). */
  private static Optional<SparkSession> session(Settings settings, Settings.SparkSettings spark, PrintStream err) {
    try {
      return Optional.of(SparkSessions.forJob(spark, settings.catalog()));
    } catch (SparkSessions.CatalogUnavailableException e) {
      err.println("xw: " + e.getMessage());
      return Optional.empty();
    }
  }

  /** {@code run --date D}: one night (its inputs checked already). */
  private static int run(LocalDate date, NightlyJob.Inputs inputs, NightlyJob job, PrintStream out,
      PrintStream err) {
    try {
      RunSummary summary = job.run(date, inputs, "run");
      out.print(summary.render());
      out.flush();
      return OK;
    } catch (InputFiles.BadInputException e) {
      err.println("xw: run for " + date + " failed: " + e.getMessage());
      return USAGE;
    } catch (NightlyJob.RunFailedException e) {
      // The stack trace goes to the log for whoever debugs; the last line is the reason.
      LOG.error("run for " + date + " failed", e.getCause());
      err.println("xw: run for " + date + " failed: " + e.getMessage());
      return FAILED;
    }
  }

  /**
   * {@code backfill --from D1 --to D2 [--restart]}: the nights in order, resuming at the first night
   * the audit does not show done. Every night's inputs are checked before the first write, so
   * unusable input is exit 2 with no table changed.
   */
  private static int backfill(Command cmd, NightlyJob job, SparkSession spark, Settings settings,
      Progress progress, PrintStream out, PrintStream err) {
    String name = "backfill " + cmd.from() + ".." + cmd.to();
    Backfill.Plan plan = Backfill.plan(cmd.from(), cmd.to(),
        new RunAudit(spark, Warehouse.of(spark, settings)).runsBetween(cmd.from(), cmd.to()),
        cmd.restart());
    if (plan.toRun().isEmpty()) {
      out.println(name + ": all " + plan.done().size() + " nights already done (each one's latest run succeeded,"
          + " in date order); --restart runs them again");
      return OK;
    }
    if (!plan.done().isEmpty()) {
      progress.line(name + ": " + plan.done().size() + " night(s) already done, resuming at "
          + plan.toRun().get(0) + " (--restart runs them all)");
    }
    Map<LocalDate, NightlyJob.Inputs> inputs = new java.util.HashMap<>();
    for (LocalDate night : plan.toRun()) {
      try {
        inputs.put(night, job.findInputs(night));
      } catch (InputFiles.BadInputException e) {
        err.println("xw: " + name + " not started, nothing written: night " + night + ": " + e.getMessage());
        return USAGE;
      }
    }
    long started = System.nanoTime();
    for (LocalDate night : plan.toRun()) {
      try {
        RunSummary summary = job.run(night, inputs.get(night), "backfill");
        out.println(summary.oneLine());
        out.flush();
      } catch (InputFiles.BadInputException | NightlyJob.RunFailedException e) {
        LOG.error("run for " + night + " failed", e.getCause());
        err.println("xw: " + name + " stopped: run for " + night + " failed: " + e.getMessage()
            + "; the same command resumes at " + night);
        // Exit 1 even for input found unusable late: the nights before this one were written.
        return FAILED;
      }
    }
    out.printf(java.util.Locale.ROOT, "%s: %d night(s) run, %d already done, in %.1f s%n", name,
        plan.toRun().size(), plan.done().size(), (System.nanoTime() - started) / 1e9);
    return OK;
  }

  /** Where {@code report} writes without {@code --out}: {@code reports/} in the working directory. */
  static final String DEFAULT_REPORT_DIR = "reports";

  /** {@code report --quarter Q [--out DIR]}: the quarterly retrospective page from the gold tables. */
  private static int report(Command cmd, SparkSession spark, Settings settings, PrintStream out, PrintStream err) {
    Path dir = Path.of(cmd.out().orElse(DEFAULT_REPORT_DIR));
    try {
      RetrospectiveReport.Result r = RetrospectiveReport.write(Warehouse.of(spark, settings),
          settings.warehousePath(), cmd.quarter(), settings.metrics().minSample(), dir);
      out.println("wrote " + r.file().toAbsolutePath());
      out.println(r.summary());
      out.flush();
      return OK;
    } catch (ReportReader.MissingDataException e) {
      err.println("xw: " + e.getMessage());
      return USAGE;
    } catch (java.io.IOException | java.io.UncheckedIOException | java.nio.file.InvalidPathException e) {
      err.println("xw: report for " + cmd.quarter() + " not written to " + dir + ": " + Progress.oneLine(e));
      return USAGE;
    }
  }

  /**
   * {@code forget}: a person erased from every table, a line per table with rows deleted. The
   * identifier is never printed or logged (the command line itself is the caller's to protect).
   */
  private static int forget(Erasure.Person person, SparkSession spark, Settings settings, Progress progress,
      PrintStream out, PrintStream err) {
    try {
      Erasure.Result r = new Erasure(spark, settings, progress).forget(person);
      out.printf("Experience Warehouse forget %s: %d row(s) deleted (%d customer id(s), %d device(s)), gold "
              + "recomputed for %d date(s)%s%n", r.runId(), r.deleted(), r.customers(), r.devices(),
          r.datesRecomputed().size(), r.datesRecomputed().isEmpty() ? ""
              : " " + r.datesRecomputed().first() + " .. " + r.datesRecomputed().last());
      if (r.deleted() == 0) {
        out.println(r.alreadyOnList()
            ? "  nothing left of this person: already forgotten (the forgotten list keeps later nights from bringing them back)"
            : "  no row names this person; on the forgotten list, so no later night loads them");
      }
      out.printf("%n  %-34s %12s%n", "table", "rows deleted");
      r.deletedByTable().forEach((t, n) -> out.printf("  %-34s %12d%n", t, n));
      out.println("  run `xw maintain` to remove the deleted rows from the data files (after "
          + settings.maintenance().vacuumRetentionHours() + " h, xw.maintenance.vacuum-retention)");
      out.flush();
      return OK;
    } catch (RuntimeException e) {
      LOG.error("forget failed", e);
      err.println("xw: forget failed: " + Progress.oneLine(e));
      return FAILED;
    }
  }

  /** {@code maintain}: OPTIMIZE and VACUUM every table, a line each. */
  private static int maintain(SparkSession spark, Settings settings, Progress progress, PrintStream out,
      PrintStream err) {
    Settings.MaintenanceSettings m = settings.maintenance();
    progress.line("maintain: optimize and vacuum (retention " + m.vacuumRetentionHours() + " h) "
        + settings.warehousePath() + ", quarantine " + settings.quarantine().path());
    try {
      List<Maintenance.TableResult> results = new Maintenance(spark,
          Warehouse.of(spark, settings))
          .run(java.util.stream.Stream.concat(NightlyJob.TABLES.stream(), Erasure.TABLES.stream()).toList(),
              m.vacuumRetentionHours(), m.allowShortRetention());
      out.printf("  %-34s %12s %12s %16s%n", "table", "files before", "files after", "read by latest");
      for (Maintenance.TableResult r : results) {
        out.printf("  %-34s %12d %12d %16d%n", r.table(), r.filesBefore(), r.filesAfter(),
            r.dataFilesInLatestVersion());
      }
      out.flush();
      return OK;
    } catch (RuntimeException e) {
      LOG.error("maintain failed", e);
      err.println("xw: maintain failed: " + Progress.oneLine(e));
      return FAILED;
    }
  }

  /** {@code generate}: synthetic exports with planted effects (no Spark needed). */
  private static int generate(String[] args, PrintStream out, PrintStream err) {
    SyntheticExports.Plan plan;
    Path dir;
    try {
      Map<String, String> o = options(args, java.util.Set.of("--out", "--customers", "--days", "--start",
          "--seed", "--bad-share", "--profile", "--scale", "--events-per-day", "--responses-per-day",
          "--tickets-per-day"));
      if (!o.containsKey("--out")) {
        throw new UsageException("missing --out");
      }
      dir = Path.of(o.get("--out"));
      // A profile (issue 4's S or M) sets customers and daily volumes, the options override them, and
      // --scale multiplies the lot (the benchmark's 2x and 4x).
      String name = o.getOrDefault("--profile", "natural");
      int scale = positiveInt(o.getOrDefault("--scale", "1"), "--scale");
      SyntheticExports.Profile profile = switch (name) {
        case "natural" -> SyntheticExports.Profile.NATURAL;
        case "S" -> SyntheticExports.Profile.S;
        case "M" -> SyntheticExports.Profile.M;
        default -> throw new UsageException("unknown --profile '" + name + "' (natural, S or M)");
      };
      SyntheticExports.Volume base = profile.volume;
      SyntheticExports.Volume volume = new SyntheticExports.Volume(
          nonNegativeLong(o.get("--events-per-day"), base.webEventsPerDay(), "--events-per-day"),
          nonNegativeLong(o.get("--responses-per-day"), base.responsesPerDay(), "--responses-per-day"),
          nonNegativeLong(o.get("--tickets-per-day"), base.ticketsPerDay(), "--tickets-per-day"));
      int customers = o.containsKey("--customers") ? positiveInt(o.get("--customers"), "--customers")
          : profile.customers;
      plan = new SyntheticExports.Plan(
          customers * scale,
          positiveInt(o.getOrDefault("--days", "2"), "--days"),
          date(o.getOrDefault("--start", "2026-09-01")),
          Long.parseLong(o.getOrDefault("--seed", "42")),
          Double.parseDouble(o.getOrDefault("--bad-share", "0.02")),
          volume.times(scale));
    } catch (UsageException | NumberFormatException e) {
      err.println("xw: " + e.getMessage());
      err.println(USAGE_LINE);
      return USAGE;
    }
    long events = new SyntheticExports(plan).writeTo(dir);
    out.printf("generated %d customers x %d days from %s (seed %d): %d web events in %s%n",
        plan.customers(), plan.days(), plan.start(), plan.seed(), events, dir);
    return OK;
  }

  private static long nonNegativeLong(String value, long fallback, String name) throws UsageException {
    if (value == null) {
      return fallback;
    }
    try {
      long n = Long.parseLong(value);
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException(name + " must be a whole number >= 0, got '" + value + "'");
  }

  private static Map<String, String> options(String[] args, java.util.Set<String> known)
      throws UsageException {
    Map<String, String> o = new java.util.HashMap<>();
    for (int i = 1; i < args.length; i += 2) {
      if (!known.contains(args[i])) {
        throw new UsageException("unknown argument '" + args[i] + "'");
      }
      if (i + 1 >= args.length) {
        throw new UsageException(args[i] + " needs a value");
      }
      o.put(args[i], args[i + 1]);
    }
    return o;
  }

  private static int positiveInt(String v, String name) throws UsageException {
    int n = Integer.parseInt(v);
    if (n <= 0) {
      throw new UsageException(name + " must be > 0");
    }
    return n;
  }

  static LocalDate date(String v) throws UsageException {
    try {
      return LocalDate.parse(v);
    } catch (DateTimeParseException e) {
      throw new UsageException("bad date '" + v + "': expected YYYY-MM-DD");
    }
  }

  static final class UsageException extends Exception {
    UsageException(String message) {
      super(message);
    }
  }

  /** A parsed command line. */
  record Command(String name, LocalDate date, LocalDate from, LocalDate to, boolean restart,
      Optional<String> conf, Quarter quarter, Optional<String> out, Erasure.Person person) {

    private static final Map<String, List<String>> OPTIONS = Map.of(
        "run", List.of("--date", "--conf"),
        "backfill", List.of("--from", "--to", "--restart", "--conf"),
        "maintain", List.of("--conf"),
        "forget", List.of("--customer-id", "--email", "--conf"),
        "report", List.of("--quarter", "--out", "--conf"));

    static Command parse(String[] args) throws UsageException {
      if (args.length == 0) {
        throw new UsageException("no command given");
      }
      String name = args[0];
      List<String> allowed = OPTIONS.get(name);
      if (allowed == null) {
        throw new UsageException("unknown command '" + name + "'");
      }
      Map<String, String> o = new java.util.HashMap<>();
      for (int i = 1; i < args.length; i++) {
        String a = args[i];
        if (!allowed.contains(a)) {
          throw new UsageException(name.equals("maintain") && a.equals("--date")
              ? "maintain takes no --date (it maintains every table)"
              : "unknown argument '" + a + "' for " + name);
        }
        if (a.equals("--restart")) {
          o.put(a, "true");
          continue;
        }
        if (i + 1 >= args.length) {
          throw new UsageException(a + " needs a value");
        }
        o.put(a, args[++i]);
      }
      if (name.equals("forget") && o.containsKey("--customer-id") == o.containsKey("--email")) {
        throw new UsageException("forget needs exactly one of --customer-id ID and --email ADDRESS");
      }
      for (String required : allowed) {
        if (!List.of("--conf", "--restart", "--out", "--customer-id", "--email").contains(required)
            && !o.containsKey(required)) {
          throw new UsageException("missing " + required);
        }
      }
      LocalDate from = o.containsKey("--from") ? Main.date(o.get("--from")) : null;
      LocalDate to = o.containsKey("--to") ? Main.date(o.get("--to")) : null;
      if (from != null && to.isBefore(from)) {
        throw new UsageException("--to " + to + " is before --from " + from);
      }
      Quarter quarter = null;
      if (o.containsKey("--quarter")) {
        try {
          quarter = Quarter.parse(o.get("--quarter"));
        } catch (IllegalArgumentException e) {
          throw new UsageException(e.getMessage());
        }
      }
      return new Command(name, o.containsKey("--date") ? Main.date(o.get("--date")) : null, from, to,
          o.containsKey("--restart"), Optional.ofNullable(o.get("--conf")), quarter,
          Optional.ofNullable(o.get("--out")),
          name.equals("forget") ? new Erasure.Person(Optional.ofNullable(o.get("--customer-id")),
              Optional.ofNullable(o.get("--email"))) : null);
    }

    /** The command in a few words, for the lock file and messages. */
    String describe() {
      return switch (name) {
        case "run" -> "run for " + date;
        case "backfill" -> "backfill " + from + ".." + to;
        case "report" -> "report for " + quarter;
        case "forget" -> "forget";
        default -> name;
      };
    }
  }
}
