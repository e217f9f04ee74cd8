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

  @Test
  void aVolumeIsReachedWithinFivePercent() throws IOException {
    // 5 000 customers aiming at 100 000 web events (20 a customer, like profile S), 500 survey
    // responses and 500 tickets. The volumes come from random draws, so the check is a band: a
    // plain 3.4-events-a-customer day (17 000) or a rate off by 10 % fails it.
    SyntheticExports.Volume volume = new SyntheticExports.Volume(100_000, 500, 500);
    long events = new SyntheticExports(new SyntheticExports.Plan(5000, 1, LocalDate.of(2026, 9, 1), 3, 0.0,
        volume)).writeTo(dir);
    assertTrue(Math.abs(events - 100_000) <= 5000, "web events " + events);
    List<String> answers = Files.readAllLines(dir.resolve("surveys/2026-09-01/responses.csv"));
    long responses = answers.stream().skip(1).map(l -> l.split(",")[0]).distinct().count();
    assertTrue(Math.abs(responses - 500) <= 25, "survey responses " + responses);
    // header + tickets + the one duplicate and one bad example every file has
    long tickets = Files.readAllLines(dir.resolve("crm/2026-09-01/tickets.csv")).size() - 3;
    assertTrue(Math.abs(tickets - 500) <= 25, "tickets " + tickets);
  }
}
