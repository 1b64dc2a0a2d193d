package io.threadstorm.examples.queue;

import io.threadstorm.examples.Workload;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;

/**
 * A price endpoint that asks a slow supplier on a helper thread and waits at most 50 ms for the
 * hand-off; when the caller gives up and serves the cached price, the helper blocks forever in
 * {@code SynchronousQueue.put()} because nobody will ever take its quote. {@link FixedQuoteAggregator}
 * hands off with a non-blocking {@code offer()}, so a late quote is simply dropped.
 */
public class LeakyQuoteAggregator {

    private final Map<String, Long> cachedCents = new ConcurrentHashMap<>();

    /** Called once per incoming price request. */
    long priceInCents(String sku, int requestId) {
        SynchronousQueue<Long> handoff = new SynchronousQueue<>();
        Thread fetcher = new Thread(() -> {
            try {
                long quote = SupplierClient.quote(sku);
                handoff.put(quote); // waits for a caller that has already given up
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "quote-fetch-" + requestId);
        fetcher.start(); // threadstorm:leak-site
        try {
            Long fresh = handoff.poll(50, TimeUnit.MILLISECONDS);
            if (fresh != null) {
                cachedCents.put(sku, fresh);
                return fresh;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return cachedCents.getOrDefault(sku, 999L); // stale but fast
    }

    /** The remote supplier: answers, but slower than the caller's 50 ms budget. */
    static final class SupplierClient {
        static long quote(String sku) throws InterruptedException {
            Thread.sleep(120);
            return 1000L + (sku.hashCode() & 0xff);
        }
    }

    public static void main(String[] args) {
        LeakyQuoteAggregator service = new LeakyQuoteAggregator();
        Workload.parse(args).run(n -> service.priceInCents("SKU-" + (n % 7), n));
    }
}
