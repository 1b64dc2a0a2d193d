package io.threadstorm.it.apps;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Leaves {@value #THREADS} threads waiting in one way named by the first argument, prints {@code ready} and sleeps;
 * HeapProofIT dumps its heap and checks what the proof says of them. Run in a forked JVM.
 */
public final class ProofApp {

    static final int THREADS = 5;
    /** A queue kept in a static field: anyone could still put to it. */
    static final BlockingQueue<String> JOBS = new LinkedBlockingQueue<>();
    /** A pool shared through a static field: its idle workers wait on its queue, which anyone could still feed. */
    static final ExecutorService POOL = Executors.newFixedThreadPool(THREADS, r -> {
        Thread t = new Thread(r);
        t.setDaemon(true);
        return t;
    });
    /** A monitor kept in a static field: anyone could still notify it. */
    static final Object SIGNAL = new Object();

    private ProofApp() {
    }

    public static void main(String[] args) throws Throwable {
        String mode = args[0];
        for (int i = 0; i < THREADS; i++) {
            start(mode, "proof-" + mode + "-" + i);
        }
        Thread.sleep(300); // let them reach their wait
        System.out.println("ready");
        System.out.flush();
        Thread.sleep(120_000);
    }

    /** In a frame of its own, so that no local of main's keeps what the threads wait on. */
    private static void start(String mode, String name) throws Throwable {
        if (mode.equals("shared-pool")) {
            POOL.execute(() -> { }); // each of the first THREADS tasks starts a worker, which then waits for more
            return;
        }
        Runnable task = switch (mode) {
            case "future-dropped" -> {
                CompletableFuture<String> reply = new CompletableFuture<>(); // nobody keeps it to complete it
                yield () -> reply.join();
            }
            case "monitor-dropped" -> {
                Object lock = new Object();
                yield () -> waitOn(lock);
            }
            case "monitor-static" -> () -> waitOn(SIGNAL);
            case "static-queue" -> () -> take(JOBS);
            case "timed" -> {
                BlockingQueue<String> inbox = new LinkedBlockingQueue<>();
                yield () -> {
                    try {
                        inbox.poll(1, TimeUnit.HOURS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                };
            }
            case "virtual-dropped" -> {
                BlockingQueue<String> inbox = new LinkedBlockingQueue<>();
                yield () -> take(inbox);
            }
            default -> throw new IllegalArgumentException("unknown mode " + mode);
        };
        if (mode.startsWith("virtual")) {
            startVirtual(name, task);
        } else {
            Thread t = new Thread(task, name);
            t.setDaemon(true);
            t.start();
        }
    }

    private static void waitOn(Object lock) {
        synchronized (lock) {
            try {
                lock.wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void take(BlockingQueue<String> queue) {
        try {
            queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code Thread.ofVirtual().name(name).start(task)}: JDK 21 API, and this module compiles with --release 17. */
    private static void startVirtual(String name, Runnable task) throws Throwable {
        Class<?> builder = Class.forName("java.lang.Thread$Builder$OfVirtual");
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        Object b = lookup.findStatic(Thread.class, "ofVirtual", MethodType.methodType(builder)).invoke();
        b = lookup.findVirtual(builder, "name", MethodType.methodType(builder, String.class)).invoke(b, name);
        lookup.findVirtual(builder, "start", MethodType.methodType(Thread.class, Runnable.class)).invoke(b, task);
    }
}
