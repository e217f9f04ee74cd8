package com.experiencewarehouse.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;

/**
 * One writer per warehouse: a lock file ({@code <warehouse>/_xw/run.lock}) that a run, a backfill or
 * {@code maintain} holds while it writes. Delta keeps each table consistent under concurrent writers
 * anyway; the lock makes a second, double-scheduled run stop before it writes anything, instead of
 * interleaving two runs' commits (and, for a failed commit, marking a night failed that the first run
 * completes).
 *
 * <p>A holder that dies without releasing (SIGKILL, lost driver) leaves the file behind; it is stale,
 * and taken over, when it names a process on this host that no longer exists, or when its heartbeat
 * (the holder touches the file every quarter of {@code staleAfter}) is older than {@code staleAfter}.
 */
public final class RunLock implements AutoCloseable {

  /** Another live holder has the lock; its description says who. */
  public static final class BusyException extends RuntimeException {
    BusyException(String message) {
      super(message);
    }
  }

  private final FileSystem fs;
  private final Path file;
  private final String token;
  private final ScheduledExecutorService heartbeat;

  private RunLock(FileSystem fs, Path file, String token, Duration staleAfter) {
    this.fs = fs;
    this.file = file;
    this.token = token;
    this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "xw-run-lock-heartbeat");
      t.setDaemon(true);
      return t;
    });
    long every = Math.max(1, staleAfter.toMillis() / 4);
    heartbeat.scheduleAtFixedRate(this::touch, every, every, TimeUnit.MILLISECONDS);
  }

  /** The lock file of a warehouse root (a path or URI). */
  public static Path fileOf(String warehouseRoot) {
    return new Path(warehouseRoot.replaceAll("/+$", "") + "/_xw/run.lock");
  }

  /**
   * Takes the warehouse's lock for {@code what} (e.g. "run 2026-09-14"), taking over a stale one.
   *
   * @return the lock, to close when the command ends
   * @throws BusyException when a live holder has it
   */
  public static RunLock acquire(Configuration hadoop, String warehouseRoot, String what, Duration staleAfter) {
    Path file = fileOf(warehouseRoot);
    try {
      FileSystem fs = file.getFileSystem(hadoop);
      String token = UUID.randomUUID().toString();
      // A stale holder is moved aside once; a second attempt that still finds a file lost a race.
      for (int attempt = 0; attempt < 2; attempt++) {
        if (create(fs, file, describe(token, what))) {
          return new RunLock(fs, file, token, staleAfter);
        }
        Holder holder = Holder.read(fs, file);
        if (holder == null) {
          continue; // released between our create and read: try again
        }
        String staleBecause = holder.staleBecause(staleAfter);
        if (staleBecause == null) {
          throw new BusyException("another command holds the warehouse lock " + file + ": " + holder
              + " (if that process is gone, the lock is taken over once its heartbeat is "
              + staleAfter.toMinutes() + " min old, xw.lock.stale-after)");
        }
        takeOver(fs, file);
      }
      throw new BusyException("another command took the warehouse lock " + file + " at the same moment");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot take the warehouse lock " + file + ": " + e.getMessage(), e);
    }
  }

  /** Creates the file only if it does not exist, atomically (O_EXCL locally, the namenode on HDFS). */
  private static boolean create(FileSystem fs, Path file, String content) throws IOException {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    if (fs instanceof LocalFileSystem local) {
      // Hadoop's local create(overwrite=false) checks, then opens: not atomic between two processes.
      java.nio.file.Path p = Paths.get(local.pathToFile(file).toURI());
      Files.createDirectories(p.getParent());
      try {
        Files.write(p, bytes, java.nio.file.StandardOpenOption.CREATE_NEW,
            java.nio.file.StandardOpenOption.WRITE);
        return true;
      } catch (FileAlreadyExistsException e) {
        return false;
      }
    }
    try (FSDataOutputStream out = fs.create(file, false)) {
      out.write(bytes);
      return true;
    } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
      return false;
    }
  }

  private static void takeOver(FileSystem fs, Path file) throws IOException {
    // Rename first: of two processes taking over at once, one rename succeeds.
    Path aside = new Path(file.getParent(), "run.lock.stale-" + UUID.randomUUID());
    if (fs.rename(file, aside)) {
      fs.delete(aside, false);
    }
  }

  private static String describe(String token, String what) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("token", token);
    m.put("command", what);
    m.put("host", host());
    m.put("pid", Long.toString(ProcessHandle.current().pid()));
    m.put("process_start", processStart(ProcessHandle.current()));
    m.put("started_at", Instant.now().toString());
    StringBuilder b = new StringBuilder();
    m.forEach((k, v) -> b.append(k).append('=').append(v).append('\n'));
    return b.toString();
  }

  private static String processStart(ProcessHandle p) {
    return p.info().startInstant().map(Instant::toString).orElse("");
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown";
    }
  }

  private void touch() {
    try {
      fs.setTimes(file, System.currentTimeMillis(), -1);
    } catch (IOException | RuntimeException e) {
      // A missed heartbeat only makes the lock look older; the next one tries again.
    }
  }

  /** Releases the lock, if it is still ours (a holder taken over as stale must not delete the new one). */
  @Override
  public void close() {
    heartbeat.shutdownNow();
    try {
      Holder holder = Holder.read(fs, file);
      if (holder != null && token.equals(holder.fields.get("token"))) {
        fs.delete(file, false);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot release the warehouse lock " + file + ": " + e.getMessage(), e);
    }
  }

  /** What a lock file says, and how old its heartbeat is. */
  private record Holder(Map<String, String> fields, Instant heartbeat) {

    static Holder read(FileSystem fs, Path file) throws IOException {
      FileStatus status;
      byte[] bytes;
      try {
        status = fs.getFileStatus(file);
        try (FSDataInputStream in = fs.open(file)) {
          bytes = in.readAllBytes();
        }
      } catch (java.io.FileNotFoundException | NoSuchFileException e) {
        return null;
      }
      Map<String, String> fields = new LinkedHashMap<>();
      for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
        int eq = line.indexOf('=');
        if (eq > 0) {
          fields.put(line.substring(0, eq), line.substring(eq + 1));
        }
      }
      return new Holder(fields, Instant.ofEpochMilli(status.getModificationTime()));
    }

    /** Why the holder is gone, or null while it may be alive. */
    String staleBecause(Duration staleAfter) {
      if (host().equals(fields.get("host"))) {
        try {
          long pid = Long.parseLong(fields.getOrDefault("pid", ""));
          // A live process of that pid that started at another time reuses the pid of a dead holder.
          String started = fields.getOrDefault("process_start", "");
          boolean alive = ProcessHandle.of(pid)
              .filter(ProcessHandle::isAlive)
              .filter(p -> started.isEmpty() || started.equals(processStart(p)))
              .isPresent();
          if (!alive) {
            return "process " + pid + " on this host has ended";
          }
        } catch (NumberFormatException e) {
          return "the lock file names no process";
        }
      }
      if (heartbeat.plus(staleAfter).isBefore(Instant.now())) {
        return "no heartbeat since " + heartbeat;
      }
      return null;
    }

    @Override
    public String toString() {
      return "'" + fields.getOrDefault("command", "?") + "' (pid " + fields.getOrDefault("pid", "?") + " on "
          + fields.getOrDefault("host", "?") + ", started " + fields.getOrDefault("started_at", "?")
          + ", heartbeat " + heartbeat + ")";
    }
  }
}
