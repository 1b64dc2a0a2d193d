package io.threadstorm.examples.healthy;

import io.threadstorm.examples.Workload;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A healthy web server on a hand-rolled thread pool, built the way Jetty's {@code QueuedThreadPool} is rather than
 * on a JDK executor: jobs go into a {@link BlockingQueue}; worker threads, started with {@code new Thread(..)
 * .start()}, loop on {@code poll(idleTimeout)} and retire after 60 s without work (never below 2). A thread is
 * started whenever more jobs are queued than threads are idle. Bursty traffic ramps up over the first 4 s, so the
 * pool grows from 2 to about 30 "qtp-N" threads and then holds steady, most of them idle in {@code poll}.
 */
public class JettyLikePool {

    /** The pool: one per server, for the life of the server. */
    static final class QueuedPool implements Executor {

        private final String name;
        private final int minThreads;
        private final int maxThreads;
        private final long idleTimeoutMillis;
        private final BlockingQueue<Runnable> jobs = new LinkedBlockingQueue<>();
        private final Set<Thread> workers = ConcurrentHashMap.newKeySet();
        private final AtomicInteger threads = new AtomicInteger();
        private final AtomicInteger idle = new AtomicInteger();
        private final AtomicInteger ids = new AtomicInteger();
        private final AtomicInteger peak = new AtomicInteger();
        private volatile boolean running;

        QueuedPool(String name, int minThreads, int maxThreads, long idleTimeoutMillis) {
            this.name = name;
            this.minThreads = minThreads;
            this.maxThreads = maxThreads;
            this.idleTimeoutMillis = idleTimeoutMillis;
        }

        void start() {
            running = true;
            for (int i = 0; i < minThreads; i++) {
                startThread();
            }
        }

        @Override
        public void execute(Runnable job) {
            if (!running || !jobs.offer(job)) {
                throw new RejectedExecutionException(name + " is stopped");
            }
            // like QueuedThreadPool.ensureThreads: more jobs waiting than idle threads to take them
            if (jobs.size() > idle.get()) {
                startThread();
            }
        }

        private void startThread() {
            int n;
            do {
                n = threads.get();
                if (n >= maxThreads) {
                    return;
                }
            } while (!threads.compareAndSet(n, n + 1));
            peak.accumulateAndGet(n + 1, Math::max);
            Thread worker = new Thread(this::runJobs, name + "-" + ids.incrementAndGet());
            workers.add(worker);
            worker.start();
        }

        private void runJobs() {
            boolean retired = false;
            try {
                while (running) {
                    idle.incrementAndGet();
                    Runnable job;
                    try {
                        job = jobs.poll(idleTimeoutMillis, TimeUnit.MILLISECONDS);
                    } finally {
                        idle.decrementAndGet();
                    }
                    if (job == null) {
                        int n = threads.get();
                        if (n > minThreads && threads.compareAndSet(n, n - 1)) {
                            retired = true; // idle too long and not needed: shrink
                            return;
                        }
                        continue;
                    }
                    try {
                        job.run();
                    } catch (RuntimeException e) {
                        System.err.println(Thread.currentThread().getName() + ": job failed: " + e);
                    }
                }
            } catch (InterruptedException e) {
                // stopping
            } finally {
                if (!retired) {
                    threads.decrementAndGet();
                }
                workers.remove(Thread.currentThread());
            }
        }

        int threads() {
            return threads.get();
        }

        int peak() {
            return peak.get();
        }

        void stop(long timeoutMillis) throws InterruptedException {
            running = false;
            for (Thread t : workers) {
                t.interrupt();
            }
            long deadline = System.currentTimeMillis() + timeoutMillis;
            for (Thread t : workers) {
                t.join(Math.max(1, deadline - System.currentTimeMillis()));
            }
        }
    }

    static final AtomicLong HANDLED = new AtomicLong();
    static final AtomicLong BYTES_SENT = new AtomicLong();

    /** One HTTP request: parse it, call the backend (20-40 ms), render the page. */
    static void handle(int request) {
        try {
            String path = "/catalog/" + (request % 50);
            Thread.sleep(20 + ThreadLocalRandom.current().nextInt(21)); // the backend call
            String page = "<html><body>" + path + "</body></html>";
            BYTES_SENT.addAndGet(page.length());
            HANDLED.incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static void main(String[] args) throws InterruptedException {
        Workload load = Workload.parse(args);
        long durationMillis = (long) (Double.parseDouble(load.option("duration", "20")) * 1000);
        QueuedPool pool = new QueuedPool("qtp", 2, 40, 60_000);
        pool.start();

        // the connector: a burst of requests every 100 ms, growing from 2 to about 30 over the first 4 s
        long start = System.currentTimeMillis();
        int request = 0;
        for (long elapsed = 0; elapsed < durationMillis; elapsed = System.currentTimeMillis() - start) {
            int burst = elapsed < 4_000 ? 2 + (int) (elapsed * 28 / 4_000)
                    : 24 + ThreadLocalRandom.current().nextInt(7);
            for (int i = 0; i < burst; i++) {
                int n = ++request;
                pool.execute(() -> handle(n));
            }
            Thread.sleep(100);
        }

        System.out.println("pool threads: live=" + pool.threads() + " peak=" + pool.peak());
        pool.stop(5_000);
        System.err.println("handled " + HANDLED.get() + " of " + request + " requests");
        Workload.finish();
    }
}
