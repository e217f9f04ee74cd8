package com.experiencewarehouse.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The job's entry point as a JVM of its own (java -cp ... Main ARGS), as cron or spark-submit would
 * start it: for tests that kill it or run two at once. Its stdout and stderr go to files.
 */
public final class JobProcess implements AutoCloseable {

  private final Process process;
  private final Path out;
  private final Path err;

  /** A started process whose stdout and stderr go to these files. */
  public JobProcess(Process process, Path out, Path err) {
    this.process = process;
    this.out = out;
    this.err = err;
  }

  /** Starts {@code Main args} with the test classpath; output in {@code logs}/{@code name}.out/.err. */
  public static JobProcess start(Path logs, String name, String... args) {
    return start(logs, name, java.util.Map.of(), args);
  }

  /** As above, with these environment variables added (XW_SERVE_TOKEN …). */
  public static JobProcess start(Path logs, String name, java.util.Map<String, String> env, String... args) {
    // Surefire runs tests from a manifest-only jar; it names the real classpath in this property.
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1500m", "-Duser.timezone=UTC"));
    cmd.addAll(Arrays.asList(System.getProperty("xw.test.jvm-opens", "").trim().split("\\s+")));
    cmd.addAll(List.of("-cp", classpath, "com.experiencewarehouse.cli.Main"));
    cmd.addAll(Arrays.asList(args));
    try {
      Files.createDirectories(logs);
      Path out = logs.resolve(name + ".out");
      Path err = logs.resolve(name + ".err");
      ProcessBuilder b = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
      b.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
      b.environment().putAll(env);
      return new JobProcess(b.start(), out, err);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Waits for the exit code; fails the test if the job is still running after {@code seconds}. */
  public int waitFor(long seconds) {
    try {
      if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
        throw new AssertionError("job process " + pid() + " still running after " + seconds + " s; stderr:\n" + err());
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** SIGKILL (destroyForcibly is SIGKILL on Linux): no shutdown hook, no finally block runs. */
  public void kill() {
    process.destroyForcibly();
    waitFor(60);
  }

  public String out() {
    return read(out);
  }

  public String err() {
    return read(err);
  }

  private static String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Kills the process if it still runs: every test stops what it started, pass or fail. */
  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
  }
}
