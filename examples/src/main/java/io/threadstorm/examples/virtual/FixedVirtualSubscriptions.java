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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The twin of {@link LeakyVirtualSubscriptions} and {@link LeakyPerTaskExecutor}: the same push hub
 * with one virtual thread per subscriber, but unsubscribing puts a poison pill in the mailbox, so the
 * pump drains and ends. Pumps start with {@code Thread.ofVirtual()}, or with
 * {@code --per-task-executor} on a virtual-thread-per-task executor. Needs JDK 21+.
 */
public class FixedVirtualSubscriptions {

    static final String CLOSE = "\u0000close";

    static final class Subscription {
        final BlockingQueue<String> mailbox = new LinkedBlockingQueue<>();
        final AtomicLong bytesSent = new AtomicLong();

        void pump() {
            try {
                for (String event = mailbox.take(); !CLOSE.equals(event); event = mailbox.take()) {
                    bytesSent.addAndGet(event.length());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
    private final MethodHandles.Lookup lookup = MethodHandles.publicLookup();
    private final MethodHandle ofVirtual;
    private final MethodHandle name;
    private final MethodHandle start;
    private final ExecutorService pumps;

    FixedVirtualSubscriptions(boolean perTaskExecutor) throws Throwable {
        Class<?> builder = Class.forName("java.lang.Thread$Builder$OfVirtual");
        ofVirtual = lookup.findStatic(Thread.class, "ofVirtual", MethodType.methodType(builder));
        name = lookup.findVirtual(builder, "name", MethodType.methodType(builder, String.class));
        start = lookup.findVirtual(builder, "start", MethodType.methodType(Thread.class, Runnable.class));
        pumps = !perTaskExecutor ? null : (ExecutorService) lookup
                .findStatic(Executors.class, "newVirtualThreadPerTaskExecutor", MethodType.methodType(ExecutorService.class))
                .invoke();
    }

    void subscribe(String clientId) throws Throwable {
        Subscription subscription = new Subscription();
        subscriptions.put(clientId, subscription);
        if (pumps != null) {
            pumps.submit(subscription::pump);
        } else {
            start.invoke(name.invoke(ofVirtual.invoke(), "push-" + clientId), (Runnable) subscription::pump);
        }
    }

    void unsubscribe(String clientId) {
        Subscription subscription = subscriptions.remove(clientId);
        if (subscription != null) {
            subscription.mailbox.offer(CLOSE);
        }
    }

    void publish(String event) {
        subscriptions.values().forEach(s -> s.mailbox.offer(event));
    }

    public static void main(String[] args) throws Throwable {
        if (Runtime.version().feature() < 21) {
            System.out.println("virtual threads need JDK 21+");
            System.exit(0);
        }
        Workload load = Workload.parse(args);
        FixedVirtualSubscriptions hub = new FixedVirtualSubscriptions(load.flag("per-task-executor"));
        Deque<String> connected = new ArrayDeque<>();
        load.run(n -> {
            try {
                hub.subscribe("client" + n);
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
            connected.addLast("client" + n);
            hub.publish("{\"tick\":" + n + "}");
            while (connected.size() > 4) {
                hub.unsubscribe(connected.removeFirst());
            }
        });
    }
}
