package com.experiencewarehouse.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A real Spark standalone cluster on 127.0.0.1: one master and {@code workers} workers, each a JVM of
 * its own started from a Spark installation made of the dependency jars ({@code SPARK_HOME/jars}:
 * Spark's own jars only, listed by the build in {@code xw.test.spark-classpath}; no Delta, no job
 * classes). Jobs go to it through {@code spark-submit} as Spark's scripts run it: Spark's launcher
 * builds the driver's command line, which is then started. Every process started here, and every
 * executor a worker started, is stopped by pid in {@link #close}.
 */
public final class StandaloneCluster implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;
  private final Path sparkHome;
  private final int masterPort;
  private final int masterUiPort;
  private final List<Process> started = new ArrayList<>();
  private final List<Process> workers = new ArrayList<>();
  /** Executors seen under the workers (the workers' children), stopped at the end too. */
  private final Set<ProcessHandle> executors = new LinkedHashSet<>();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private StandaloneCluster(Path dir, Path sparkHome, int masterPort, int masterUiPort) {
    this.dir = dir;
    this.sparkHome = sparkHome;
    this.masterPort = masterPort;
    this.masterUiPort = masterUiPort;
  }

  /** Starts the master and the workers ({@code cores} and {@code memory} each) and waits until all are alive. */
  public static StandaloneCluster start(Path dir, int workers, int cores, String memory) {
    // Outside the test's temporary folder: links to the Maven repository, made once per build.
    Path sparkHome = sparkHome(Path.of(System.getProperty("xw.test.spark-home", dir.resolve("spark-home").toString())));
    StandaloneCluster cluster = new StandaloneCluster(dir, sparkHome, freePort(), freePort());
    try {
      cluster.started.add(cluster.java("master", "-Xmx512m", "org.apache.spark.deploy.master.Master",
          "--host", "127.0.0.1", "--port", Integer.toString(cluster.masterPort),
          "--webui-port", Integer.toString(cluster.masterUiPort)));
      cluster.await(() -> cluster.state() != null, 60, "the master's status page");
      for (int i = 1; i <= workers; i++) {
        Process w = cluster.java("worker-" + i, "-Xmx512m", "org.apache.spark.deploy.worker.Worker",
            "--host", "127.0.0.1", "--cores", Integer.toString(cores), "--memory", memory,
            "--webui-port", Integer.toString(freePort()), "--work-dir", dir.resolve("work-" + i).toString(),
            cluster.masterUrl());
        cluster.started.add(w);
        cluster.workers.add(w);
      }
      cluster.await(() -> cluster.aliveWorkers() == workers, 90, workers + " alive workers");
      return cluster;
    } catch (RuntimeException | Error e) {
      cluster.close();
      throw e;
    }
  }

  public String masterUrl() {
    return "spark://127.0.0.1:" + masterPort;
  }

  public Process worker(int i) {
    return workers.get(i - 1);
  }

  /** The folder a worker runs its executors in: one app-ID folder per application it served. */
  public Path workDir(int i) {
    return dir.resolve("work-" + i);
  }

  /** The master's status (its /json page), or null while it does not answer. */
  public JsonNode state() {
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + masterUiPort + "/json/"))
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public int aliveWorkers() {
    JsonNode s = state();
    return s == null ? -1 : s.path("aliveworkers").asInt(-1);
  }

  /** Cores in use per alive worker, in the master's view (an executor holds its worker's core). */
  public List<Integer> coresUsed() {
    List<Integer> used = new ArrayList<>();
    JsonNode s = state();
    if (s != null) {
      s.path("workers").forEach(w -> {
        if (w.path("state").asText().equals("ALIVE")) {
          used.add(w.path("coresused").asInt());
        }
      });
    }
    return used;
  }

  /** The executor processes a worker runs now (its descendants), remembered for {@link #close}. */
  public List<ProcessHandle> executorsOf(int i) {
    List<ProcessHandle> found = worker(i).descendants().filter(ProcessHandle::isAlive).toList();
    executors.addAll(found);
    return found;
  }

  /**
   * {@code spark-submit ARGS} as bin/spark-submit runs it: Spark's launcher prints the driver's
   * command (with the --add-opens flags and --driver-java-options), which is then started in
   * {@code cwd} with {@code env} added; output to {@code name}.out/.err in the cluster's folder.
   */
  public JobProcess submit(String name, Path cwd, Map<String, String> env, List<String> args) {
    List<String> launch = new ArrayList<>(List.of(java(), "-Xmx128m", "-cp", sparkHome.resolve("jars") + "/*",
        "org.apache.spark.launcher.Main", "org.apache.spark.deploy.SparkSubmit"));
    launch.addAll(args);
    try {
      ProcessBuilder b = new ProcessBuilder(launch).redirectError(ProcessBuilder.Redirect.INHERIT);
      environment(b.environment());
      b.environment().putAll(env);
      Process launcher = b.start();
      byte[] printed = launcher.getInputStream().readAllBytes();
      if (!launcher.waitFor(60, TimeUnit.SECONDS) || launcher.exitValue() != 0) {
        launcher.destroyForcibly();
        throw new IllegalStateException("Spark's launcher failed for " + args);
      }
      // NUL-separated arguments, as bin/spark-class reads them.
      List<String> command = Arrays.stream(new String(printed, StandardCharsets.UTF_8).split("\0"))
          .map(String::strip).filter(a -> !a.isEmpty()).toList();
      Path logs = dir.resolve("logs");
      Files.createDirectories(logs);
      ProcessBuilder driver = new ProcessBuilder(command).directory(cwd.toFile())
          .redirectOutput(logs.resolve(name + ".out").toFile()).redirectError(logs.resolve(name + ".err").toFile());
      environment(driver.environment());
      driver.environment().putAll(env);
      Process p = driver.start();
      started.add(p);
      return new JobProcess(p, logs.resolve(name + ".out"), logs.resolve(name + ".err"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Stops every process started here and every executor seen, children first, by pid. */
  @Override
  public void close() {
    for (Process p : started) {
      p.descendants().forEach(executors::add);
    }
    List<ProcessHandle> all = new ArrayList<>(executors);
    for (int i = started.size() - 1; i >= 0; i--) {
      all.add(started.get(i).toHandle());
    }
    all.forEach(ProcessHandle::destroy);
    for (ProcessHandle h : all) {
      try {
        h.onExit().get(15, TimeUnit.SECONDS);
      } catch (Exception e) {
        h.destroyForcibly();
      }
    }
  }

  /** Every process this cluster started or saw, for the test to check that none is left. */
  public List<ProcessHandle> processes() {
    List<ProcessHandle> all = new ArrayList<>(executors);
    started.forEach(p -> all.add(p.toHandle()));
    return all;
  }

  private Process java(String name, String heap, String mainClass, String... args) {
    List<String> cmd = new ArrayList<>(List.of(java(), heap, "-Duser.timezone=UTC"));
    cmd.addAll(Arrays.asList(System.getProperty("xw.test.jvm-opens", "").trim().split("\\s+")));
    cmd.addAll(List.of("-cp", sparkHome.resolve("jars") + "/*", mainClass));
    cmd.addAll(Arrays.asList(args));
    try {
      Path logs = dir.resolve("logs");
      Files.createDirectories(logs);
      ProcessBuilder b = new ProcessBuilder(cmd).redirectErrorStream(true)
          .redirectOutput(logs.resolve(name + ".log").toFile());
      environment(b.environment());
      return b.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What a Spark installation's scripts set: its home, its Scala version, loopback only. */
  private void environment(Map<String, String> env) {
    env.put("SPARK_HOME", sparkHome.toString());
    env.put("SPARK_SCALA_VERSION", "2.13");
    env.put("SPARK_LOCAL_IP", "127.0.0.1");
    env.put("JAVA_HOME", System.getProperty("java.home"));
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** SPARK_HOME/jars: links to the jars the build listed (Spark and its dependencies, nothing of ours). */
  private static Path sparkHome(Path home) {
    String listing = System.getProperty("xw.test.spark-classpath");
    if (listing == null) {
      throw new IllegalStateException("xw.test.spark-classpath is not set: run the cluster tests with mvn verify");
    }
    try {
      Path jars = Files.createDirectories(home.resolve("jars"));
      for (String jar : Files.readString(Path.of(listing)).strip().split(java.io.File.pathSeparator)) {
        Path link = jars.resolve(Path.of(jar).getFileName());
        if (!Files.exists(link)) {
          Files.createSymbolicLink(link, Path.of(jar));
        }
      }
      return home;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Polls until {@code condition} holds; fails after {@code seconds}. */
  public void await(BooleanSupplier condition, long seconds, String what) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no " + what + " after " + seconds + " s; logs in " + dir.resolve("logs"));
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}
