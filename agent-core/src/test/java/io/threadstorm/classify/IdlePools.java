package io.threadstorm.classify;

import java.util.ArrayList;
import java.util.List;
import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * Fresh executors and timers whose threads have started and gone idle, the way a pool created per call is left
 * behind: each is shut down or cancelled when the test's {@link TestThreads} closes.
 */
final class IdlePools {

    private IdlePools() {
    }

    /** A fresh {@code Executors.newFixedThreadPool(size)} (default thread names) with every worker started. */
    static List<Thread> fixed(TestThreads live, int size) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(size, live.tracking(Executors.defaultThreadFactory()));
        live.onClose(pool::shutdownNow);
        return startWorkers(pool, size);
    }

    /** A fresh {@code Executors.newCachedThreadPool()} with one worker started. */
    static List<Thread> cached(TestThreads live) throws Exception {
        ExecutorService pool = Executors.newCachedThreadPool(live.tracking(Executors.defaultThreadFactory()));
        live.onClose(pool::shutdownNow);
        return startWorkers(pool, 1);
    }

    /** A fresh {@code new ForkJoinPool(1)} with its worker started. */
    static List<Thread> forkJoin(TestThreads live) throws Exception {
        ForkJoinPool pool = new ForkJoinPool(1, p -> {
            ForkJoinWorkerThread w = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
            live.track(w);
            return w;
        }, null, false);
        live.onClose(pool::shutdownNow);
        return startWorkers(pool, 1);
    }

    /**
     * A fresh {@code Executors.newScheduledThreadPool(1)} with its worker started and, when {@code pending}, a task
     * scheduled an hour ahead (as a periodic housekeeping task waits between runs).
     */
    static Thread scheduled(TestThreads live, boolean pending) throws Exception {
        return scheduled(live, pending, Executors.defaultThreadFactory());
    }

    /** The same, with the pool's threads made by {@code factory} (a library's thread names). */
    static Thread scheduled(TestThreads live, boolean pending, ThreadFactory factory) throws Exception {
        ScheduledExecutorService pool = Executors.newScheduledThreadPool(1, live.tracking(factory));
        live.onClose(pool::shutdownNow);
        Thread worker = startWorkers(pool, 1).get(0);
        if (pending) {
            pool.scheduleAtFixedRate(() -> { }, 1, 1, TimeUnit.HOURS);
        }
        return worker;
    }

    /** A fresh {@code java.util.Timer} with a task scheduled an hour ahead; returns its thread. */
    static Thread timer(TestThreads live) throws Exception {
        Timer timer = new Timer(true);
        live.onClose(timer::cancel);
        Thread[] thread = new Thread[1];
        CountDownLatch ran = new CountDownLatch(1);
        timer.schedule(new TimerTask() {
            @Override
            public void run() {
                thread[0] = Thread.currentThread();
                ran.countDown();
            }
        }, 0);
        ran.await();
        timer.schedule(new TimerTask() {
            @Override
            public void run() {
            }
        }, TimeUnit.HOURS.toMillis(1));
        return live.track(thread[0]);
    }

    /** Runs {@code n} tasks that wait for each other, so that {@code n} distinct workers start; returns them. */
    private static List<Thread> startWorkers(ExecutorService pool, int n) throws Exception {
        CountDownLatch all = new CountDownLatch(n);
        List<Thread> workers = java.util.Collections.synchronizedList(new ArrayList<>());
        List<java.util.concurrent.Future<?>> done = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            done.add(pool.submit(() -> {
                workers.add(Thread.currentThread());
                all.countDown();
                all.await();
                return null;
            }));
        }
        for (java.util.concurrent.Future<?> f : done) {
            f.get();
        }
        return new ArrayList<>(workers);
    }
}
