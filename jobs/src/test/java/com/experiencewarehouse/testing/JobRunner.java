package com.experiencewarehouse.testing;

import com.experiencewarehouse.cli.Main;
import com.experiencewarehouse.config.Settings;
import com.experiencewarehouse.config.SettingsLoader;
import com.experiencewarehouse.io.Warehouse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Runs the real entry point with a config file of its own and captures what it prints. */
public final class JobRunner {

  public record Result(int exitCode, String out, String err) {}

  /**
   * Spark settings of every test night (in this JVM or a process of its own), for inputs of a few
   * thousand rows: Spark's interpreted evaluation instead of compiling code for each plan, no
   * adaptive re-planning between stages, Delta's log state in one partition. The sample night takes
   * 96 s with them against 135 s with the shipped ones (bench/RESULTS.md, 2026-12-03); results are
   * the same (SparkSubmitClusterIT compares a night run with them to a cluster night run with the
   * shipped settings, table by table). Settings a test gives in {@code extra} win key by key.
   */
  public static final String TEST_SPARK_CONF = """
      xw.spark.conf {
        "spark.sql.codegen.wholeStage" = "false"
        "spark.sql.codegen.factoryMode" = "NO_CODEGEN"
        "spark.sql.adaptive.enabled" = "false"
        "spark.databricks.delta.snapshotPartitions" = "1"
      }
      """;

  private final Path warehouse;
  private final Path conf;

  /**
   * A config whose warehouse is {@code dir}/warehouse, in dev mode (the sample data's hash key is the
   * public sample key); {@code extra} is more HOCON (may be empty), e.g. "xw.dev-mode = false".
   */
  public JobRunner(Path dir, String extra) {
    this(dir, "test.conf", extra);
  }

  /** As above, the config in {@code dir}/{@code confName}: runners of one dir share the warehouse. */
  public JobRunner(Path dir, String confName, String extra) {
    try {
      this.warehouse = dir.resolve("warehouse");
      this.conf = dir.resolve(confName);
      Files.createDirectories(dir);
      Files.writeString(conf, "xw.warehouse.path = \"" + warehouse + "\"\nxw.dev-mode = true\n" + TEST_SPARK_CONF
          + extra + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Path warehouse() {
    return warehouse;
  }

  /** The config file the runs are given with --conf. */
  public Path conf() {
    return conf;
  }

  public Result run(String... args) {
    SharedSpark.get();
    String[] full = new String[args.length + 2];
    System.arraycopy(args, 0, full, 0, args.length);
    full[args.length] = "--conf";
    full[args.length + 1] = conf.toString();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.execute(full, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** Runs the entry point with exactly these arguments (no --conf appended). */
  public Result runWithoutConf(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** Where the job puts a table under this runner's config (the quarantine may live elsewhere). */
  public String path(String name) {
    Settings s = SettingsLoader.load(Optional.of(conf.toFile()));
    return new Warehouse(SharedSpark.get(), s.warehousePath(), s.quarantine().path()).path(name);
  }

  /** A table's latest Delta version. */
  public long version(String name) {
    return io.delta.tables.DeltaTable.forPath(SharedSpark.get(), path(name)).history(1).first().getAs("version");
  }

  /** A table as of a Delta version (time travel). */
  public Dataset<Row> tableAsOf(String name, long version) {
    return SharedSpark.get().read().format("delta").option("versionAsOf", version).load(path(name));
  }

  public Dataset<Row> table(String name) {
    return SharedSpark.get().read().format("delta").load(path(name));
  }
}
