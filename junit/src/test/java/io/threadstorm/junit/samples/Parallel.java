package io.threadstorm.junit.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.threadstorm.junit.DetectThreadLeaks;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Eight tests for JUnit's parallel execution: three leak (a forgotten thread, a task that never returns on a shared
 * pool, a thread started inside a {@code CompletableFuture.runAsync} stage), five start and stop threads of their own
 * at the same time. The lines marked {@code // site:...} are the ones each failure must name.
 */
public final class Parallel {

    private Parallel() {
    }

    /** The shared fixture: a pool made outside any test (by the test that runs the samples), never shut down. */
    public static volatile ExecutorService shared;

    /** Lets the eight tests start together, as far as the engine's pool has workers for them. */
    private static volatile CountDownLatch gate = new CountDownLatch(8);

    /** Makes the shared pool, with idle workers that the first runs' tasks reuse; call before each run. */
    public static void prepare() throws InterruptedException {
        if (shared == null) {
            shared = Leaks.pool(Executors.newCachedThreadPool());
            CountDownLatch busy = new CountDownLatch(4);
            for (int i = 0; i < 4; i++) {
                shared.execute(() -> {
                    busy.countDown();
                    await(busy);
                });
            }
            await(busy);
        }
        gate = new CountDownLatch(8);
    }

    private static void together() {
        CountDownLatch g = gate;
        g.countDown();
        try {
            g.await(300, TimeUnit.MILLISECONDS); // the dynamic strategy on two cores runs two at a time
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The eight tests. */
    @TestKitOnly
    @DetectThreadLeaks(grace = "300ms")
    @Execution(ExecutionMode.CONCURRENT)
    public static class EightAtOnce {

        @Test
        void forgetsAThread() {
            together();
            Leaks.thread("parallel-forgotten", Leaks::block).start(); // site:parallel-forgotten
        }

        @Test
        void submitsATaskThatNeverReturns() {
            together();
            shared.execute(Leaks::block); // site:parallel-shared
        }

        @Test
        void startsAThreadInAnAsyncStage() {
            together();
            CompletableFuture.runAsync(() -> Leaks.thread("parallel-async", Leaks::block).start(), // site:parallel-async
                    ForkJoinPool.commonPool()).join();
        }

        @Test
        void joinsItsThreads() throws InterruptedException {
            together();
            Thread[] threads = new Thread[3];
            for (int i = 0; i < threads.length; i++) {
                threads[i] = new Thread(() -> Leaks.sleep(20), "parallel-joined-" + i);
                threads[i].start();
            }
            for (Thread t : threads) {
                t.join();
            }
        }

        @Test
        void shutsItsPoolDown() throws InterruptedException {
            together();
            ExecutorService pool = Executors.newFixedThreadPool(3);
            for (int i = 0; i < 6; i++) {
                pool.execute(() -> Leaks.sleep(10));
            }
            pool.shutdown();
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        }

        @Test
        void joinsAThreadOfItsAsyncStage() {
            together();
            CompletableFuture.runAsync(() -> {
                Thread t = new Thread(() -> Leaks.sleep(20), "parallel-stage-joined");
                t.start();
                try {
                    t.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }).join();
        }

        @Test
        void usesTheSharedPoolAndWaits() throws Exception {
            together();
            AtomicInteger done = new AtomicInteger();
            Future<?> a = shared.submit(() -> Leaks.sleep(10));
            Future<?> b = shared.submit(done::incrementAndGet);
            a.get(10, TimeUnit.SECONDS);
            b.get(10, TimeUnit.SECONDS);
            assertEquals(1, done.get());
        }

        @Test
        void startsAndJoinsVirtualOrPlatformThreads() throws Exception {
            together();
            for (int i = 0; i < 5; i++) {
                Thread t = Runtime.version().feature() >= 21
                        ? Leaks.virtualThread("parallel-virtual-" + i, () -> Leaks.sleep(5))
                        : new Thread(() -> Leaks.sleep(5), "parallel-platform-" + i);
                t.start();
                t.join();
            }
        }
    }
}
