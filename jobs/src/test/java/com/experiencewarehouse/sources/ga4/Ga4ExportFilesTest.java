package com.experiencewarehouse.sources.ga4;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.experiencewarehouse.config.Settings.WebSource;
import com.experiencewarehouse.sources.InputFiles;
import com.experiencewarehouse.sources.WebEventFiles;
import com.experiencewarehouse.testing.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which GA4 export a night reads for a date: daily > fresh daily > intraday, one kind only. */
class Ga4ExportFilesTest {

  private static final LocalDate DATE = LocalDate.of(2026, 9, 14);
  /** The shipped patterns (conf/application.conf xw.sources.web). */
  private static final WebSource WEB = new WebSource("", "ga4-json", "web", "events_{yyyyMMdd}*",
      "events_intraday_{yyyyMMdd}*", Map.of(), Map.of(), "iso", "", "s", Map.of(), "events_fresh_{yyyyMMdd}*");

  private static void write(Path root, String... names) throws IOException {
    Path folder = root.resolve("web").resolve(DATE.toString());
    Files.createDirectories(folder);
    for (String n : names) {
      Files.writeString(folder.resolve(n), "{\"event_name\":\"page_view\"}\n");
    }
  }

  /** The export kind and the file names a night reads. */
  private static String chosen(Path root) {
    WebEventFiles f = Ga4Export.files(SharedSpark.get(), root.toString(), WEB, DATE);
    return f.export() + " " + f.read().stream().map(p -> p.substring(p.lastIndexOf('/') + 1)).toList();
  }

  @Test
  void theDailyExportWinsOverTheFreshDailyAndTheIntradayOnes(@TempDir Path root) throws IOException {
    // All three present: the daily file only (its pattern events_20260914* does not match
    // events_fresh_20260914 or events_intraday_20260914).
    write(root, "events_20260914.json", "events_fresh_20260914.json", "events_intraday_20260914.json");
    assertEquals("daily [events_20260914.json]", chosen(root));
  }

  @Test
  void theFreshDailyExportWinsOverTheIntradayOneAndIsProvisional(@TempDir Path root) throws IOException {
    // No daily file yet: both fresh shards, never the intraday file beside them.
    write(root, "events_fresh_20260914-000000000001.json", "events_fresh_20260914-000000000000.json",
        "events_intraday_20260914.json");
    assertEquals("fresh [events_fresh_20260914-000000000000.json, events_fresh_20260914-000000000001.json]",
        chosen(root));
    WebEventFiles f = Ga4Export.files(SharedSpark.get(), root.toString(), WEB, DATE);
    assertEquals(List.of(true, false), List.of(f.provisional(), f.intraday()));
  }

  @Test
  void theIntradayExportIsReadOnlyWithoutEitherDailyOne(@TempDir Path root) throws IOException {
    write(root, "events_intraday_20260914.json");
    assertEquals("intraday [events_intraday_20260914.json]", chosen(root));
  }

  @Test
  void withNoneOfThemTheNightNamesAllThreePatterns(@TempDir Path root) throws IOException {
    write(root, "events_20260913.json");
    InputFiles.MissingInputException e = assertThrows(InputFiles.MissingInputException.class, () -> chosen(root));
    assertEquals("no GA4 events file matching 'events_20260914*' or 'events_fresh_20260914*' or "
        + "'events_intraday_20260914*' in " + root + "/web/2026-09-14", e.getMessage());
  }

  @Test
  void anEmptyFreshPatternSkipsTheFreshExport(@TempDir Path root) throws IOException {
    write(root, "events_fresh_20260914.json", "events_intraday_20260914.json");
    WebSource noFresh = new WebSource("", "ga4-json", "web", "events_{yyyyMMdd}*", "events_intraday_{yyyyMMdd}*",
        Map.of(), Map.of(), "iso", "", "s", Map.of());
    WebEventFiles f = Ga4Export.files(SharedSpark.get(), root.toString(), noFresh, DATE);
    assertEquals(WebEventFiles.INTRADAY, f.export());
  }
}
