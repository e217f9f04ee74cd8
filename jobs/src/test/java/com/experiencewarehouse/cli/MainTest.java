package com.experiencewarehouse.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.experiencewarehouse.testing.JobRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad usage, bad config and unusable input: one line on stderr, exit 2, nothing written. */
class MainTest {

  @TempDir
  Path dir;

  private static String lastLine(String text) {
    String[] lines = text.strip().split("\n");
    return lines[lines.length - 1];
  }

  @Test
  void noCommandPrintsUsageAndExitsTwo() {
    JobRunner.Result r = new JobRunner(dir, "").run();
    // JobRunner appends --conf FILE, so "no command" is "--conf FILE" alone: unknown command.
    assertEquals(2, r.exitCode());
    assertEquals("usage: xw run --date YYYY-MM-DD [--conf FILE]"
        + " | xw backfill --from YYYY-MM-DD --to YYYY-MM-DD [--restart] [--conf FILE] | xw maintain [--conf FILE]"
        + " | xw forget (--customer-id ID | --email ADDRESS) [--conf FILE]"
        + " | xw sql [--conf FILE] STATEMENT | xw serve [--conf FILE] [--host H] [--port P]"
        + " | xw report --quarter YYYY-Qn [--out DIR] [--conf FILE]"
        + " | xw generate --out DIR [--profile S|M]"
        + " [--scale K] [--customers N] [--days D] [--start YYYY-MM-DD] [--seed S]", lastLine(r.err()));
  }

  @Test
  void badDateAndUnknownArgumentsExitTwoWithOneLineReason() {
    JobRunner job = new JobRunner(dir, "");
    JobRunner.Result badDate = job.run("run", "--date", "2026-02-30");
    assertEquals(2, badDate.exitCode());
    assertTrue(badDate.err().startsWith("xw: bad date '2026-02-30': expected YYYY-MM-DD"), badDate.err());
    JobRunner.Result missing = job.run("run");
    assertEquals(2, missing.exitCode());
    assertTrue(missing.err().startsWith("xw: missing --date"), missing.err());
    JobRunner.Result unknown = job.run("load", "--date", "2026-09-14");
    assertEquals(2, unknown.exitCode());
    assertTrue(unknown.err().startsWith("xw: unknown command 'load'"), unknown.err());
    JobRunner.Result backwards = job.run("backfill", "--from", "2026-09-15", "--to", "2026-09-14");
    assertEquals(2, backwards.exitCode());
    assertTrue(backwards.err().startsWith("xw: --to 2026-09-14 is before --from 2026-09-15\n"), backwards.err());
    JobRunner.Result noEnd = job.run("backfill", "--from", "2026-09-14");
    assertEquals(2, noEnd.exitCode());
    assertTrue(noEnd.err().startsWith("xw: missing --to\n"), noEnd.err());
    JobRunner.Result restartRun = job.run("run", "--date", "2026-09-14", "--restart");
    assertEquals(2, restartRun.exitCode());
    assertTrue(restartRun.err().startsWith("xw: unknown argument '--restart' for run\n"), restartRun.err());
    for (String[] args : List.of(new String[] {"forget"},
        new String[] {"forget", "--customer-id", "C1", "--email", "a@example.com"})) {
      JobRunner.Result forget = job.run(args);
      assertEquals(2, forget.exitCode());
      assertTrue(forget.err().startsWith("xw: forget needs exactly one of --customer-id ID and --email ADDRESS\n"),
          forget.err());
    }
    assertFalse(Files.exists(job.warehouse()));
  }

  @Test
  void aConfigKeyOfTheWrongTypeExitsTwoNamingTheKey() {
    JobRunner job = new JobRunner(dir, "xw.session.max-days = many");
    JobRunner.Result r = job.run("run", "--date", "2026-09-14");
    assertEquals(2, r.exitCode());
    assertEquals(1, r.err().strip().split("\n").length, r.err());
    assertTrue(r.err().contains("session.max-days"), r.err());
    assertFalse(Files.exists(job.warehouse()));
  }

  @Test
  void servingBeyondLoopbackWithoutATokenIsRefusedBeforeAnythingStarts() {
    JobRunner job = new JobRunner(dir, "");
    JobRunner.Result open = job.run("serve", "--host", "0.0.0.0", "--port", "15999");
    assertEquals(2, open.exitCode());
    assertEquals("xw: serve: binding 0.0.0.0 lets every machine that reaches port 15999 query the warehouse: set "
        + "xw.serve.token (env XW_SERVE_TOKEN, at least 16 characters; clients add /;token=... to sc://host:port) "
        + "and put TLS in front of it, or bind 127.0.0.1", lastLine(open.err()));
    assertEquals(1, open.err().strip().split("\n").length, open.err());
    // A host name is not looked up to decide: only a literal loopback address counts as private.
    JobRunner.Result named = job.run("serve", "--host", "warehouse.example.com", "--port", "15999");
    assertEquals(2, named.exitCode());
    assertTrue(lastLine(named.err()).startsWith("xw: serve: binding warehouse.example.com lets every machine"),
        named.err());
    // A token too short is a configuration error that never echoes the token.
    JobRunner shortToken = new JobRunner(dir.resolve("short"), "xw.serve.token = \"s3cr3t\"");
    JobRunner.Result tooShort = shortToken.run("serve", "--host", "0.0.0.0");
    assertEquals(2, tooShort.exitCode());
    assertEquals("xw: bad configuration: xw.serve.token (env XW_SERVE_TOKEN) must be at least 16 characters "
        + "without leading or trailing spaces (it has 6)", lastLine(tooShort.err()));
    assertFalse(tooShort.err().contains("s3cr3t"), tooShort.err());
    assertFalse(Files.exists(job.warehouse()));
  }

  @Test
  void aMissingConfigFileExitsTwo() {
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    Path absent = dir.resolve("absent.conf");
    int code = Main.execute(new String[] {"run", "--date", "2026-09-14", "--conf", absent.toString()},
        System.out, new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
    assertEquals(2, code);
    assertEquals("xw: config file not found: " + absent, err.toString().strip());
  }

  @Test
  void aMissingInputFolderExitsTwoBeforeAnyTableIsWritten() throws Exception {
    Path sources = Files.createDirectories(dir.resolve("in"));
    JobRunner job = new JobRunner(dir, "xw.sources.root = \"" + sources + "\"");
    JobRunner.Result r = job.run("run", "--date", "2026-09-14");
    assertEquals(2, r.exitCode());
    assertEquals("xw: missing input folder for GA4 events: " + sources + "/web/2026-09-14", lastLine(r.err()));
    assertFalse(Files.exists(job.warehouse()));
  }

  @Test
  void aBackfillChecksEveryNightsInputBeforeItWritesTheFirst() throws Exception {
    // data-samples has the 14th and 15th; the 16th has no web folder: nothing of the 14th is written.
    JobRunner job = new JobRunner(dir, "");
    JobRunner.Result r = job.run("backfill", "--from", "2026-09-14", "--to", "2026-09-16");
    assertEquals(2, r.exitCode(), r.err());
    assertEquals("xw: backfill 2026-09-14..2026-09-16 not started, nothing written: night 2026-09-16: missing input "
        + "folder for GA4 events: data-samples/web/2026-09-16", lastLine(r.err()));
    // One error line (the other stderr line is the dev-mode warning of the tests' sample key).
    assertEquals(1, r.err().lines().filter(l -> l.startsWith("xw: ")).count(), r.err());
    // Only the (released) lock's folder: no table.
    try (java.util.stream.Stream<Path> entries = Files.list(job.warehouse())) {
      assertEquals(java.util.List.of("_xw"), entries.map(p -> p.getFileName().toString()).toList());
    }
    assertFalse(Files.exists(job.warehouse().resolve("_xw/run.lock")));
  }

  @Test
  void aCsvExportWithoutARequiredColumnExitsTwoBeforeAnyTableIsWritten() throws Exception {
    Path sources = dir.resolve("in");
    org.apache.commons.io.FileUtils.copyDirectory(Path.of("data-samples").toFile(), sources.toFile());
    Path customers = sources.resolve("crm/2026-09-14/customers.csv");
    java.util.List<String> lines = Files.readAllLines(customers);
    lines.set(0, lines.get(0).replace("Segment", "Tier"));
    Files.write(customers, lines);
    JobRunner job = new JobRunner(dir, "xw.sources.root = \"" + sources + "\"");
    JobRunner.Result r = job.run("run", "--date", "2026-09-14");
    assertEquals(2, r.exitCode());
    assertEquals("xw: CRM customers file file:" + customers + " has no column 'Segment' (mapped from field segment)",
        lastLine(r.err()));
    assertFalse(Files.exists(job.warehouse()));
  }

  @Test
  void aSalesforceExportWithoutAMappedFieldExitsTwoBeforeAnyTableIsWritten() throws Exception {
    // The Case export lacks ContactId (a Data Loader export of chosen fields, say).
    Path sources = dir.resolve("sf");
    org.apache.commons.io.FileUtils.copyDirectory(Path.of("data-samples").toFile(), sources.toFile());
    Path cases = sources.resolve("formats/salesforce/crm/2026-09-14/Case.csv");
    String text = Files.readString(cases);
    Files.writeString(cases, text.replaceFirst("\"ContactId\"", "\"Contact\""));
    JobRunner job = new JobRunner(dir, "xw.sources.root = \"" + sources + "\"\n"
        + "xw.sources.crm { format = \"salesforce\", dir = \"formats/salesforce/crm\", "
        + "salesforce.customer.region = \"Account.Region__c\" }");
    JobRunner.Result r = job.run("run", "--date", "2026-09-14");
    assertEquals(2, r.exitCode());
    assertEquals("xw: Salesforce Case file file:" + cases + " has no field 'ContactId' (see xw.sources.crm.salesforce)",
        lastLine(r.err()));
    assertFalse(Files.exists(job.warehouse()));
  }

  @Test
  void everyMappingProblemOfEverySourceIsNamedInTheOneLine() {
    // A Salesforce org without the default mapping's custom fields, and a survey mapping to a
    // column the dump lacks: one run names them all (the Account's four fields, sorted, and the
    // survey's column), instead of one per run.
    JobRunner job = new JobRunner(dir, "xw.sources.crm { format = \"salesforce\", dir = \"formats/salesforce-standard/crm\" }\n"
        + "xw.sources.surveys.columns.score = \"Score\"");
    JobRunner.Result r = job.run("run", "--date", "2026-09-14");
    assertEquals(2, r.exitCode());
    Path account = Path.of("data-samples/formats/salesforce-standard/crm/2026-09-14/Account.csv").toAbsolutePath();
    Path responses = Path.of("data-samples/surveys/2026-09-14/responses.csv").toAbsolutePath();
    assertEquals("xw: Salesforce Account file file:" + account + " has no field 'Churn_Date__c', "
        + "'Customer_Status__c', 'Plan__c', 'Segment__c' (see xw.sources.crm.salesforce); survey file file:" + responses
        + " has no column 'Score' (mapped from field score)", lastLine(r.err()));
    assertFalse(Files.exists(job.warehouse()));
  }

  @Test
  void outsideDevModeTheSampleHashKeyIsRefusedWithOneLineBeforeAnythingIsWritten() {
    JobRunner job = new JobRunner(dir, "xw.dev-mode = false");
    JobRunner.Result r = job.run("run", "--date", "2026-09-14");
    assertEquals(2, r.exitCode());
    assertEquals("xw: bad configuration: xw.pii.hash-key is the public sample key of conf/application.conf: set "
        + "XW_PII_HASH_KEY to a secret of at least 32 characters (for the sample data only: XW_DEV_MODE=true)",
        r.err().strip());
    assertFalse(Files.exists(job.warehouse()));
  }
}
