package com.experiencewarehouse.sources;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
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
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;

/** Finds a source's files for a date: ROOT/DIR/yyyy-MM-dd/PATTERN, through Hadoop's file systems. */
public final class InputFiles {

  private InputFiles() {}

  /** The input of a run is unusable (missing folder, no files, unreadable header): exit 2. */
  public static class BadInputException extends RuntimeException {
    public BadInputException(String message) {
      super(message);
    }
  }

  /** A source's input of the date is not there at all (no folder, no file): for an optional source, no rows. */
  public static final class MissingInputException extends BadInputException {
    public MissingInputException(String message) {
      super(message);
    }
  }

  /**
   * The problems of a night's input, gathered over every source and file before anything is
   * written, so that one exit-2 line names them all (a run per missing column costs a user a night
   * each); and notes on what the night reads without, for its summary. A source without input at
   * all stops the check at once, unless the source is optional.
   */
  public static final class Problems {
    private final List<String> problems = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    /**
     * The step's result; on a problem of the files' content (a missing column, field or question),
     * {@code fallback} and the problem kept for {@link #throwIfAny}. Missing input (no folder, no
     * file: a night not exported yet) stops at once, as the one thing to fix first.
     */
    public <T> T check(java.util.function.Supplier<T> step, T fallback) {
      try {
        return step.get();
      } catch (MissingInputException e) {
        throw e;
      } catch (BadInputException e) {
        problems.add(e.getMessage());
        return fallback;
      }
    }

    /**
     * As {@link #check}, but when the source is optional its missing input is a note ({@code
     * absent}, e.g. "surveys: no input for 2026-09-14") and {@code fallback} its (empty) files.
     */
    public <T> T checkOptional(boolean optional, String source, java.util.function.Supplier<T> step, T fallback) {
      try {
        return step.get();
      } catch (MissingInputException e) {
        if (!optional) {
          throw e;
        } else {
          notes.add(source + " is optional and has no input tonight (" + e.getMessage() + "): no " + source
              + " rows this night");
        }
        return fallback;
      } catch (BadInputException e) {
        problems.add(e.getMessage());
        return fallback;
      }
    }

    public void note(String note) {
      notes.add(note);
    }

    public List<String> notes() {
      return List.copyOf(notes);
    }

    /** One exception naming every problem, if there was any. */
    public void throwIfAny() {
      if (!problems.isEmpty()) {
        throw new BadInputException(String.join("; ", problems));
      }
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
    List<String> files = find(hadoop, folder, pattern, what);
    if (files.isEmpty()) {
      throw new MissingInputException("no " + what + " file matching '" + pattern + "' in " + folder);
    }
    return files;
  }

  /** Files of the folder matching the pattern, sorted by name (maybe none); fails when the folder is missing. */
  public static List<String> find(Configuration hadoop, String folder, String pattern, String what) {
    try {
      Path dir = new Path(folder);
      FileSystem fs = dir.getFileSystem(hadoop);
      if (!fs.isDirectory(dir)) {
        throw new MissingInputException("missing input folder for " + what + ": " + folder);
      }
      FileStatus[] found = fs.globStatus(new Path(dir, pattern));
      List<String> files = new ArrayList<>();
      if (found != null) {
        Arrays.stream(found).filter(FileStatus::isFile)
            .forEach(s -> files.add(s.getPath().toString()));
      }
      files.sort(String::compareTo);
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + folder + ": " + e.getMessage(), e);
    }
  }

  /**
   * The files of the list that repeat an earlier one, each with the note that says which and why:
   * the same file reached twice (a symlink, a path spelled two ways: the same real path) or another
   * file with the same bytes (a copy, e.g. "events_20260914 (1).json"). Read twice, a night would
   * count every row of it twice, without any row looking wrong. Sizes first, so only files of
   * equal size are hashed (SHA-256 of the bytes as stored).
   */
  public static java.util.Map<String, String> repeats(Configuration hadoop, List<String> files) {
    java.util.Map<String, String> repeats = new java.util.LinkedHashMap<>();
    java.util.Map<String, String> byRealPath = new java.util.HashMap<>();
    java.util.Map<Long, List<String>> bySize = new java.util.LinkedHashMap<>();
    for (String f : files) {
      String real = realPath(hadoop, f);
      String earlier = byRealPath.putIfAbsent(real, f);
      if (earlier != null) {
        repeats.put(f, f + " is " + earlier + " again (the same file: " + real + "); read once");
        continue;
      }
      bySize.computeIfAbsent(status(hadoop, f).getLen(), n -> new ArrayList<>()).add(f);
    }
    for (List<String> same : bySize.values()) {
      if (same.size() < 2) {
        continue;
      }
      java.util.Map<String, String> byDigest = new java.util.HashMap<>();
      for (String f : same) {
        String earlier = byDigest.putIfAbsent(sha256(hadoop, f), f);
        if (earlier != null) {
          repeats.put(f, f + " holds the same bytes as " + earlier + " (a copy); read once");
        }
      }
    }
    return repeats;
  }

  /** A file's path with symlinks resolved (local files; other file systems: as listed, qualified). */
  private static String realPath(Configuration hadoop, String file) {
    Path p = new Path(file);
    try {
      FileSystem fs = p.getFileSystem(hadoop);
      Path qualified = fs.makeQualified(p);
      if ("file".equals(qualified.toUri().getScheme())) {
        return java.nio.file.Paths.get(qualified.toUri()).toRealPath().toUri().toString();
      }
      return qualified.toString();
    } catch (IOException e) {
      throw new BadInputException("cannot read " + file + ": " + e.getMessage());
    }
  }

  private static FileStatus status(Configuration hadoop, String file) {
    Path p = new Path(file);
    try {
      return p.getFileSystem(hadoop).getFileStatus(p);
    } catch (IOException e) {
      throw new BadInputException("cannot read " + file + ": " + e.getMessage());
    }
  }

  private static String sha256(Configuration hadoop, String file) {
    Path p = new Path(file);
    try (InputStream in = p.getFileSystem(hadoop).open(p)) {
      java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      for (int n = in.read(buffer); n != -1; n = in.read(buffer)) {
        digest.update(buffer, 0, n);
      }
      return java.util.HexFormat.of().formatHex(digest.digest());
    } catch (IOException e) {
      throw new BadInputException("cannot read " + file + ": " + e.getMessage());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Bytes of the files as stored (compressed files count as stored). */
  public static long totalBytes(Configuration hadoop, List<String> files) {
    long total = 0;
    for (String f : files) {
      Path p = new Path(f);
      try {
        total += p.getFileSystem(hadoop).getFileStatus(p).getLen();
      } catch (IOException e) {
        throw new BadInputException("cannot read " + f + ": " + e.getMessage());
      }
    }
    return total;
  }

  /**
   * A text file's encoding from its byte-order mark: UTF-16 (either byte order) when it starts with
   * one, else UTF-8 (with or without its mark). Detected, never configured: exports differ per tool.
   */
  public static Charset encoding(Configuration hadoop, String file) {
    try (InputStream in = open(hadoop, file)) {
      int b0 = in.read();
      int b1 = in.read();
      boolean utf16 = (b0 == 0xFF && b1 == 0xFE) || (b0 == 0xFE && b1 == 0xFF);
      return utf16 ? StandardCharsets.UTF_16 : StandardCharsets.UTF_8;
    } catch (IOException e) {
      throw new BadInputException("cannot read " + file + ": " + e.getMessage());
    }
  }

  /**
   * Fails (exit 2) when a file holds no bytes, decompressed: a failed export or copy (an export of a
   * night without rows still writes its header row, or for JSON, is not there at all).
   */
  public static void requireContent(Configuration hadoop, String file, String what) {
    try (InputStream in = open(hadoop, file)) {
      if (in.read() == -1) {
        throw new BadInputException("empty " + what + " file (0 bytes): " + file);
      }
    } catch (IOException e) {
      throw new BadInputException("cannot read " + file + ": " + e.getMessage());
    }
  }

  /** A text file's characters in its detected encoding (UTF-16's byte-order mark consumed, UTF-8's not). */
  public static java.io.Reader reader(Configuration hadoop, String file) throws IOException {
    return new BufferedReader(new InputStreamReader(open(hadoop, file), encoding(hadoop, file)));
  }

  /** First line of a text file in its detected encoding, without byte-order mark; null when empty. */
  public static String firstLine(Configuration hadoop, String file) {
    try (BufferedReader r = new BufferedReader(reader(hadoop, file))) {
      String line = r.readLine();
      if (line != null && line.startsWith("\uFEFF")) {
        line = line.substring(1);
      }
      return line;
    } catch (IOException e) {
      throw new BadInputException("cannot read " + file + ": " + e.getMessage());
    }
  }

  /** A file's bytes, decompressed when its name says so (.gz, .bz2, ...), as Spark reads it. */
  private static InputStream open(Configuration hadoop, String file) throws IOException {
    Path p = new Path(file);
    InputStream in = p.getFileSystem(hadoop).open(p);
    CompressionCodec codec = new CompressionCodecFactory(hadoop).getCodec(p);
    return codec == null ? in : codec.createInputStream(in);
  }
}
