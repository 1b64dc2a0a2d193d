package io.threadstorm.bench;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Virtual threads as frameworks start them: {@code submit} of a no-op to
 * {@code Executors.newVirtualThreadPerTaskExecutor()} in batches of 1,000, then {@code get} each future. Each
 * submit starts one virtual thread, whose task the JDK wraps, so the agent finds the site through the wrapper.
 * Compiled for release 17: the executor is made through a method handle (JDK 21+).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class VirtualExecutorBench {

    static final int BATCH = 1000;

    private static final Runnable NOOP = () -> { };

    private final Future<?>[] futures = new Future<?>[BATCH];
    private ExecutorService executor;

    @Setup(Level.Trial)
    public void setUp() throws Throwable {
        MethodHandle make;
        try {
            make = MethodHandles.publicLookup().findStatic(java.util.concurrent.Executors.class,
                    "newVirtualThreadPerTaskExecutor", MethodType.methodType(ExecutorService.class));
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("virtual threads need JDK 21+; this is " + Runtime.version(), e);
        }
        executor = (ExecutorService) make.invokeExact();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        executor.shutdown();
        executor.awaitTermination(1, TimeUnit.MINUTES);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void submitGet() throws Exception {
        Future<?>[] fs = futures;
        for (int i = 0; i < BATCH; i++) {
            fs[i] = executor.submit(NOOP);
        }
        for (int i = 0; i < BATCH; i++) {
            fs[i].get();
        }
    }
}
