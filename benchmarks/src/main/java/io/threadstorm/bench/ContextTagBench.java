package io.threadstorm.bench;

import io.threadstorm.bootstrap.Context;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The context tag's row: the paths its hooks sit on (a task through a {@code ThreadPoolExecutor}: {@code execute},
 * {@code getTask}; a {@code CompletableFuture} async stage on a {@code ForkJoinPool}: the task's constructor and
 * {@code doExec}), in batches of 1,000, with nothing tagged ({@code tagged=false}: what every JVM but a test JVM pays,
 * one read of a static field per hook) and with the benchmark thread tagged ({@code tagged=true}: what a test JVM
 * pays). Run it with and without the agent: {@code java -jar benchmarks.jar ContextTagBench -jvmArgs
 * -javaagent:agent-core/target/threadstorm-agent.jar=appPackages=io.threadstorm.bench} (this package as the
 * application, as a test JVM's code is: a tagged submit then takes its line from its task's class). Score: ns per
 * task; with {@code -prof gc}, the bytes each allocates.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ContextTagBench {

    static final int BATCH = 1000;

    private static final Runnable NOOP = () -> { };

    /** Whether the benchmark thread carries a tag. */
    @Param({"false", "true"})
    public boolean tagged;

    private ThreadPoolExecutor pool;
    private ForkJoinPool forkJoin;
    private final CompletableFuture<?>[] futures = new CompletableFuture<?>[BATCH];

    @Setup(Level.Trial)
    public void setUp() {
        pool = new ThreadPoolExecutor(2, 2, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>());
        pool.prestartAllCoreThreads();
        forkJoin = new ForkJoinPool(2);
        if (tagged) {
            Context.tag("bench");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        Context.restore(null);
        pool.shutdown();
        forkJoin.shutdown();
        pool.awaitTermination(10, TimeUnit.SECONDS);
        forkJoin.awaitTermination(10, TimeUnit.SECONDS);
    }

    /** Tasks through a ThreadPoolExecutor: execute, then a worker's getTask. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Object poolTasks() {
        CompletableFuture<?>[] fs = futures;
        for (int i = 0; i < BATCH; i++) {
            fs[i] = CompletableFuture.runAsync(NOOP, pool);
        }
        return CompletableFuture.allOf(fs).join();
    }

    /** Async stages on a ForkJoinPool: each is a ForkJoinTask, created, then run by doExec. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Object forkJoinStages() {
        CompletableFuture<?>[] fs = futures;
        for (int i = 0; i < BATCH; i++) {
            fs[i] = CompletableFuture.runAsync(NOOP, forkJoin);
        }
        return CompletableFuture.allOf(fs).join();
    }
}
