package io.threadstorm.junit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Which of this JVM's real threads never count. */
class SystemThreadsTest {

    @Test
    void theJvmsOwnThreadsNeverCount() {
        List<LiveThread> threads = new JvmCensus().take();
        for (String name : List.of("Reference Handler", "Finalizer", "Signal Dispatcher", "Common-Cleaner")) {
            LiveThread t = threads.stream().filter(l -> l.name().equals(name)).findFirst().orElseThrow();
            assertTrue(SystemThreads.isSystem(t), name);
        }
        assertFalse(SystemThreads.isSystem(find(Thread.currentThread())), "the test's own thread counts");
    }

    @Test
    void aThreadTheJdkStartsForItselfNeverCounts() {
        Cleaner cleaner = Cleaner.create(); // its thread, "Cleaner-N", is one of the JDK's innocuous threads
        List<LiveThread> cleaners = new JvmCensus().take().stream().filter(l -> l.name().startsWith("Cleaner-"))
                .toList();
        assertFalse(cleaners.isEmpty());
        cleaners.forEach(t -> assertTrue(SystemThreads.isSystem(t), t.toString()));
        Reference.reachabilityFence(cleaner);
    }

    @Test
    void aCommonPoolWorkerCountsOnlyWhileItRunsTheTestsCode() throws InterruptedException {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Thread> worker = new AtomicReference<>();
        ForkJoinPool.commonPool().execute(() -> {
            worker.set(Thread.currentThread());
            running.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        running.await();
        LiveThread busy = find(worker.get());
        assertTrue(busy.name().startsWith("ForkJoinPool.commonPool-worker-"), busy.name());
        assertFalse(SystemThreads.isSystem(busy), "it runs the test's task");

        release.countDown();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!SystemThreads.isSystem(find(worker.get()))) {
            assertTrue(System.nanoTime() < deadline, "the worker never went idle: " + find(worker.get()));
            Thread.sleep(10);
        }
    }

    @Test
    void aThreadOfTheTestCounts() throws InterruptedException {
        CountDownLatch stop = new CountDownLatch(1);
        Thread t = new Thread(() -> {
            try {
                stop.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "Finalizer-of-the-app");
        t.start();
        try {
            assertFalse(SystemThreads.isSystem(find(t)));
        } finally {
            stop.countDown();
            t.join();
        }
    }

    private static LiveThread find(Thread thread) {
        return new JvmCensus().take().stream().filter(l -> l.thread() == thread).findFirst().orElseThrow();
    }
}
