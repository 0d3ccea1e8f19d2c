package org.xrayportal.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Waiting for other threads in concurrency tests, at most 10 s each. */
public final class Threads {

    private Threads() {}

    /** Until each thread is parked (WAITING or TIMED_WAITING: on a latch, a lock or another thread's result). */
    public static void awaitParked(List<Thread> threads) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (Thread thread : threads) {
            while (thread.getState() != Thread.State.WAITING && thread.getState() != Thread.State.TIMED_WAITING) {
                assertThat(System.nanoTime()).as("thread parked").isLessThan(deadline);
                Thread.sleep(5);
            }
        }
    }

    /** Until {@code latch} opens; an {@link IllegalStateException} if it stays shut (or the wait is interrupted). */
    public static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
