package io.threadstorm.examples.future;

import io.threadstorm.examples.Workload;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The same bus request/reply as {@link LeakyStockReservations}, but the listener completes the
 * future registered under the reply's correlation id, and the reservation thread waits at most
 * two seconds and then forgets the request, so every reservation thread ends.
 */
public class FixedStockReservations {

    record Message(long messageId, long correlationId, String body) {}

    private final Map<Long, CompletableFuture<String>> pending = new ConcurrentHashMap<>();
    private final Map<String, String> confirmations = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
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
        CompletableFuture<String> waiter = pending.remove(reply.correlationId());
        if (waiter != null) {
            waiter.complete(reply.body());
        }
    }

    void reserveAsync(String orderId, String sku) {
        Thread reservation = new Thread(() -> {
            Message request = new Message(ids.incrementAndGet(), 0, sku + " for " + orderId);
            CompletableFuture<String> reply = new CompletableFuture<>();
            pending.put(request.messageId(), reply);
            send(request);
            try {
                confirmations.put(orderId, reply.get(2, TimeUnit.SECONDS));
            } catch (TimeoutException e) {
                pending.remove(request.messageId());
                System.err.println(orderId + ": no reply from inventory, will retry later");
            } catch (InterruptedException | ExecutionException e) {
                Thread.currentThread().interrupt();
            }
        }, "stock-reserve-" + orderId);
        reservation.start();
    }

    public static void main(String[] args) {
        FixedStockReservations client = new FixedStockReservations();
        Workload.parse(args).run(n -> client.reserveAsync("order-" + n, "SKU-" + (n % 5)));
    }
}
