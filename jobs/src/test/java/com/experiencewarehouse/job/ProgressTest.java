package com.experiencewarehouse.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import org.apache.spark.SparkException;
import org.junit.jupiter.api.Test;

/** The one-line reason a failed command ends with. */
class ProgressTest {

  @Test
  void aFullDiskUnderSparksErrorCodesIsTheReasonSaidPlainly() {
    // As Spark 4 reports a Delta write that hit ENOSPC: an error class on top, the OS's words two causes down.
    IOException enospc = new IOException("No space left on device");
    SparkException task = new SparkException("[TASK_WRITE_FAILED] Task failed while writing rows to "
        + "file:/srv/wh/gold/segment_scorecard_day. SQLSTATE: 58030", enospc);
    SparkException job = new SparkException("Job aborted due to stage failure: Task 0 in stage 15.0 failed 1 "
        + "times, most recent failure: Lost task 0.0 in stage 15.0 (TID 19) (localhost executor driver): "
        + "[TASK_WRITE_FAILED] SQLSTATE: 58030", task);
    assertEquals("No space left on device (writing file:/srv/wh/gold/segment_scorecard_day): free space on the "
        + "warehouse's disk and Spark's local dirs (spark.local.dir), then run the same command again",
        Progress.oneLine(new RuntimeException(job)));
    // From a cluster the cause arrives as text in the driver's message only; a quota says so.
    assertEquals("Disk quota exceeded: free space on the warehouse's disk and Spark's local dirs "
        + "(spark.local.dir), then run the same command again",
        Progress.oneLine(new SparkException("Job aborted: Lost task 1.0: java.io.IOException: Disk quota exceeded")));
    // A shuffle spill that found no local dir with room, as Hadoop names it.
    IOException spill = new IOException("spill failed");
    spill.addSuppressed(new org.apache.hadoop.util.DiskChecker.DiskOutOfSpaceException("/tmp/spark-1"));
    assertEquals("No space left on device: free space on the warehouse's disk and Spark's local dirs "
        + "(spark.local.dir), then run the same command again", Progress.oneLine(spill));
  }

  @Test
  void anyOtherFailureIsItsMessageOnOneLineCutAtFiveHundredCharacters() {
    assertEquals("[DELTA_VIOLATE_CONSTRAINT_WITH_VALUES] CHECK constraint x violated",
        Progress.oneLine(new IllegalStateException("[DELTA_VIOLATE_CONSTRAINT_WITH_VALUES] CHECK\n  constraint x"
            + "\tviolated")));
    assertEquals("NullPointerException", Progress.oneLine(new NullPointerException()));
    // 600 characters: the first 500 and an ellipsis.
    assertEquals("a".repeat(500) + "…", Progress.oneLine(new RuntimeException("a".repeat(600))));
  }
}
