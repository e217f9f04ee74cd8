package com.experiencewarehouse.cli;

import com.experiencewarehouse.config.Settings;
import com.experiencewarehouse.config.SettingsLoader;
import com.experiencewarehouse.job.NightlyJob;
import com.experiencewarehouse.job.Progress;
import com.experiencewarehouse.job.RunSummary;
import com.experiencewarehouse.sources.InputFiles;
import com.experiencewarehouse.spark.SparkSessions;
import java.io.File;
import java.io.PrintStream;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.SparkSession;

/**
 * Entry point: {@code run --date YYYY-MM-DD [--conf FILE]}. Exit codes: 0 done; 1 the run failed
 * (tables stay at complete versions, the run is marked failed, a rerun repairs it); 2 bad usage,
 * bad configuration or unusable input, found before any table is written.
 */
public final class Main {

  public static final int OK = 0;
  public static final int FAILED = 1;
  public static final int USAGE = 2;

  private static final Logger LOG = LogManager.getLogger(Main.class);

  static final String USAGE_LINE = "usage: xw run --date YYYY-MM-DD [--conf FILE]";

  private Main() {}

  public static void main(String[] args) {
    int code = execute(args, System.out, System.err);
    System.exit(code);
  }

  /** Runs a command; returns its exit code (the JVM exits only in {@link #main}). */
  public static int execute(String[] args, PrintStream out, PrintStream err) {
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
      settings = SettingsLoader.load(cmd.conf());
    } catch (SettingsLoader.BadConfigException e) {
      err.println("xw: " + e.getMessage());
      return USAGE;
    }
    SparkSession spark = SparkSessions.forJob(settings.spark());
    Progress progress = new Progress(err);
    NightlyJob job = new NightlyJob(spark, settings, progress);
    try {
      job.findInputs(cmd.date());
    } catch (InputFiles.BadInputException e) {
      err.println("xw: " + e.getMessage());
      return USAGE;
    }
    try {
      RunSummary summary = job.run(cmd.date());
      out.print(summary.render());
      out.flush();
      return OK;
    } catch (InputFiles.BadInputException e) {
      err.println("xw: run for " + cmd.date() + " failed: " + e.getMessage());
      return USAGE;
    } catch (NightlyJob.RunFailedException e) {
      // The stack trace goes to the log for whoever debugs; the last line is the reason.
      LOG.error("run for " + cmd.date() + " failed", e.getCause());
      err.println("xw: run for " + cmd.date() + " failed: " + e.getMessage());
      return FAILED;
    }
  }

  static final class UsageException extends Exception {
    UsageException(String message) {
      super(message);
    }
  }

  /** A parsed command line. */
  record Command(String name, LocalDate date, Optional<File> conf) {

    static Command parse(String[] args) throws UsageException {
      if (args.length == 0) {
        throw new UsageException("no command given");
      }
      if (!args[0].equals("run")) {
        throw new UsageException("unknown command '" + args[0] + "'");
      }
      LocalDate date = null;
      File conf = null;
      for (int i = 1; i < args.length; i++) {
        String a = args[i];
        if ((a.equals("--date") || a.equals("--conf")) && i + 1 >= args.length) {
          throw new UsageException(a + " needs a value");
        }
        switch (a) {
          case "--date" -> {
            String v = args[++i];
            try {
              date = LocalDate.parse(v);
            } catch (DateTimeParseException e) {
              throw new UsageException("bad date '" + v + "': expected YYYY-MM-DD");
            }
          }
          case "--conf" -> conf = new File(args[++i]);
          default -> throw new UsageException("unknown argument '" + a + "'");
        }
      }
      if (date == null) {
        throw new UsageException("missing --date");
      }
      return new Command(args[0], date, Optional.ofNullable(conf));
    }
  }
}
