package com.experiencewarehouse.config;

import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * Where {@code --conf X} is read from, so one command line works in every deploy mode:
 * <ol>
 *   <li>a local file X (client mode; YARN cluster mode, where {@code --files} lands in the driver's
 *       working directory);</li>
 *   <li>a URI X with a scheme ({@code hdfs:}, {@code s3a:}, {@code file:}, {@code local:}), read
 *       through Hadoop's file systems;</li>
 *   <li>under spark-submit, the file named X among {@code --files} ({@code spark.files}), read from
 *       where spark-submit put it (Kubernetes cluster mode uploads it to an object store).</li>
 * </ol>
 */
public final class ConfigFiles {

  private ConfigFiles() {}

  /** The file's text source: a local file, or a reader of a Hadoop URI (the caller closes it). */
  public sealed interface Located permits LocalFile, RemoteFile {}

  public record LocalFile(File file) implements Located {}

  public record RemoteFile(String uri) implements Located {
    public Reader open() throws IOException {
      Path p = new Path(uri);
      return new InputStreamReader(p.getFileSystem(hadoopConf()).open(p), StandardCharsets.UTF_8);
    }
  }

  /** Finds X, or fails with a one-line message naming where it looked. */
  public static Located locate(String location, Properties systemProperties) {
    File local = new File(location);
    if (local.isFile()) {
      return new LocalFile(local);
    }
    Optional<String> scheme = scheme(location);
    if (scheme.isPresent()) {
      return scheme.get().equals("local") ? new LocalFile(new File(URI.create(location).getPath()))
          : new RemoteFile(location);
    }
    List<String> submitted = submittedFiles(systemProperties);
    for (String uri : submitted) {
      if (new Path(uri).getName().equals(local.getName())) {
        return locate(uri, new Properties());
      }
    }
    throw new SettingsLoader.BadConfigException("config file not found: " + location
        + (submitted.isEmpty() ? "" : " (nor among spark-submit --files: " + String.join(", ", submitted) + ")"));
  }

  /** The files spark-submit distributes (it sets spark.* system properties before calling main). */
  static List<String> submittedFiles(Properties systemProperties) {
    String files = systemProperties.getProperty("spark.files", "").trim();
    return files.isEmpty() ? List.of() : Arrays.stream(files.split(",")).map(String::trim)
        .filter(f -> !f.isEmpty()).toList();
  }

  /** A URI scheme of two or more letters (one letter is a Windows drive, not a scheme). */
  static Optional<String> scheme(String location) {
    try {
      String s = new URI(location).getScheme();
      return s != null && s.length() > 1 ? Optional.of(s.toLowerCase(java.util.Locale.ROOT)) : Optional.empty();
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }

  /** Hadoop settings before any Spark session: spark-submit's spark.hadoop.* keys over core-site.xml. */
  private static Configuration hadoopConf() {
    Configuration conf = new Configuration();
    System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("spark.hadoop."))
        .forEach(k -> conf.set(k.substring("spark.hadoop.".length()), System.getProperty(k)));
    return conf;
  }
}
