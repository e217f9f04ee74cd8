package com.experiencewarehouse.job;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Independent steps of a night, each writing tables of its own, run at once (up to
 * xw.spark.concurrent-steps): while one step's driver plans a query or commits to a Delta log, the
 * cores run another step's tasks. Every step is waited for, so no write is still running when a
 * failure is reported.
 */
final class ConcurrentSteps {

  private ConcurrentSteps() {}

  /** Runs the steps, at most {@code parallelism} at a time; rethrows the first failure. */
  static void run(int parallelism, List<Runnable> steps) {
    AtomicInteger n = new AtomicInteger();
    // Threads start from the caller's thread, so they inherit its active SparkSession.
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, steps.size()), r -> {
      Thread t = new Thread(r, "xw-step-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<?>> running = new ArrayList<>();
      steps.forEach(s -> running.add(pool.submit(s)));
      RuntimeException failure = null;
      for (Future<?> f : running) {
        RuntimeException e = outcome(f);
        if (e != null && failure == null) {
          failure = e;
        } else if (e != null) {
          failure.addSuppressed(e);
        }
      }
      if (failure != null) {
        throw failure;
      }
    } finally {
      pool.shutdown();
    }
  }

  /** Waits for the step; its failure, unwrapped, or null. */
  private static RuntimeException outcome(Future<?> step) {
    try {
      step.get();
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new IllegalStateException("interrupted while waiting for a step", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Error error) {
        throw error;
      }
      // Spark's AnalysisException is a checked exception to Java: keep its message as the reason.
      return cause instanceof RuntimeException r ? r : new IllegalStateException(cause.getMessage(), cause);
    }
  }
}
