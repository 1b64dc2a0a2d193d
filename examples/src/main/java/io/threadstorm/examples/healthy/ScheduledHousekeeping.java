package io.threadstorm.examples.healthy;

import io.threadstorm.examples.Workload;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A healthy multi-tenant cache service. Each tenant's cache, created when the tenant's first request arrives,
 * registers its expiry sweep (every 50-100 ms) and its stats flush (every 100 ms) on one shared scheduled pool of
 * 12 "housekeeping-N" threads; tenants come online one every 500 ms, up to 12 (24 periodic tasks). Two "api-N"
 * threads run 300 CompletableFuture pipelines a second on one bounded pool of 16 "io-N" threads (supplyAsync,
 * thenApply, thenCompose into a second async stage) and wait for each batch with a timeout; every pipeline
 * completes. At the end the caches cancel their tasks and both pools are shut down.
 */
public class ScheduledHousekeeping {

    static final int TENANTS = 12;
    static final long TTL_MILLIS = 300;
    static final AtomicInteger HOUSEKEEPING_IDS = new AtomicInteger();
    static final AtomicInteger IO_IDS = new AtomicInteger();
    static final ScheduledThreadPoolExecutor HOUSEKEEPING = new ScheduledThreadPoolExecutor(12,
            r -> new Thread(r, "housekeeping-" + HOUSEKEEPING_IDS.incrementAndGet()));
    static final ThreadPoolExecutor IO = new ThreadPoolExecutor(16, 16, 0, TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(2_000), r -> new Thread(r, "io-" + IO_IDS.incrementAndGet()),
            new ThreadPoolExecutor.CallerRunsPolicy());

    static {
        HOUSEKEEPING.setRemoveOnCancelPolicy(true);
    }

    record Entry(String value, long loadedAt) {}

    /** One tenant's cache and its periodic housekeeping. */
    static final class TenantCache implements AutoCloseable {
        final String tenant;
        final Map<String, Entry> entries = new ConcurrentHashMap<>();
        final AtomicLong hits = new AtomicLong();
        final AtomicLong misses = new AtomicLong();
        final AtomicLong evicted = new AtomicLong();
        private final List<ScheduledFuture<?>> tasks = new ArrayList<>();

        TenantCache(String tenant) {
            this.tenant = tenant;
            long sweep = 50 + ThreadLocalRandom.current().nextInt(51);
            tasks.add(HOUSEKEEPING.scheduleAtFixedRate(this::evictExpired, sweep, sweep, TimeUnit.MILLISECONDS));
            tasks.add(HOUSEKEEPING.scheduleWithFixedDelay(this::flushStats, 100, 100, TimeUnit.MILLISECONDS));
        }

        String get(String key) throws InterruptedException {
            Entry e = entries.get(key);
            if (e != null) {
                hits.incrementAndGet();
                return e.value();
            }
            misses.incrementAndGet();
            Thread.sleep(1); // the read from the backing store
            String value = tenant + ":" + key + ":" + ThreadLocalRandom.current().nextInt(1_000);
            entries.put(key, new Entry(value, System.currentTimeMillis()));
            return value;
        }

        void evictExpired() {
            long oldest = System.currentTimeMillis() - TTL_MILLIS;
            entries.entrySet().removeIf(e -> {
                boolean expired = e.getValue().loadedAt() < oldest;
                if (expired) {
                    evicted.incrementAndGet();
                }
                return expired;
            });
        }

        void flushStats() {
            long h = hits.get();
            long m = misses.get();
            STATS.put(tenant, "hits=" + h + " misses=" + m + " evicted=" + evicted.get() + " size=" + entries.size());
        }

        @Override
        public void close() {
            tasks.forEach(t -> t.cancel(false));
        }
    }

    static final Map<String, TenantCache> CACHES = new ConcurrentHashMap<>();
    static final Map<String, String> STATS = new ConcurrentHashMap<>();
    static final AtomicLong COMPLETED = new AtomicLong();
    static final AtomicLong FAILED = new AtomicLong();
    static volatile int tenantsOnline = 1;
    static volatile boolean running = true;

    static TenantCache cache(String tenant) {
        return CACHES.computeIfAbsent(tenant, TenantCache::new);
    }

    static String fetch(String tenant, String key) {
        try {
            return cache(tenant).get(key);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static String[] decode(String raw) {
        return raw.split(":");
    }

    static String enrich(String tenant, String[] fields) {
        return String.join("/", fields) + "@" + STATS.getOrDefault(tenant, "no stats yet").length();
    }

    /** One API thread: a batch of pipelines every 33 ms, each batch awaited with a timeout. */
    static void serveApi(int api) {
        int n = 0;
        long next = System.nanoTime();
        while (running) {
            List<CompletableFuture<Integer>> batch = new ArrayList<>();
            for (int i = 0; i < 5; i++, n++) {
                String tenant = "tenant-" + ThreadLocalRandom.current().nextInt(tenantsOnline);
                String key = "key-" + (n * 7 + api) % 200;
                batch.add(CompletableFuture.supplyAsync(() -> fetch(tenant, key), IO)
                        .thenApply(ScheduledHousekeeping::decode)
                        .thenCompose(fields -> CompletableFuture.supplyAsync(() -> enrich(tenant, fields), IO))
                        .thenApply(String::length));
            }
            try {
                CompletableFuture.allOf(batch.toArray(new CompletableFuture<?>[0])).get(2, TimeUnit.SECONDS);
                COMPLETED.addAndGet(batch.size());
            } catch (ExecutionException | TimeoutException e) {
                FAILED.addAndGet(batch.size());
                System.err.println("api-" + api + ": batch failed: " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            next += 33_333_333L;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    public static void main(String[] args) throws InterruptedException {
        Workload load = Workload.parse(args);
        long durationMillis = (long) (Double.parseDouble(load.option("duration", "20")) * 1000);
        long start = System.currentTimeMillis();
        List<Thread> apis = new ArrayList<>();
        for (int i = 1; i <= 2; i++) {
            int api = i;
            apis.add(new Thread(() -> serveApi(api), "api-" + i));
        }
        apis.forEach(Thread::start);

        // tenants come online one after another; each one's first request creates its cache
        while (System.currentTimeMillis() - start < durationMillis) {
            Thread.sleep(500);
            tenantsOnline = Math.min(TENANTS, tenantsOnline + 1);
        }

        System.out.println("pool threads: live=" + (HOUSEKEEPING.getPoolSize() + IO.getPoolSize()) + " peak="
                + (HOUSEKEEPING.getLargestPoolSize() + IO.getLargestPoolSize()) + " housekeeping="
                + HOUSEKEEPING.getPoolSize() + " io=" + IO.getPoolSize() + " tenants=" + CACHES.size());
        running = false;
        for (Thread t : apis) {
            t.join(5_000);
        }
        CACHES.values().forEach(TenantCache::close);
        HOUSEKEEPING.shutdown();
        IO.shutdown();
        if (!HOUSEKEEPING.awaitTermination(5, TimeUnit.SECONDS) || !IO.awaitTermination(5, TimeUnit.SECONDS)) {
            System.err.println("pools did not finish");
        }
        System.err.println(COMPLETED.get() + " pipelines completed, " + FAILED.get() + " failed");
        Workload.finish();
    }
}
