package io.threadstorm.junit.samples;

import io.threadstorm.junit.DetectThreadLeaks;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** Samples for the suite settings: the baseline and the interrupt of leaked threads. */
public final class Suites {

    private Suites() {
    }

    /** A long-lived fixture made before the test plan: a cached pool with one idle worker. */
    public static volatile ExecutorService fixture;

    /** Makes the fixture (outside any test, as a suite's set-up does) with one idle worker. */
    public static void makeFixture() throws Exception {
        fixture = Leaks.pool(Executors.newCachedThreadPool());
        fixture.submit(() -> { }).get(10, TimeUnit.SECONDS);
    }

    /** Uses the fixture so that it grows a worker, which then stays idle: the fixture's, not the test's. */
    @TestKitOnly
    @DetectThreadLeaks(grace = "100ms")
    public static class UsesTheFixture {
        @Test
        void runsTwoTasksAtOnceOnTheFixture() throws Exception {
            CountDownLatch both = new CountDownLatch(2);
            Future<?> a = fixture.submit(() -> {
                both.countDown();
                await(both);
            });
            Future<?> b = fixture.submit(() -> {
                both.countDown();
                await(both);
            });
            a.get(10, TimeUnit.SECONDS);
            b.get(10, TimeUnit.SECONDS);
        }
    }

    /** Leaks a thread that ends when interrupted, and one that ignores interrupts until told to stop. */
    @TestKitOnly
    @DetectThreadLeaks(grace = "100ms")
    public static class LeaksObedientAndStubbornThreads {
        /** Set by the test that ran the sample, to stop the stubborn thread. */
        public static volatile boolean stop;

        @Test
        void leaksTwoThreads() {
            Leaks.thread("sample-obedient", Leaks::block).start();
            Leaks.thread("sample-stubborn", () -> {
                while (!stop) {
                    LockSupport.parkNanos(1_000_000); // returns at once when interrupted, and clears nothing
                    Thread.interrupted();
                }
            }).start();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
