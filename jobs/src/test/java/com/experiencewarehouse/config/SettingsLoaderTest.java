package com.experiencewarehouse.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsLoaderTest {

  @TempDir
  Path dir;

  @Test
  void defaultsComeFromConfApplicationConf() {
    Settings s = SettingsLoader.load(Optional.empty());
    assertEquals("warehouse", s.warehousePath());
    assertEquals("data-samples", s.sources().root());
    assertEquals(1800L, s.session().timeoutSeconds());          // 30 minutes
    assertEquals(3, s.session().maxDays());
    assertEquals(10L, s.session().engagedMinSeconds());
    assertEquals(30, s.metrics().minSample());
    assertEquals(List.of("checkout", "signup", "search"),
        s.tasks().stream().map(Settings.TaskDefinition::name).toList());
    assertEquals(600L, s.tasks().get(2).timeoutSeconds());       // search: 10 minutes
    assertEquals("Customer ID", s.sources().customers().columns().get("customer_id"));
    assertEquals("2", s.spark().conf().get("spark.databricks.delta.snapshotPartitions"));
  }

  @Test
  void aConfFileOverridesOnlyTheKeysItNamesAndSystemPropertiesWin() throws Exception {
    Path f = dir.resolve("prod.conf");
    Files.writeString(f, "xw.warehouse.path = \"/data/xw\"\nxw.metrics.min-sample = 50\n"
        + "xw.sources.crm.customers.columns.segment = \"Tier\"\n");
    System.setProperty("xw.metrics.min-sample", "40");
    ConfigFactory.invalidateCaches();
    try {
      Settings s = SettingsLoader.load(Optional.of(f.toFile()));
      assertEquals("/data/xw", s.warehousePath());
      assertEquals(40, s.metrics().minSample());
      assertEquals("Tier", s.sources().customers().columns().get("segment"));
      assertEquals("Customer ID", s.sources().customers().columns().get("customer_id"));
    } finally {
      System.clearProperty("xw.metrics.min-sample");
      ConfigFactory.invalidateCaches();
    }
  }

  @Test
  void withoutConfTheFileNamedByConfigFileIsRead() throws Exception {
    Path f = dir.resolve("ops.conf");
    Files.writeString(f, "xw.environment = \"staging\"\n");
    System.setProperty("config.file", f.toString());
    ConfigFactory.invalidateCaches();
    try {
      assertEquals("staging", SettingsLoader.load(Optional.empty()).environment());
    } finally {
      System.clearProperty("config.file");
      ConfigFactory.invalidateCaches();
    }
  }

  @Test
  void badValuesFailAtStartUpWithTheKeyInOneLine() throws Exception {
    Path f = dir.resolve("bad.conf");
    Files.writeString(f, "xw.session.timeout = soon\n");
    SettingsLoader.BadConfigException e = assertThrows(SettingsLoader.BadConfigException.class,
        () -> SettingsLoader.load(Optional.of(f.toFile())));
    assertTrue(e.getMessage().contains("session.timeout"), e.getMessage());
    assertTrue(!e.getMessage().contains("\n"), e.getMessage());

    Files.writeString(f, "xw.metrics.min-sample = 0\n");
    e = assertThrows(SettingsLoader.BadConfigException.class,
        () -> SettingsLoader.load(Optional.of(f.toFile())));
    assertEquals("bad configuration: xw.metrics.min-sample must be > 0, got 0", e.getMessage());

    Files.writeString(f, "xw.sources.web.format = \"csv\"\n");
    e = assertThrows(SettingsLoader.BadConfigException.class,
        () -> SettingsLoader.load(Optional.of(f.toFile())));
    assertEquals("bad configuration: xw.sources.web.format must be one of [ga4-json, ga4-parquet, events-csv, "
        + "events-parquet], got 'csv'", e.getMessage());

    Files.writeString(f, "xw.sources.web.events.properties { \"plan name\" = \"Plan\" }\n");
    e = assertThrows(SettingsLoader.BadConfigException.class,
        () -> SettingsLoader.load(Optional.of(f.toFile())));
    assertEquals("bad configuration: xw.sources.web.events.properties key 'plan name' must be letters, digits "
        + "and _", e.getMessage());
  }
}
