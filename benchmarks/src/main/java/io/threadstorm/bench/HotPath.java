package io.threadstorm.bench;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The one set-up every JMH hot-path benchmark shares: its mode and iterations (JMH reads them from the superclass),
 * the batch, the pools as JMH states, and the JDK 21 API reached through method handles (the module compiles for
 * release 17). Each benchmark class holds its measured methods and its own tasks: a task lambda names its site only
 * where it is written, so a thread started from one class with a lambda written in another walks its stack on every
 * start, which is not the path a service takes.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public abstract class HotPath {

    /** Calls per benchmark invocation where one call is too short to time. */
    static final int BATCH = 1000;

    /**
     * {@code Thread.startVirtualThread(Runnable)}, or {@code null} before JDK 21; invoke it where the task is written
     * ({@code (Thread) START_VIRTUAL.invokeExact(task)}), for the reason above.
     */
    static final MethodHandle START_VIRTUAL = handle("startVirtualThread", Thread.class,
            MethodType.methodType(Thread.class, Runnable.class));
    /** {@code Executors.newVirtualThreadPerTaskExecutor()}, or {@code null} before JDK 21. */
    private static final MethodHandle VIRTUAL_EXECUTOR = handle("newVirtualThreadPerTaskExecutor",
            java.util.concurrent.Executors.class, MethodType.methodType(ExecutorService.class));

    /** A pool of two prestarted workers, shut down after the trial. */
    @State(Scope.Benchmark)
    public static class TwoWorkers {
        ThreadPoolExecutor pool;

        @Setup(Level.Trial)
        public void setUp() {
            pool = new ThreadPoolExecutor(2, 2, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>());
            pool.prestartAllCoreThreads();
        }

        @TearDown(Level.Trial)
        public void tearDown() throws InterruptedException {
            pool.shutdown();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    /**
     * A pool whose one worker is busy for the whole trial, so that what is submitted stays queued and its futures
     * pending: an async service under load. The queue is emptied after each invocation, outside the timing.
     */
    @State(Scope.Benchmark)
    public static class BusyWorker {
        ThreadPoolExecutor pool;
        private final CountDownLatch release = new CountDownLatch(1);

        @Setup(Level.Trial)
        public void setUp() throws InterruptedException {
            pool = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>());
            CountDownLatch busy = new CountDownLatch(1);
            pool.execute(() -> {
                busy.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            busy.await();
        }

        @TearDown(Level.Invocation)
        public void drain() {
            pool.getQueue().clear();
        }

        @TearDown(Level.Trial)
        public void tearDown() throws InterruptedException {
            release.countDown();
            pool.shutdown();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    /** Refuses to run a virtual-thread benchmark on a JVM without virtual threads (the runner skips it there). */
    @State(Scope.Benchmark)
    public static class VirtualThreads {
        @Setup(Level.Trial)
        public void setUp() {
            if (!virtualThreads()) {
                throw new IllegalStateException("virtual threads need JDK 21+; this is " + Runtime.version());
            }
        }
    }

    /** True when this JVM has virtual threads. */
    static boolean virtualThreads() {
        return START_VIRTUAL != null;
    }

    /** Starts one virtual thread running {@code task} (JDK 21+). */
    static Thread startVirtual(Runnable task) throws Throwable {
        return (Thread) START_VIRTUAL.invokeExact(task);
    }

    /** A new {@code Executors.newVirtualThreadPerTaskExecutor()} (JDK 21+). */
    static ExecutorService virtualExecutor() throws Throwable {
        return (ExecutorService) VIRTUAL_EXECUTOR.invokeExact();
    }

    private static MethodHandle handle(String name, Class<?> owner, MethodType type) {
        try {
            return MethodHandles.publicLookup().findStatic(owner, name, type);
        } catch (NoSuchMethodException | IllegalAccessException e) {
            return null;
        }
    }
}
