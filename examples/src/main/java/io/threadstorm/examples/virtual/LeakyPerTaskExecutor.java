package io.threadstorm.examples.virtual;

import io.threadstorm.examples.Workload;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The push hub of {@link LeakyVirtualSubscriptions}, written the "modern" way: each subscriber's
 * pump is a task submitted to {@code Executors.newVirtualThreadPerTaskExecutor()} (JDK 21+). Same
 * bug: unsubscribing never stops the pump, so each disconnected client leaves an unnamed virtual
 * thread parked in {@code BlockingQueue.take()}. {@link FixedVirtualSubscriptions} is the twin.
 */
public class LeakyPerTaskExecutor {

    static final class Subscription {
        final BlockingQueue<String> mailbox = new LinkedBlockingQueue<>();
        final AtomicLong bytesSent = new AtomicLong();

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
    private final ExecutorService pumps;

    LeakyPerTaskExecutor() throws Throwable {
        // Executors.newVirtualThreadPerTaskExecutor() is JDK 21 API and this module compiles with --release 17
        pumps = (ExecutorService) MethodHandles.publicLookup()
                .findStatic(Executors.class, "newVirtualThreadPerTaskExecutor", MethodType.methodType(ExecutorService.class))
                .invoke();
    }

    void subscribe(String clientId) {
        Subscription subscription = new Subscription();
        subscriptions.put(clientId, subscription);
        pumps.submit(subscription::pump); // threadstorm:leak-site
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
        LeakyPerTaskExecutor hub = new LeakyPerTaskExecutor();
        Deque<String> connected = new ArrayDeque<>();
        Workload.parse(args).run(n -> {
            hub.subscribe("client" + n);
            connected.addLast("client" + n);
            hub.publish("{\"tick\":" + n + "}");
            while (connected.size() > 4) { // clients stay connected for about a second
                hub.unsubscribe(connected.removeFirst());
            }
        });
    }
}
