package com.experiencewarehouse.job;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.experiencewarehouse.privacy.ContactDetails;
import com.experiencewarehouse.testing.JobRunner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
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
    JobRunner.Result r = job.run("run", "--date", "2026-09-14");
    assertEquals(0, r.exitCode(), r.err());
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
