package com.experiencewarehouse.sources;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputFilesTest {

  @Test
  void aCopyASymlinkAndAPathSpelledTwiceAreRepeatsAndFilesOfEqualSizeButOtherBytesAreNot(@TempDir Path dir)
      throws IOException {
    Path a = Files.writeString(dir.resolve("events_a.json"), "{\"n\":1}\n");
    Path copy = Files.copy(a, dir.resolve("events_a (1).json"));
    Path link = Files.createSymbolicLink(dir.resolve("events_link.json"), a);
    // The same size as a (8 bytes), other bytes: another file.
    Path sameSize = Files.writeString(dir.resolve("events_b.json"), "{\"n\":2}\n");
    Path longer = Files.writeString(dir.resolve("events_c.json"), "{\"n\":10}\n");
    Path sub = Files.createDirectories(dir.resolve("sub"));
    String spelledTwice = sub.resolve("..").resolve("events_c.json").toString();
    List<String> files = List.of(a.toString(), copy.toString(), link.toString(), sameSize.toString(),
        longer.toString(), spelledTwice);
    Map<String, String> repeats = InputFiles.repeats(new Configuration(), files);
    String real = a.toRealPath().toUri().toString();
    assertEquals(Map.of(
            link.toString(), link + " is " + a + " again (the same file: " + real + "); read once",
            spelledTwice, spelledTwice + " is " + longer + " again (the same file: "
                + longer.toRealPath().toUri() + "); read once",
            copy.toString(), copy + " holds the same bytes as " + a + " (a copy); read once"),
        repeats);
  }

  @Test
  void distinctFilesHaveNoRepeats(@TempDir Path dir) throws IOException {
    Path a = Files.writeString(dir.resolve("a.csv"), "id\n1\n");
    Path b = Files.writeString(dir.resolve("b.csv"), "id\n2\n");
    assertEquals(Map.of(), InputFiles.repeats(new Configuration(), List.of(a.toString(), b.toString())));
  }
}
