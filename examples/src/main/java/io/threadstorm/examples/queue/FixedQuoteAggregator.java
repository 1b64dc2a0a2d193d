package io.threadstorm.examples.queue;

import io.threadstorm.examples.Workload;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;

/**
 * The same price endpoint as {@link LeakyQuoteAggregator}: one helper thread per request, a 50 ms
 * budget and a slow supplier. The helper hands its quote off with {@code offer()}, which fails at
 * once when the caller has left, and refreshes the cache instead, so every helper thread ends.
 */
public class FixedQuoteAggregator {

    private final Map<String, Long> cachedCents = new ConcurrentHashMap<>();

    long priceInCents(String sku, int requestId) {
        SynchronousQueue<Long> handoff = new SynchronousQueue<>();
        Thread fetcher = new Thread(() -> {
            try {
                long quote = SupplierClient.quote(sku);
                if (!handoff.offer(quote)) {
                    cachedCents.put(sku, quote); // the caller has gone: keep it for the next one
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "quote-fetch-" + requestId);
        fetcher.start();
        try {
            Long fresh = handoff.poll(50, TimeUnit.MILLISECONDS);
            if (fresh != null) {
                cachedCents.put(sku, fresh);
                return fresh;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return cachedCents.getOrDefault(sku, 999L);
    }

    static final class SupplierClient {
        static long quote(String sku) throws InterruptedException {
            Thread.sleep(120);
            return 1000L + (sku.hashCode() & 0xff);
        }
    }

    public static void main(String[] args) {
        FixedQuoteAggregator service = new FixedQuoteAggregator();
        Workload.parse(args).run(n -> service.priceInCents("SKU-" + (n % 7), n));
    }
}
