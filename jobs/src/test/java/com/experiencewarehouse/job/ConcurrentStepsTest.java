package com.experiencewarehouse.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ConcurrentStepsTest {

  /** Waits for the latch; a step that would wait forever fails instead. */
  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the other step never ran at the same time");
      }
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void stepsRunAtTheSameTime() {
    // Each step waits for the other to start: they finish only if both run at once.
    CountDownLatch bothStarted = new CountDownLatch(2);
    Runnable step = () -> {
      bothStarted.countDown();
      await(bothStarted);
    };
    ConcurrentSteps.run(2, List.of(step, step));
    assertEquals(0, bothStarted.getCount());
  }

  @Test
  void aFailureIsRethrownOnlyAfterEveryOtherStepEnded() {
    CountDownLatch failed = new CountDownLatch(1);
    AtomicBoolean slowStepEnded = new AtomicBoolean();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> ConcurrentSteps.run(2, List.of(
        () -> {
          failed.countDown();
          throw new IllegalStateException("gold.x: write failed");
        },
        () -> {
          await(failed);
          slowStepEnded.set(true);
        })));
    assertEquals("gold.x: write failed", e.getMessage());
    assertTrue(slowStepEnded.get());
  }

  @Test
  void withOneThreadTheStepsRunInOrder() {
    StringBuilder order = new StringBuilder();
    ConcurrentSteps.run(1, List.of(() -> order.append('a'), () -> order.append('b'), () -> order.append('c')));
    assertEquals("abc", order.toString());
  }
}
