package com.experiencewarehouse.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The warehouse lock: one holder at a time; a dead or silent holder's lock is taken over. */
class RunLockTest {

  private static final Duration STALE_AFTER = Duration.ofMinutes(10);

  @TempDir
  Path warehouse;

  private Path lockFile() {
    return warehouse.resolve("_xw/run.lock");
  }

  private RunLock acquire(String what) {
    return RunLock.acquire(new Configuration(), warehouse.toString(), what, STALE_AFTER);
  }

  /** A lock file as another holder would have written it. */
  private void writeHolder(String host, long pid, Instant heartbeat) throws Exception {
    Files.createDirectories(lockFile().getParent());
    Files.writeString(lockFile(), "token=other\ncommand=run for 2026-09-13\nhost=" + host + "\npid=" + pid
        + "\nprocess_start=\nstarted_at=2026-11-26T01:00:00Z\n");
    Files.setLastModifiedTime(lockFile(), FileTime.from(heartbeat));
  }

  @Test
  void aSecondHolderIsRefusedUntilTheFirstReleases() {
    RunLock first = acquire("run for 2026-09-14");
    assertTrue(Files.exists(lockFile()));
    RunLock.BusyException busy = assertThrows(RunLock.BusyException.class, () -> acquire("maintain"));
    assertTrue(busy.getMessage().contains("'run for 2026-09-14' (pid " + ProcessHandle.current().pid()),
        busy.getMessage());
    assertTrue(busy.getMessage().contains(lockFile().toString()), busy.getMessage());
    first.close();
    assertFalse(Files.exists(lockFile()), "released");
    try (RunLock again = acquire("maintain")) {
      assertTrue(Files.exists(lockFile()));
    }
  }

  @Test
  void theLockOfAProcessThatEndedOnThisHostIsTakenOver() throws Exception {
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    writeHolder(InetAddress.getLocalHost().getHostName(), gone.pid(), Instant.now());
    try (RunLock taken = acquire("run for 2026-09-14")) {
      String content = Files.readString(lockFile());
      assertTrue(content.contains("command=run for 2026-09-14\n"), content);
      assertTrue(content.contains("pid=" + ProcessHandle.current().pid() + "\n"), content);
    }
    assertFalse(Files.exists(lockFile()));
  }

  @Test
  void anotherHostsLockIsTakenOverOnlyWhenItsHeartbeatIsOlderThanStaleAfter() throws Exception {
    writeHolder("elsewhere.example", 1, Instant.now().minus(Duration.ofMinutes(9)));
    assertThrows(RunLock.BusyException.class, () -> acquire("run for 2026-09-14"));
    writeHolder("elsewhere.example", 1, Instant.now().minus(Duration.ofMinutes(11)));
    try (RunLock taken = acquire("run for 2026-09-14")) {
      assertTrue(Files.readString(lockFile()).contains("command=run for 2026-09-14\n"));
    }
  }

  @Test
  void aHolderWhoseLockWasTakenOverDoesNotDeleteTheNewOne() throws Exception {
    RunLock first = acquire("run for 2026-09-14");
    // Taken over meanwhile (say the first holder stalled past stale-after): another token is in the file.
    writeHolder("elsewhere.example", 1, Instant.now());
    first.close();
    assertTrue(Files.readString(lockFile()).contains("token=other\n"), "the new holder's lock stays");
  }

  @Test
  void theHeartbeatKeepsTheFileFresh() throws Exception {
    try (RunLock lock = RunLock.acquire(new Configuration(), warehouse.toString(), "run", Duration.ofMillis(400))) {
      Files.setLastModifiedTime(lockFile(), FileTime.from(Instant.now().minus(Duration.ofHours(1))));
      // Every 100 ms (a quarter of stale-after) the holder touches the file.
      Thread.sleep(500);
      Instant touched = Files.getLastModifiedTime(lockFile()).toInstant();
      assertTrue(touched.isAfter(Instant.now().minusSeconds(5)), "heartbeat at " + touched);
    }
    assertEquals(false, Files.exists(lockFile()));
  }
}
