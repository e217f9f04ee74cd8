package com.experiencewarehouse.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.experiencewarehouse.config.SettingsLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShufflePartitionsTest {

  @TempDir
  Path dir;

  private static final long MB = 1L << 20;

  @Test
  void onePartitionPer64MbOfInputBetweenTwoPerCoreAndTheMaximum() {
    // The sample night: 0.8 MB on 2 cores -> ceil(0.8/64) = 1, below 2 x 2 = 4 -> 4.
    assertEquals(4, ShufflePartitions.forInput(800_000, 2, 64 * MB, 2000));
    // 10 GiB on 16 cores: 10240 MB / 64 MB = 160 > 32 -> 160.
    assertEquals(160, ShufflePartitions.forInput(10_240 * MB, 16, 64 * MB, 2000));
    // One byte more than 160 partitions' worth -> 161 (rounded up, so none is over the size).
    assertEquals(161, ShufflePartitions.forInput(10_240 * MB + 1, 16, 64 * MB, 2000));
    // 1 TiB: 1 048 576 MB / 64 MB = 16 384 -> capped at 2000.
    assertEquals(2000, ShufflePartitions.forInput(1_048_576 * MB, 16, 64 * MB, 2000));
    // No input and no cores known yet: still 2.
    assertEquals(2, ShufflePartitions.forInput(0, 0, 64 * MB, 2000));
  }

  @Test
  void aShufflePartitionsSettingGivenToSparkSubmitWinsOverAuto() throws Exception {
    // spark-submit --conf spark.sql.shuffle.partitions=3 reaches the driver as a system property
    // before main starts; auto sizing (the packaged default) then leaves Spark's value alone.
    Path f = dir.resolve("auto.conf");
    Files.writeString(f, "xw.dev-mode = true\n");
    com.experiencewarehouse.config.Settings.SparkSettings s = SettingsLoader.load(Optional.of(f.toFile())).spark();
    assertEquals(true, SparkSessions.autoShufflePartitions(s));
    String before = System.getProperty("spark.sql.shuffle.partitions");
    System.setProperty("spark.sql.shuffle.partitions", "3");
    try {
      assertEquals(false, SparkSessions.autoShufflePartitions(s));
    } finally {
      if (before == null) {
        System.clearProperty("spark.sql.shuffle.partitions");
      } else {
        System.setProperty("spark.sql.shuffle.partitions", before);
      }
    }
    assertEquals(true, SparkSessions.autoShufflePartitions(s));
  }
}
