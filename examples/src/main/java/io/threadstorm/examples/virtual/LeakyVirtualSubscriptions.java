package io.threadstorm.examples.virtual;

import io.threadstorm.examples.Workload;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A push hub with one virtual thread per subscriber ({@code Thread.ofVirtual().start(...)}, JDK 21+)
 * that pumps the subscriber's mailbox to its connection. Unsubscribing removes the mailbox from the
 * registry but never stops the pump, so every disconnected client leaves a virtual thread parked in
 * {@code BlockingQueue.take()} forever. {@link FixedVirtualSubscriptions} sends the pump a poison pill.
 */
public class LeakyVirtualSubscriptions {

    static final class Subscription {
        final String clientId;
        final BlockingQueue<String> mailbox = new LinkedBlockingQueue<>();
        final AtomicLong bytesSent = new AtomicLong();

        Subscription(String clientId) {
            this.clientId = clientId;
        }

        void pump() {
            try {
                while (true) {
                    bytesSent.addAndGet(mailbox.take().length()); // would write to the client's socket
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
    private final MethodHandle ofVirtual;
    private final MethodHandle name;
    private final MethodHandle start;

    LeakyVirtualSubscriptions() throws ReflectiveOperationException {
        // Thread.ofVirtual() is JDK 21 API and this module compiles with --release 17
        Class<?> builder = Class.forName("java.lang.Thread$Builder$OfVirtual");
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        ofVirtual = lookup.findStatic(Thread.class, "ofVirtual", MethodType.methodType(builder));
        name = lookup.findVirtual(builder, "name", MethodType.methodType(builder, String.class));
        start = lookup.findVirtual(builder, "start", MethodType.methodType(Thread.class, Runnable.class));
    }

    void subscribe(String clientId) throws Throwable {
        Subscription subscription = new Subscription(clientId);
        subscriptions.put(clientId, subscription);
        Object builder = name.invoke(ofVirtual.invoke(), "push-" + clientId);
        start.invoke(builder, (Runnable) subscription::pump); // threadstorm:leak-site
    }

    void unsubscribe(String clientId) {
        subscriptions.remove(clientId); // the pump is still parked on the mailbox
    }

    void publish(String event) {
        subscriptions.values().forEach(s -> s.mailbox.offer(event));
    }

    public static void main(String[] args) throws Throwable {
        if (Runtime.version().feature() < 21) {
            System.out.println("virtual threads need JDK 21+");
            System.exit(0);
        }
        LeakyVirtualSubscriptions hub = new LeakyVirtualSubscriptions();
        Deque<String> connected = new ArrayDeque<>();
        Workload.parse(args).run(n -> {
            try {
                hub.subscribe("client" + n);
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
            connected.addLast("client" + n);
            hub.publish("{\"tick\":" + n + "}");
            while (connected.size() > 4) { // clients stay connected for about a second
                hub.unsubscribe(connected.removeFirst());
            }
        });
    }
}
