package com.experiencewarehouse.sources;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Finds a source's files for a date: ROOT/DIR/yyyy-MM-dd/PATTERN, through Hadoop's file systems. */
public final class InputFiles {

  private InputFiles() {}

  /** The input of a run is unusable (missing folder, no files, unreadable header): exit 2. */
  public static final class BadInputException extends RuntimeException {
    public BadInputException(String message) {
      super(message);
    }
  }

  public static String dateFolder(String root, String dir, LocalDate date) {
    return root + "/" + dir + "/" + date;
  }

  /** Expands {yyyyMMdd} and {yyyy-MM-dd} in a file pattern. */
  public static String expand(String pattern, LocalDate date) {
    return pattern
        .replace("{yyyyMMdd}", date.format(DateTimeFormatter.BASIC_ISO_DATE))
        .replace("{yyyy-MM-dd}", date.toString());
  }

  /** Files of the folder matching the pattern, sorted by name; fails when the folder or files are missing. */
  public static List<String> list(Configuration hadoop, String folder, String pattern, String what) {
    try {
      Path dir = new Path(folder);
      FileSystem fs = dir.getFileSystem(hadoop);
      if (!fs.isDirectory(dir)) {
        throw new BadInputException("missing input folder for " + what + ": " + folder);
      }
      FileStatus[] found = fs.globStatus(new Path(dir, pattern));
      List<String> files = new ArrayList<>();
      if (found != null) {
        Arrays.stream(found).filter(FileStatus::isFile)
            .forEach(s -> files.add(s.getPath().toString()));
      }
      if (files.isEmpty()) {
        throw new BadInputException("no " + what + " file matching '" + pattern + "' in " + folder);
      }
      files.sort(String::compareTo);
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + folder + ": " + e.getMessage(), e);
    }
  }

  /** First line of a file without a UTF-8 byte-order mark; null for an empty file. */
  public static String firstLine(Configuration hadoop, String file) {
    Path p = new Path(file);
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        p.getFileSystem(hadoop).open(p), StandardCharsets.UTF_8))) {
      String line = r.readLine();
      if (line != null && line.startsWith("\uFEFF")) {
        line = line.substring(1);
      }
      return line;
    } catch (IOException e) {
      throw new BadInputException("cannot read " + file + ": " + e.getMessage());
    }
  }
}
