package io.threadstorm.bench;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Row 4: {@code Thread.startVirtualThread(r)} in batches of 1,000, then join them all. Compiled for release 17:
 * the JDK 21 API is reached through a method handle, and the benchmark refuses to run on a JVM without it
 * (the runner skips the row there).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class VirtualThreadBench {

    static final int BATCH = 1000;

    private static final Runnable NOOP = () -> { };
    /** {@code Thread.startVirtualThread(Runnable)}, or {@code null} before JDK 21. */
    private static final MethodHandle START_VIRTUAL = startVirtual();

    private final Thread[] threads = new Thread[BATCH];

    /** True when this JVM has virtual threads. */
    public static boolean available() {
        return START_VIRTUAL != null;
    }

    @Setup(Level.Trial)
    public void setUp() {
        if (START_VIRTUAL == null) {
            throw new IllegalStateException("virtual threads need JDK 21+; this is " + Runtime.version());
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void startJoin() throws Throwable {
        Thread[] ts = threads;
        for (int i = 0; i < BATCH; i++) {
            ts[i] = (Thread) START_VIRTUAL.invokeExact(NOOP);
        }
        for (int i = 0; i < BATCH; i++) {
            ts[i].join();
        }
    }

    /** Starts one virtual thread running {@code task} (JDK 21+); used by the heap harness too. */
    static Thread startVirtual(Runnable task) throws Throwable {
        return (Thread) START_VIRTUAL.invokeExact(task);
    }

    private static MethodHandle startVirtual() {
        try {
            return MethodHandles.publicLookup().findStatic(Thread.class, "startVirtualThread",
                    MethodType.methodType(Thread.class, Runnable.class));
        } catch (NoSuchMethodException | IllegalAccessException e) {
            return null;
        }
    }
}
