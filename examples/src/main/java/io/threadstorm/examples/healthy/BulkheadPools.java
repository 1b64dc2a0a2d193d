package io.threadstorm.examples.healthy;

import io.threadstorm.examples.Workload;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A healthy product-page aggregator with one bulkhead per downstream service, the Hystrix / resilience4j pattern:
 * five pools ("inventory-N", "pricing-N", "reviews-N", "recommendations-N", "shipping-N"), each 2 to 12 threads,
 * built once at startup by one factory and used for the life of the process. Sixteen "http-N" request threads
 * fan every page out to all five through the same line and wait for the parts with a timeout. Traffic ramps from
 * 20 to 200 pages a second over the first 4 s; each bulkhead grows with its own concurrency (its queue hands a task
 * to an idle worker or makes the pool add one, as Tomcat's and Elasticsearch's scaling pools do) and keeps its
 * workers for 60 s. Every pool keeps completing tasks; all are shut down at the end.
 */
public class BulkheadPools {

    record Dependency(String name, int minMillis, int maxMillis) {
        String call(long page) throws InterruptedException {
            Thread.sleep(minMillis + ThreadLocalRandom.current().nextInt(maxMillis - minMillis + 1)); // the RPC
            return name + "#" + page;
        }
    }

    static final List<Dependency> DEPENDENCIES = List.of(new Dependency("inventory", 5, 15),
            new Dependency("pricing", 2, 8), new Dependency("reviews", 10, 30),
            new Dependency("recommendations", 15, 40), new Dependency("shipping", 3, 10));

    /** Offers a task only to an idle worker, so that the pool adds a thread (up to its maximum) instead of queuing. */
    static final class ScalingQueue extends LinkedTransferQueue<Runnable> {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean offer(Runnable task) {
            return tryTransfer(task);
        }

        void force(Runnable task) {
            super.offer(task);
        }
    }

    /** A bulkhead: its own bounded pool, so that one slow dependency cannot take every request thread. */
    static ThreadPoolExecutor bulkhead(String name) {
        AtomicInteger ids = new AtomicInteger();
        return new ThreadPoolExecutor(2, 12, 60, TimeUnit.SECONDS, new ScalingQueue(),
                r -> new Thread(r, name + "-" + ids.incrementAndGet()), (task, pool) -> {
                    if (pool.isShutdown()) {
                        throw new RejectedExecutionException(name + " is shut down");
                    }
                    ((ScalingQueue) pool.getQueue()).force(task); // at its maximum: queue it after all
                });
    }

    static final Map<Dependency, ThreadPoolExecutor> BULKHEADS = new LinkedHashMap<>();
    static final BlockingQueue<Long> INBOUND = new LinkedBlockingQueue<>();
    static final AtomicLong PAGES = new AtomicLong();
    static final AtomicLong BYTES_SENT = new AtomicLong();
    static final AtomicLong DEGRADED = new AtomicLong();
    static volatile boolean running = true;

    static {
        for (Dependency d : DEPENDENCIES) {
            BULKHEADS.put(d, bulkhead(d.name()));
        }
    }

    static String render(long page) throws InterruptedException {
        List<CompletableFuture<String>> parts = new ArrayList<>();
        for (Map.Entry<Dependency, ThreadPoolExecutor> e : BULKHEADS.entrySet()) {
            Dependency d = e.getKey();
            parts.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return d.call(page);
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    return d.name() + ": interrupted";
                }
            }, e.getValue()));
        }
        StringBuilder html = new StringBuilder("<page>");
        for (CompletableFuture<String> part : parts) {
            try {
                html.append(part.get(500, TimeUnit.MILLISECONDS));
            } catch (ExecutionException | TimeoutException ex) {
                DEGRADED.incrementAndGet(); // render the page without this part
            }
        }
        return html.append("</page>").toString();
    }

    static void serveRequests() {
        try {
            while (running) {
                Long page = INBOUND.poll(100, TimeUnit.MILLISECONDS);
                if (page != null) {
                    BYTES_SENT.addAndGet(render(page).length());
                    PAGES.incrementAndGet();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static void main(String[] args) throws InterruptedException {
        Workload load = Workload.parse(args);
        long durationNanos = (long) (Double.parseDouble(load.option("duration", "20")) * 1e9);
        List<Thread> http = new ArrayList<>();
        for (int i = 1; i <= 16; i++) {
            http.add(new Thread(BulkheadPools::serveRequests, "http-" + i));
        }
        http.forEach(Thread::start);

        // the network: pages requested every 10 ms, the rate ramping from 20/s to 200/s over the first 4 s
        long start = System.nanoTime();
        long period = 10_000_000L;
        double owed = 0;
        long page = 0;
        for (long due = start; due - start < durationNanos; due += period) {
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            double seconds = (due - start) / 1e9;
            double rate = seconds < 4 ? 20 + 180 * seconds / 4 : 200;
            owed += rate * period / 1e9;
            for (; owed >= 1; owed--) {
                INBOUND.add(++page);
            }
        }

        int live = 0;
        int peak = 0;
        StringBuilder sizes = new StringBuilder();
        for (Map.Entry<Dependency, ThreadPoolExecutor> e : BULKHEADS.entrySet()) {
            live += e.getValue().getPoolSize();
            peak += e.getValue().getLargestPoolSize();
            sizes.append(' ').append(e.getKey().name()).append('=').append(e.getValue().getPoolSize());
        }
        System.out.println("pool threads: live=" + live + " peak=" + peak + sizes);
        running = false;
        for (Thread t : http) {
            t.join(5_000);
        }
        for (ThreadPoolExecutor pool : BULKHEADS.values()) {
            pool.shutdown();
        }
        for (ThreadPoolExecutor pool : BULKHEADS.values()) {
            if (!pool.awaitTermination(5, TimeUnit.SECONDS)) {
                System.err.println("a bulkhead did not finish");
            }
        }
        System.err.println(PAGES.get() + " pages of " + page + ", " + DEGRADED.get() + " parts degraded");
        Workload.finish();
    }
}
