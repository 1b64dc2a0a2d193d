package io.threadstorm.examples.future;

import io.threadstorm.examples.Workload;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Request/reply over a message bus with a correlation map: each order reserves stock on a background
 * thread that blocks in {@code CompletableFuture.get()} with no timeout, and the reply listener looks
 * the pending future up by the reply's own message id instead of its correlation id, so no future is
 * ever completed. {@link FixedStockReservations} matches on the correlation id and waits with a timeout.
 */
public class LeakyStockReservations {

    record Message(long messageId, long correlationId, String body) {}

    private final Map<Long, CompletableFuture<String>> pending = new ConcurrentHashMap<>();
    private final Map<String, String> confirmations = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    /** Stands in for the broker connection: replies arrive about 20 ms after a request is sent. */
    private final ScheduledExecutorService broker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bus-consumer");
        t.setDaemon(true);
        return t;
    });

    void send(Message request) {
        Message reply = new Message(ids.incrementAndGet(), request.messageId(), "RESERVED " + request.body());
        broker.schedule(() -> onReply(reply), 20, TimeUnit.MILLISECONDS);
    }

    void onReply(Message reply) {
        CompletableFuture<String> waiter = pending.remove(reply.messageId()); // bug: should be correlationId()
        if (waiter != null) {
            waiter.complete(reply.body());
        }
    }

    /** Called once per order; the HTTP response does not wait for the reservation. */
    void reserveAsync(String orderId, String sku) {
        Thread reservation = new Thread(() -> {
            Message request = new Message(ids.incrementAndGet(), 0, sku + " for " + orderId);
            CompletableFuture<String> reply = new CompletableFuture<>();
            pending.put(request.messageId(), reply);
            send(request);
            try {
                confirmations.put(orderId, reply.get());
            } catch (InterruptedException | ExecutionException e) {
                Thread.currentThread().interrupt();
            }
        }, "stock-reserve-" + orderId);
        reservation.start(); // threadstorm:leak-site
    }

    public static void main(String[] args) {
        LeakyStockReservations client = new LeakyStockReservations();
        Workload.parse(args).run(n -> client.reserveAsync("order-" + n, "SKU-" + (n % 5)));
    }
}
