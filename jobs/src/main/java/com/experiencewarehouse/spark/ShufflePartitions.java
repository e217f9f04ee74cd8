package com.experiencewarehouse.spark;

/**
 * The shuffle partitions of a night under {@code xw.spark.shuffle-partitions = auto}: one per
 * {@code bytesPerPartition} of the night's input files, at least two per core (so every core has
 * work and a slow task has company), at most {@code max}. It is the upper bound: adaptive execution
 * then merges partitions that turn out small (spark.sql.adaptive.coalescePartitions.*), so a large
 * night gets enough partitions not to spill and a small one does not pay for hundreds of tasks.
 */
public final class ShufflePartitions {

  private ShufflePartitions() {}

  public static int forInput(long inputBytes, int cores, long bytesPerPartition, int max) {
    long bySize = (inputBytes + bytesPerPartition - 1) / bytesPerPartition;
    long atLeast = 2L * Math.max(1, cores);
    return (int) Math.min(max, Math.max(atLeast, bySize));
  }
}
