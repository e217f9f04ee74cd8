package com.experiencewarehouse.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's headless Chromium (/usr/bin/chromium; .ci/run installs it): renders a local page to a
 * screenshot or to its DOM after load, offline, each run with a fresh profile.
 */
final class Chromium {

  static final Path BINARY = Path.of("/usr/bin/chromium");

  private Chromium() {}

  static void requireInstalled() {
    if (!Files.isExecutable(BINARY)) {
      fail("headless Chromium is needed to render the report page and is missing at " + BINARY
          + ": apt-get install -y chromium (.ci/run installs it)");
    }
  }

  /** The page's DOM after it loaded. */
  static String dumpDom(Path page, Path work) throws IOException, InterruptedException {
    return new String(run(work, "dom", "--dump-dom", page), StandardCharsets.UTF_8);
  }

  /** A PNG of the page in a window width × height. */
  static void screenshot(Path page, Path png, int width, int height, Path work) throws IOException, InterruptedException {
    run(work, "shot", "--screenshot=" + png, page, "--window-size=" + width + "," + height);
    assertTrue(Files.size(png) > 0, "no screenshot written at " + png);
  }

  private static byte[] run(Path work, String name, String mode, Path page, String... more)
      throws IOException, InterruptedException {
    requireInstalled();
    Path profile = Files.createTempDirectory(work, "chromium-profile-");
    List<String> cmd = new ArrayList<>(List.of(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--hide-scrollbars", "--user-data-dir=" + profile, mode));
    cmd.addAll(List.of(more));
    cmd.add(page.toUri().toString());
    Path out = work.resolve(name + ".out");
    Path err = work.resolve(name + ".err");
    Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(90, TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      fail("chromium did not finish in 90 s: " + cmd);
    }
    assertEquals(0, p.exitValue(), "chromium " + cmd + " failed: " + Files.readString(err));
    return Files.readAllBytes(out);
  }
}
