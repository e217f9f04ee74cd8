package com.experiencewarehouse.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticExportsTest {

  @TempDir
  Path dir;

  private static List<Path> files(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile).sorted().toList();
    }
  }

  @Test
  void theSameSeedWritesTheSameBytesAndAnotherSeedDoesNot() throws IOException {
    SyntheticExports.Plan plan = new SyntheticExports.Plan(60, 2, LocalDate.of(2026, 9, 1), 7, 0.02);
    new SyntheticExports(plan).writeTo(dir.resolve("a"));
    new SyntheticExports(plan).writeTo(dir.resolve("b"));
    new SyntheticExports(new SyntheticExports.Plan(60, 2, LocalDate.of(2026, 9, 1), 8, 0.02))
        .writeTo(dir.resolve("c"));
    List<Path> a = files(dir.resolve("a"));
    // 2 days × (events, customers, tickets, responses)
    assertEquals(8, a.size());
    boolean anyDiffers = false;
    for (Path f : a) {
      Path rel = dir.resolve("a").relativize(f);
      assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(dir.resolve("b").resolve(rel)), rel.toString());
      anyDiffers |= !java.util.Arrays.equals(Files.readAllBytes(f), Files.readAllBytes(dir.resolve("c").resolve(rel)));
    }
    assertTrue(anyDiffers, "seed 8 should differ from seed 7");
  }

  @Test
  void filesHaveTheLayoutAndHeadersTheJobReads() throws IOException {
    new SyntheticExports(new SyntheticExports.Plan(30, 1, LocalDate.of(2026, 9, 1), 1, 0.02)).writeTo(dir);
    assertTrue(Files.exists(dir.resolve("web/2026-09-01/events_20260901.json")));
    assertEquals("Customer ID,Email,Full Name,Phone,Segment,Plan,Region,Signup Date,Status,Churn Date,"
        + "Lifetime Value,Owner", Files.readAllLines(dir.resolve("crm/2026-09-01/customers.csv")).get(0));
    assertEquals("response_id,customer_ref,survey_type,item,score,responded_at",
        Files.readAllLines(dir.resolve("surveys/2026-09-01/responses.csv")).get(0));
    // 30 customers + 2 bad examples + 1 exact duplicate of the first row
    List<String> customers = Files.readAllLines(dir.resolve("crm/2026-09-01/customers.csv"));
    assertEquals(1 + 30 + 2 + 1, customers.size());
    assertEquals(customers.get(1), customers.get(customers.size() - 1));
    assertFalse(Files.readString(dir.resolve("web/2026-09-01/events_20260901.json")).isEmpty());
  }
}
