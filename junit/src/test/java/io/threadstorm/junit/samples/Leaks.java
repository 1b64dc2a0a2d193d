package io.threadstorm.junit.samples;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/** What the samples leak, kept so that the test that ran them can stop it all afterwards. */
public final class Leaks {

    private static final List<Thread> THREADS = new CopyOnWriteArrayList<>();
    private static final List<ExecutorService> POOLS = new CopyOnWriteArrayList<>();

    private Leaks() {
    }

    /** An unstarted daemon thread, tracked; the sample starts it on its own line, its creation site. */
    public static Thread thread(String name, Runnable task) {
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        THREADS.add(t);
        return t;
    }

    /** An unstarted virtual thread (JDK 21+), tracked; built by reflection, as the code compiles for Java 17. */
    public static Thread virtualThread(String name, Runnable task) throws ReflectiveOperationException {
        Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
        Class<?> ofVirtual = Class.forName("java.lang.Thread$Builder$OfVirtual");
        builder = ofVirtual.getMethod("name", String.class).invoke(builder, name);
        Thread t = (Thread) ofVirtual.getMethod("unstarted", Runnable.class).invoke(builder, task);
        THREADS.add(t);
        return t;
    }

    /** A pool, tracked. */
    public static <E extends ExecutorService> E pool(E pool) {
        POOLS.add(pool);
        return pool;
    }

    /** Blocks until interrupted. */
    public static void block() {
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sleeps, interruptibly. */
    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops every tracked thread and pool and waits for them to end, so the build's JVM stays clean. */
    public static void stopAll() throws InterruptedException {
        for (ExecutorService pool : POOLS) {
            pool.shutdownNow();
        }
        for (Thread t : THREADS) {
            t.interrupt();
        }
        for (ExecutorService pool : POOLS) {
            if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("a sample pool did not stop: " + pool);
            }
        }
        for (Thread t : THREADS) {
            t.join(10_000);
            if (t.isAlive()) {
                throw new IllegalStateException("a sample thread did not stop: " + t);
            }
        }
        POOLS.clear();
        THREADS.clear();
    }
}
