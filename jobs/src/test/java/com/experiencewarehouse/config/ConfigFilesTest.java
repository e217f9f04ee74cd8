package com.experiencewarehouse.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --conf X} in every deploy mode: a local path, a URI, or a file given to spark-submit --files. */
class ConfigFilesTest {

  @TempDir
  Path dir;

  @Test
  void aLocalPathIsReadAsAFile() throws Exception {
    Path f = Files.writeString(dir.resolve("prod.conf"), "xw.dev-mode = true\n");
    ConfigFiles.Located found = ConfigFiles.locate(f.toString(), new Properties());
    assertEquals(new ConfigFiles.LocalFile(f.toFile()), found);
  }

  @Test
  void aUriIsReadThroughHadoopsFileSystems() throws Exception {
    Path f = Files.writeString(dir.resolve("remote.conf"),
        "xw.dev-mode = true\nxw.environment = \"from-uri\"\nxw.warehouse.path = \"s3a://bucket/xw\"\n"
            + "xw.catalog.embedded-path = /var/lib/xw/catalog\n");
    String uri = f.toUri().toString();                      // file:///…/remote.conf
    assertEquals(new ConfigFiles.RemoteFile(uri), ConfigFiles.locate(uri, new Properties()));
    Settings s = SettingsLoader.loadFrom(Optional.of(uri));
    assertEquals("from-uri", s.environment());
    assertEquals("s3a://bucket/xw", s.warehousePath());
    assertEquals("s3a://bucket/xw/quarantine", s.quarantine().path());
    assertEquals("/var/lib/xw/catalog", s.catalog().embeddedPath());
  }

  @Test
  void aNameIsFoundAmongTheFilesGivenToSparkSubmit() throws Exception {
    Path f = Files.writeString(dir.resolve("cluster.conf"), "xw.dev-mode = true\n");
    Properties props = new Properties();
    // What spark-submit sets before calling main: --files resolved to URIs, comma-separated.
    props.setProperty("spark.files", "file:/etc/other.txt," + f.toUri());
    assertEquals(new ConfigFiles.RemoteFile(f.toUri().toString()), ConfigFiles.locate("cluster.conf", props));
    // local: means a path on every node (e.g. in the image): read as a local file.
    props.setProperty("spark.files", "local:///opt/xw/cluster.conf");
    assertEquals(new ConfigFiles.LocalFile(new java.io.File("/opt/xw/cluster.conf")),
        ConfigFiles.locate("cluster.conf", props));
  }

  @Test
  void aMissingFileIsOneLineNamingWhereItLooked() {
    Properties props = new Properties();
    SettingsLoader.BadConfigException e = assertThrows(SettingsLoader.BadConfigException.class,
        () -> ConfigFiles.locate("nightly.conf", props));
    assertEquals("config file not found: nightly.conf", e.getMessage());
    props.setProperty("spark.files", "file:/jobs/a.conf, hdfs://nn/xw/b.conf");
    e = assertThrows(SettingsLoader.BadConfigException.class, () -> ConfigFiles.locate("nightly.conf", props));
    assertEquals("config file not found: nightly.conf (nor among spark-submit --files: file:/jobs/a.conf, "
        + "hdfs://nn/xw/b.conf)", e.getMessage());
    String missing = dir.resolve("gone.conf").toUri().toString();
    e = assertThrows(SettingsLoader.BadConfigException.class, () -> SettingsLoader.loadFrom(Optional.of(missing)));
    // Hadoop names the path with one slash after "file:".
    assertEquals("cannot read config file " + missing + ": File file:" + dir.resolve("gone.conf") + " does not exist",
        e.getMessage());
  }

  @Test
  void aOneLetterSchemeIsAWindowsDriveNotAUri() {
    assertEquals(Optional.empty(), ConfigFiles.scheme("C:/xw/prod.conf"));
    assertEquals(Optional.of("hdfs"), ConfigFiles.scheme("hdfs://nn:8020/xw/prod.conf"));
    assertEquals(Optional.empty(), ConfigFiles.scheme("conf/prod.conf"));
  }
}
