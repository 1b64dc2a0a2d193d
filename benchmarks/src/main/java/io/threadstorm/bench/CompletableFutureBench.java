package io.threadstorm.bench;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
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
 * Row 3: {@code CompletableFuture.runAsync(r, pool).thenApply(f)} in batches of 1,000 on a pool of 2, then
 * {@code allOf(..).join()}. Every future constructor, {@code asyncRunStage} and the final {@code join} pass
 * through the agent's advice. Score: ns per {@code runAsync(..).thenApply(..)} pair.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CompletableFutureBench {

    static final int BATCH = 1000;

    private static final Runnable NOOP = () -> { };
    private static final Function<Object, Object> IDENTITY = v -> v;

    private ThreadPoolExecutor pool;
    private final CompletableFuture<?>[] futures = new CompletableFuture<?>[BATCH];

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

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Object runAsyncThenApply() {
        CompletableFuture<?>[] fs = futures;
        for (int i = 0; i < BATCH; i++) {
            fs[i] = CompletableFuture.runAsync(NOOP, pool).thenApply(IDENTITY);
        }
        return CompletableFuture.allOf(fs).join();
    }
}
