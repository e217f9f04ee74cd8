package com.experiencewarehouse.generate;

import static com.experiencewarehouse.testing.Rows.d;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.experiencewarehouse.testing.JobRunner;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generates one night for 3000 customers (seed 42) with the real entry point, runs the job on it,
 * and checks that the drivers and scorecards recover each planted effect with the right sign and
 * within their 95 % CI.
 */
class PlantedEffectsTest {

  @TempDir
  Path dir;

  private static Row driver(JobRunner job, String ux, String cx) {
    List<Row> rows = job.table("gold.ux_cx_drivers")
        .filter(col("segment").equalTo("(all)").and(col("ux_measure").equalTo(ux)).and(col("cx_measure").equalTo(cx)))
        .collectAsList();
    assertEquals(1, rows.size(), ux + " x " + cx);
    return rows.get(0);
  }

  @Test
  void theDriversTableRecoversThePlantedEffects() {
    Path in = dir.resolve("in");
    JobRunner job = new JobRunner(dir, "xw.sources.root = \"" + in + "\"");
    JobRunner.Result gen = job.runWithoutConf("generate", "--out", in.toString(), "--customers", "3000",
        "--days", "1", "--start", "2026-09-01", "--seed", "42");
    assertEquals(0, gen.exitCode(), gen.err());
    JobRunner.Result run = job.run("run", "--date", "2026-09-01");
    assertEquals(0, run.exitCode(), run.err());

    // Failed checkout before an NPS answer: planted lift −55 points.
    Row nps = driver(job, "failed_checkouts", "NPS");
    assertFalse((Boolean) nps.getAs("lift_suppressed"), nps.toString());
    assertTrue(d(nps, "lift") < 0, nps.toString());
    assertTrue(d(nps, "lift_ci_low") <= SyntheticExports.Effects.NPS_LIFT_FAILED_CHECKOUT
        && SyntheticExports.Effects.NPS_LIFT_FAILED_CHECKOUT <= d(nps, "lift_ci_high"), nps.toString());
    assertTrue(d(nps, "pearson_r") < 0, nps.toString());

    // An error before a CES answer: planted lift −2.0.
    Row ces = driver(job, "error_events", "CES");
    assertFalse((Boolean) ces.getAs("lift_suppressed"), ces.toString());
    assertTrue(d(ces, "lift") < 0, ces.toString());
    assertTrue(d(ces, "lift_ci_low") <= SyntheticExports.Effects.CES_LIFT_ERROR
        && SyntheticExports.Effects.CES_LIFT_ERROR <= d(ces, "lift_ci_high"), ces.toString());

    // smb checkouts succeed less often (55 % against 80 %): its task success rate is lower.
    Row smb = job.table("gold.segment_scorecard_day").filter(col("segment").equalTo("smb")).first();
    Row consumer = job.table("gold.segment_scorecard_day").filter(col("segment").equalTo("consumer")).first();
    assertTrue(d(smb, "task_success_rate") < d(consumer, "task_success_rate"),
        smb.getAs("task_success_rate") + " vs " + consumer.getAs("task_success_rate"));

    // Every source balances, and each kind of bad row was quarantined with its reason.
    assertEquals(4L, job.table("gold.run_source_audit").filter(col("is_balanced")).count());
    List<String> reasons = job.table("quarantine.rejected_record").select("reason_code").distinct()
        .collectAsList().stream().map(r -> r.getString(0)).sorted().toList();
    assertEquals(List.of("bad_date", "bad_timestamp", "duplicate_id", "malformed_record", "missing_key",
        "score_out_of_range"), reasons);
  }
}
