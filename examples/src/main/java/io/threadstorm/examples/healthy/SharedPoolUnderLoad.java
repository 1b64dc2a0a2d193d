package io.threadstorm.examples.healthy;

import io.threadstorm.examples.Workload;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A healthy order service: one pool of 20 core "order-worker-N" threads (at most 64), created at startup and
 * shared by the whole process. Four "http-N" request threads take requests from the inbound queue and fan each one
 * out on the pool, all through one line: an order becomes three short tasks (a price computation, a 1-5 ms
 * database write, and an inventory lookup that waits, with a timeout, for the reply of a downstream service on a
 * real queue); a partner's bulk upload, at 2.5, 4 and 5.5 s, becomes 260 to 380 writes at once, more than the
 * pool's queue (200) holds, so the pool grows past its core size in steps and keeps the extra workers for 30 s.
 * Most workers idle in the pool's work queue most of the time, but the pool keeps completing tasks. Everything is
 * shut down at the end.
 */
public class SharedPoolUnderLoad {

    static final int REQUESTS_PER_SECOND = 300;
    static final AtomicInteger WORKER_IDS = new AtomicInteger();
    static final ThreadPoolExecutor WORKERS = new ThreadPoolExecutor(20, 64, 30, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(200), r -> new Thread(r, "order-worker-" + WORKER_IDS.incrementAndGet()),
            new ThreadPoolExecutor.CallerRunsPolicy());

    record Order(long id, String sku, int quantity) {}

    /** What a request thread fans out to the pool. */
    record Request(List<Callable<?>> parts) {}

    record Lookup(String sku, BlockingQueue<Integer> reply) {}

    /** The downstream inventory service: answers each lookup on its reply queue after a short delay. */
    static final BlockingQueue<Lookup> INVENTORY = new LinkedBlockingQueue<>();
    static final BlockingQueue<Request> INBOUND = new LinkedBlockingQueue<>();
    static final AtomicLong SERVED = new AtomicLong();
    static final AtomicLong TIMED_OUT = new AtomicLong();
    static volatile boolean running = true;

    static void inventoryService() {
        try {
            while (running) {
                Lookup lookup = INVENTORY.poll(100, TimeUnit.MILLISECONDS);
                if (lookup != null) {
                    TimeUnit.MICROSECONDS.sleep(300); // the network round trip
                    lookup.reply().offer(Math.abs(lookup.sku().hashCode()) % 500);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static long price(Order order) {
        long cents = 0;
        for (int i = 0; i < 2_000; i++) {
            cents += (order.sku().hashCode() ^ i) % 97;
        }
        return Math.abs(cents) * order.quantity();
    }

    static boolean writeToDatabase(Order order) throws InterruptedException {
        Thread.sleep(1 + ThreadLocalRandom.current().nextInt(5)); // the INSERT
        return order.id() > 0;
    }

    static int inStock(Order order) throws InterruptedException {
        BlockingQueue<Integer> reply = new ArrayBlockingQueue<>(1);
        INVENTORY.put(new Lookup(order.sku(), reply));
        Integer stock = reply.poll(200, TimeUnit.MILLISECONDS);
        return stock == null ? -1 : stock;
    }

    /** One request thread: takes requests until the server stops, fans each out, answers when all parts are in. */
    static void serveRequests() {
        try {
            while (running) {
                Request request = INBOUND.poll(100, TimeUnit.MILLISECONDS);
                if (request == null) {
                    continue;
                }
                List<Future<?>> parts = new ArrayList<>();
                for (Callable<?> part : request.parts()) {
                    parts.add(WORKERS.submit(part));
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                try {
                    for (Future<?> part : parts) {
                        part.get(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                    }
                    SERVED.incrementAndGet();
                } catch (TimeoutException | ExecutionException e) {
                    TIMED_OUT.incrementAndGet();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** An order: its price, its row and its stock, in parallel. */
    static Request order(Order order) {
        return new Request(List.of(() -> price(order), () -> writeToDatabase(order), () -> inStock(order)));
    }

    /** A partner's bulk upload: many small writes at once, more than the pool's queue holds. */
    static Request bulkImport(int orders, long firstId) {
        List<Callable<?>> writes = new ArrayList<>();
        for (int i = 0; i < orders; i++) {
            Order order = new Order(firstId + i, "IMPORT-" + i, 1);
            writes.add(() -> writeToDatabase(order));
        }
        return new Request(writes);
    }

    public static void main(String[] args) throws InterruptedException {
        Workload load = Workload.parse(args);
        long durationNanos = (long) (Double.parseDouble(load.option("duration", "20")) * 1e9);
        List<Thread> threads = new ArrayList<>();
        for (int i = 1; i <= 2; i++) {
            threads.add(new Thread(SharedPoolUnderLoad::inventoryService, "inventory-service-" + i));
        }
        for (int i = 1; i <= 4; i++) {
            threads.add(new Thread(SharedPoolUnderLoad::serveRequests, "http-" + i));
        }
        threads.forEach(Thread::start);

        // the network: orders arrive at a steady rate, three every 10 ms; bulk uploads at 2.5, 4 and 5.5 s
        long start = System.nanoTime();
        long period = 10_000_000L;
        long id = 0;
        int ticks = 0;
        for (long due = start; due - start < durationNanos; due += period, ticks++) {
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            for (int i = 0; i < REQUESTS_PER_SECOND / 100; i++) {
                id++;
                INBOUND.add(order(new Order(id, "SKU-" + (id % 37), 1 + (int) (id % 3))));
            }
            if (ticks == 250 || ticks == 400 || ticks == 550) {
                INBOUND.add(bulkImport(160 + ticks / 5 * 2, 1_000_000_000L + ticks * 1_000L));
            }
        }

        System.out.println("pool threads: live=" + WORKERS.getPoolSize() + " peak=" + WORKERS.getLargestPoolSize()
                + " completed=" + WORKERS.getCompletedTaskCount());
        running = false;
        for (Thread t : threads) {
            t.join(5_000);
        }
        WORKERS.shutdown();
        if (!WORKERS.awaitTermination(5, TimeUnit.SECONDS)) {
            System.err.println("workers did not finish");
        }
        System.err.println("served " + SERVED.get() + " requests, " + TIMED_OUT.get() + " timed out");
        Workload.finish();
    }
}
