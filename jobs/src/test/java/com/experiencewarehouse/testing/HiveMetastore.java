package com.experiencewarehouse.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A real, external Hive metastore: Hive 2.3's own Thrift server (org.apache.hadoop.hive.metastore.
 * HiveMetaStore, from the Hive jars Spark's Hive support brings) as a JVM of its own, over a Derby
 * database of its own, as a team would run one for several readers. Hive 2.3 cannot bind it to one
 * address (it listens on every interface); clients here reach it on 127.0.0.1 only. Stopped by pid.
 */
public final class HiveMetastore implements AutoCloseable {

  private final JobProcess process;
  private final int port;

  private HiveMetastore(JobProcess process, int port) {
    this.process = process;
    this.port = port;
  }

  public static HiveMetastore start(Path dir, int port) {
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m"));
    cmd.addAll(Arrays.asList(System.getProperty("xw.test.jvm-opens", "").trim().split("\\s+")));
    cmd.addAll(List.of("-cp", classpath,
        // Hive's log setup otherwise asks for an async logger library Spark does not ship.
        "-Dhive.async.log.enabled=false",
        "-Djavax.jdo.option.ConnectionURL=jdbc:derby:;databaseName=" + dir.resolve("metastore_db") + ";create=true",
        "-Ddatanucleus.schema.autoCreateAll=true",
        "-Dhive.metastore.schema.verification=false",
        "-Dhive.metastore.warehouse.dir=" + dir.resolve("managed"),
        "-Dderby.stream.error.file=" + dir.resolve("derby.log"),
        "org.apache.hadoop.hive.metastore.HiveMetaStore", "-p", Integer.toString(port)));
    try {
      Files.createDirectories(dir);
      Path out = dir.resolve("metastore.out");
      Path err = dir.resolve("metastore.err");
      Process p = new ProcessBuilder(cmd).directory(dir.toFile())
          .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      HiveMetastore hms = new HiveMetastore(new JobProcess(p, out, err), port);
      hms.awaitListening();
      return hms;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String uri() {
    return "thrift://127.0.0.1:" + port;
  }

  public long pid() {
    return process.pid();
  }

  private void awaitListening() {
    long deadline = System.nanoTime() + 180_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("the Hive metastore ended before it listened:\n" + process.err());
      }
      try (Socket s = new Socket(java.net.InetAddress.getLoopbackAddress(), port)) {
        return;
      } catch (IOException e) {
        sleep();
      }
    }
    throw new AssertionError("the Hive metastore did not listen on " + port + " within 180 s:\n" + process.err());
  }

  private static void sleep() {
    try {
      Thread.sleep(500);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    process.close();
  }
}
