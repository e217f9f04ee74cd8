package com.experiencewarehouse.spark;

import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Where the embedded catalog's Derby writes its log: derby.log in the catalog's folder, instead of the
 * working directory. Derby asks for the stream when it boots, at the first catalog lookup, which
 * comes after the run's checks: a run refused before it writes leaves no folder behind.
 */
public final class DerbyLog {

  private static volatile File folder = new File(".");

  private DerbyLog() {}

  static void useFolder(File dir) {
    folder = dir;
    System.setProperty("derby.stream.error.method", DerbyLog.class.getName() + ".stream");
  }

  /** Called by Derby (derby.stream.error.method). Makes the folder, which Derby's database goes in too. */
  public static OutputStream stream() {
    File dir = folder;
    try {
      if (!dir.isDirectory() && !dir.mkdirs()) {
        throw new IOException("cannot create " + dir);
      }
      return new FileOutputStream(new File(dir, "derby.log"), true);
    } catch (IOException e) {
      // Derby's own messages are not worth failing for.
      return OutputStream.nullOutputStream();
    }
  }
}
