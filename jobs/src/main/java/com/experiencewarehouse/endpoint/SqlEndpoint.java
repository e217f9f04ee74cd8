package com.experiencewarehouse.endpoint;

import com.experiencewarehouse.config.Settings;
import com.experiencewarehouse.io.CatalogRegistry;
import com.experiencewarehouse.io.Warehouse;
import com.experiencewarehouse.job.NightlyJob;
import com.experiencewarehouse.job.Progress;
import com.experiencewarehouse.spark.SparkSessions;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The SQL endpoint ({@code xw serve}): a Spark Connect server whose sessions see the warehouse's
 * tables by name (bronze.*, silver.*, gold.*, quarantine.*). Clients connect to sc://host:port with
 * any Spark Connect client (PySpark, the JVM client, Spark Connect's Go/Rust clients, notebooks).
 *
 * <p>With an external Hive metastore the endpoint uses it, as the job does. With the embedded one it
 * keeps the names in memory instead: Derby admits one process, and the nightly job must never find
 * the catalog locked by a server that runs all day. Either way it registers every table it finds at
 * start and again every xw.serve.rescan-interval, so the first night's tables appear without a restart.
 */
public final class SqlEndpoint implements AutoCloseable {

  private final SparkSession spark;
  private final CatalogRegistry registry;
  private final ScheduledExecutorService rescans;
  private final Progress progress;
  private final List<String> served;

  private SqlEndpoint(SparkSession spark, CatalogRegistry registry, Progress progress,
      java.time.Duration rescanInterval, List<String> served) {
    this.served = served;
    this.spark = spark;
    this.registry = registry;
    this.progress = progress;
    this.rescans = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "xw-catalog-rescan");
      t.setDaemon(true);
      return t;
    });
    long every = rescanInterval.toMillis();
    rescans.scheduleWithFixedDelay(this::rescan, every, every, TimeUnit.MILLISECONDS);
  }

  /** Starts the server and registers the tables; returns once clients can connect. */
  public static SqlEndpoint start(Settings settings, Progress progress) {
    Settings.CatalogSettings catalog = settings.catalog();
    // The server's own session: the embedded metastore stays free for the job (names kept in memory).
    Settings.CatalogSettings own = catalog.type() == Settings.CatalogType.HIVE ? catalog
        : new Settings.CatalogSettings(Settings.CatalogType.OFF, "", "", catalog.databasePrefix());
    SparkConf conf = SparkSessions.withCatalog(new SparkConf(), own)
        .set("spark.plugins", "org.apache.spark.sql.connect.SparkConnectPlugin")
        .set("spark.connect.grpc.binding.address", settings.serve().host())
        .set("spark.connect.grpc.binding.port", Integer.toString(settings.serve().port()));
    if (!settings.serve().token().isEmpty()) {
      // Spark Connect's own pre-shared token check (clients: sc://host:port/;token=...); Spark
      // redacts the value (it matches spark.redaction.regex) wherever it shows settings.
      conf.set("spark.connect.authenticate.token", settings.serve().token());
    }
    List<String> layers = settings.serve().layers();
    Warehouse folders = new Warehouse(null, settings.warehousePath(), settings.quarantine().path());
    Settings.SparkSettings sparkSettings = ReadOnlyGuard.settings(settings,
        layers.stream().map(folders::layerRoot).toList()).withConf(java.util.Arrays.stream(conf.getAll())
        .collect(java.util.stream.Collectors.toMap(kv -> kv._1(), kv -> kv._2())));
    SparkSession spark = SparkSessions.forJob(sparkSettings, own);
    Warehouse warehouse = Warehouse.of(spark, settings);
    CatalogRegistry registry = new CatalogRegistry(spark, own, warehouse);
    List<String> served = served(settings);
    CatalogRegistry.Result r = ReadOnlyGuard.trusted(() -> registry.register(served));
    progress.line("SQL endpoint (Spark Connect) listening on sc://" + settings.serve().host() + ":"
        + settings.serve().port() + ": " + (r.registered().size() + r.moved().size() + r.unchanged())
        + " tables by name" + databases(settings, r) + " from " + settings.warehousePath());
    return new SqlEndpoint(spark, registry, progress, settings.serve().rescanInterval(), served);
  }

  /** The tables of the layers the endpoint serves (xw.serve.layers; all of them when not read-only). */
  static List<String> served(Settings settings) {
    if (!settings.serve().readOnly()) {
      return NightlyJob.TABLES;
    }
    return NightlyJob.TABLES.stream()
        .filter(t -> settings.serve().layers().contains(t.substring(0, t.indexOf('.')))).toList();
  }

  /**
   * Why the endpoint must not start as set, if so: bound to an address other machines reach
   * without a token, anyone who can reach the port could query the warehouse.
   */
  public static java.util.Optional<String> exposedWithoutToken(Settings.ServeSettings serve) {
    if (!serve.token().isEmpty() || isLoopback(serve.host())) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of("binding " + serve.host() + " lets every machine that reaches port " + serve.port()
        + " query the warehouse: set xw.serve.token (env XW_SERVE_TOKEN, at least 16 characters; clients add "
        + "/;token=... to sc://host:port) and put TLS in front of it, or bind 127.0.0.1");
  }

  static boolean isLoopback(String host) {
    if (host.equals("localhost") || host.equals("127.0.0.1") || host.equals("::1") || host.equals("[::1]")) {
      return true;
    }
    // A literal address only: no name lookup decides what the endpoint exposes.
    if (host.matches("^[0-9.]+$") || host.contains(":")) {
      try {
        return java.net.InetAddress.getByName(host).isLoopbackAddress();
      } catch (java.net.UnknownHostException e) {
        return false;
      }
    }
    return false;
  }

  private static String databases(Settings settings, CatalogRegistry.Result r) {
    java.util.Set<String> dbs = new java.util.TreeSet<>();
    for (String name : r.registered()) {
      dbs.add(name.substring(0, name.indexOf('.')));
    }
    for (String name : r.moved()) {
      dbs.add(name.substring(0, name.indexOf('.')));
    }
    return dbs.isEmpty() ? "" : " in " + String.join(", ", dbs);
  }

  private void rescan() {
    try {
      CatalogRegistry.Result r = ReadOnlyGuard.trusted(() -> registry.register(served));
      if (r.changedAnything()) {
        progress.line("SQL endpoint: new tables by name: " + String.join(", ", r.registered())
            + (r.moved().isEmpty() ? "" : "; re-pointed: " + String.join(", ", r.moved())));
      }
    } catch (RuntimeException e) {
      // A metastore hiccup: the names registered so far keep working; the next rescan tries again.
      progress.line("warning: SQL endpoint: looking for new tables failed: " + Progress.oneLine(e));
    }
  }

  /** Blocks until the process is stopped (SIGTERM, Ctrl-C); the shutdown hook closes the server. */
  public void awaitTermination() throws InterruptedException {
    Runtime.getRuntime().addShutdownHook(new Thread(this::close, "xw-serve-stop"));
    new java.util.concurrent.CountDownLatch(1).await();
  }

  @Override
  public void close() {
    rescans.shutdownNow();
    // Stopping the context stops the Connect plugin's server with it.
    spark.stop();
  }
}
