package io.threadstorm.bench;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Row {@code virtual-executor}: virtual threads as frameworks start them, {@code submit} of a no-op to
 * {@code Executors.newVirtualThreadPerTaskExecutor()} in batches of 1,000, then {@code get} each future. Each submit
 * starts one virtual thread, whose task the JDK wraps, so the agent finds the site through the wrapper (JDK 21+).
 */
@State(Scope.Benchmark)
public class VirtualExecutorBench extends HotPath {

    private static final Runnable NOOP = () -> { };

    private final Future<?>[] futures = new Future<?>[BATCH];
    private ExecutorService executor;

    @Setup(Level.Trial)
    public void setUp(VirtualThreads jdk21) throws Throwable {
        executor = virtualExecutor();
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
