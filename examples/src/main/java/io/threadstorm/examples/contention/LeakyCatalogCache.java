package io.threadstorm.examples.contention;

import io.threadstorm.examples.Workload;
import java.util.HashMap;
import java.util.Map;

/**
 * A thread-per-request server whose catalog cache is a {@code synchronized} method that reloads a
 * stale catalog while holding the monitor. The catalog backend is down and the reload retries
 * forever, so the first request sleeps inside the lock and every later request thread piles up
 * BLOCKED on it. {@link FixedCatalogCache} reloads outside the lock with bounded retries.
 */
public class LeakyCatalogCache {

    static final class CatalogCache {
        private Map<String, String> catalog = new HashMap<>();
        private long loadedAt;

        synchronized String lookup(String sku) throws InterruptedException {
            if (System.currentTimeMillis() - loadedAt > 60_000) {
                catalog = reloadWithRetry();
                loadedAt = System.currentTimeMillis();
            }
            return catalog.getOrDefault(sku, "unknown");
        }

        private Map<String, String> reloadWithRetry() throws InterruptedException {
            while (true) {
                Map<String, String> fresh = CatalogBackend.fetchAll();
                if (fresh != null) {
                    return fresh;
                }
                Thread.sleep(500); // "the backend will be back soon"
            }
        }
    }

    /** The catalog service is down: every fetch fails. */
    static final class CatalogBackend {
        static Map<String, String> fetchAll() {
            return null;
        }
    }

    private final CatalogCache cache = new CatalogCache();

    /** The legacy front end starts one thread per incoming request. */
    void accept(String sku, int requestId) {
        Thread worker = new Thread(() -> {
            try {
                cache.lookup(sku);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "request-" + requestId);
        worker.start(); // threadstorm:leak-site
    }

    public static void main(String[] args) {
        LeakyCatalogCache server = new LeakyCatalogCache();
        Workload.parse(args).run(n -> server.accept("SKU-" + (n % 9), n));
    }
}
