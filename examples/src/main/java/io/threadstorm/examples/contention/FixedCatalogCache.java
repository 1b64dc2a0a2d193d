package io.threadstorm.examples.contention;

import io.threadstorm.examples.Workload;
import java.util.HashMap;
import java.util.Map;

/**
 * The same thread-per-request server and the same flaky catalog backend as {@link LeakyCatalogCache},
 * but the monitor only guards the swap of the cached map: the reload runs outside the lock with three
 * short retries, and while the backend is down requests are served from the stale catalog.
 */
public class FixedCatalogCache {

    static final class CatalogCache {
        private Map<String, String> catalog = new HashMap<>();
        private long loadedAt;

        String lookup(String sku) throws InterruptedException {
            Map<String, String> current;
            boolean stale;
            synchronized (this) {
                current = catalog;
                stale = System.currentTimeMillis() - loadedAt > 60_000;
            }
            if (stale) {
                Map<String, String> fresh = reloadWithRetry();
                if (fresh != null) {
                    synchronized (this) {
                        catalog = current = fresh;
                        loadedAt = System.currentTimeMillis();
                    }
                }
            }
            return current.getOrDefault(sku, "unknown");
        }

        private Map<String, String> reloadWithRetry() throws InterruptedException {
            for (int attempt = 1; attempt <= 3; attempt++) {
                Map<String, String> fresh = CatalogBackend.fetchAll();
                if (fresh != null) {
                    return fresh;
                }
                Thread.sleep(20L * attempt);
            }
            return null; // serve stale data, try again on a later request
        }
    }

    static final class CatalogBackend {
        static Map<String, String> fetchAll() {
            return null;
        }
    }

    private final CatalogCache cache = new CatalogCache();

    void accept(String sku, int requestId) {
        Thread worker = new Thread(() -> {
            try {
                cache.lookup(sku);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "request-" + requestId);
        worker.start();
    }

    public static void main(String[] args) {
        FixedCatalogCache server = new FixedCatalogCache();
        Workload.parse(args).run(n -> server.accept("SKU-" + (n % 9), n));
    }
}
