package com.experiencewarehouse.job;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.experiencewarehouse.privacy.ContactDetails;
import com.experiencewarehouse.privacy.KeyedHash;
import com.experiencewarehouse.testing.JobRunner;
import com.experiencewarehouse.testing.SecretForms;
import com.experiencewarehouse.testing.SharedSpark;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkFirehoseListener;
import org.apache.spark.scheduler.SparkListenerEvent;
import org.apache.spark.util.JsonProtocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A night as a deployment runs it: a real hash key outside dev mode, the quarantine in a location of
 * its own (to be access-restricted apart from the BI tables), its raw records masked.
 */
class QuarantineLocationTest {

  static final String KEY = "Zq3vN8rT1xW5yB7cD9fH2jK4mP6sU0aE";

  @TempDir
  Path dir;

  @Test
  void aRealKeyRunWritesTheMaskedQuarantineWhereConfiguredAndNothingUnderTheWarehouse() throws Exception {
    Path restricted = dir.resolve("restricted/xw-quarantine");
    JobRunner job = new JobRunner(dir, "xw.dev-mode = false\nxw.pii.hash-key = \"" + KEY + "\"\n"
        + "xw.quarantine.path = \"" + restricted + "\"");
    // Every listener event of the night as the event log writes it (Spark's JsonProtocol): what the
    // Spark UI, an event log and a history server show. The shared session started before the
    // night, so its event log cannot be switched on here; the listener sees the same events.
    List<String> events = Collections.synchronizedList(new ArrayList<>());
    SparkFirehoseListener listener = new SparkFirehoseListener() {
      @Override
      public void onEvent(SparkListenerEvent event) {
        events.add(JsonProtocol.sparkEventToJsonString(event));
      }
    };
    SparkContext sc = SharedSpark.get().sparkContext();
    sc.addSparkListener(listener);
    JobRunner.Result r;
    try {
      r = job.run("run", "--date", "2026-09-14");
      sc.listenerBus().waitUntilEmpty();
    } finally {
      sc.removeSparkListener(listener);
    }
    assertEquals(0, r.exitCode(), r.err());
    // The key is in none of them, in no form (nor in the job's output), though the plan that
    // computed email_key is among them.
    String logged = String.join("\n", events);
    assertTrue(logged.contains(KeyedHash.FUNCTION + "("), "the keyed plan's events");
    Map<String, String> forms = SecretForms.of(KEY);
    assertEquals(List.of(), SecretForms.foundIn(forms, logged), "event log");
    assertEquals(List.of(), SecretForms.foundIn(forms, r.out() + r.err()), "output");
    assertFalse(r.err().contains("dev mode"), r.err());

    assertTrue(Files.isDirectory(restricted.resolve("rejected_record/_delta_log")));
    assertFalse(Files.exists(job.warehouse().resolve("quarantine")));
    assertTrue(Files.isDirectory(job.warehouse().resolve("bronze/crm_customers")));
    // EXPECTED.md, 2026-09-14: 2 + 3 + 2 + 4 rows quarantined, all found at the configured place.
    assertEquals(11L, job.table("quarantine.rejected_record").count());

    // The three bad customer rows held emails and phone numbers: masked, the rest kept.
    List<String> raw = job.table("quarantine.rejected_record").filter(col("source").equalTo("crm_customers"))
        .select("raw_record").as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
    assertEquals(3, raw.size());
    for (String record : raw) {
      assertFalse(Pattern.compile(ContactDetails.EMAIL).matcher(record).find(), record);
      assertFalse(Pattern.compile(ContactDetails.PHONE).matcher(record).find(), record);
    }
    assertTrue(raw.stream().anyMatch(s -> s.contains("[email]") && s.contains("[phone]")), raw.toString());

    // email_key is the HMAC-SHA256 of the normalized email under the configured key.
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String expected = HexFormat.of().formatHex(mac.doFinal("sofia.kowalski@example.com".getBytes(StandardCharsets.UTF_8)));
    assertEquals(expected, job.table("silver.customer_snapshot").filter(col("customer_id").equalTo("C0001"))
        .select("email_key").as(org.apache.spark.sql.Encoders.STRING()).first());
  }
}
