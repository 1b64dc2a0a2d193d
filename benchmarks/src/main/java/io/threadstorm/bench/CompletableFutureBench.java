package io.threadstorm.bench;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Rows {@code future} and {@code future-pending}: {@code CompletableFuture.runAsync(r, pool).thenApply(f)} in batches
 * of 1,000. Every future constructor, {@code asyncRunStage} and {@code execute} passes through the agent's hooks.
 * Score: ns per {@code runAsync(..).thenApply(..)} pair.
 */
@State(Scope.Benchmark)
public class CompletableFutureBench extends HotPath {

    private static final Runnable NOOP = () -> { };

    private static final Function<Object, Object> IDENTITY = v -> v;

    private final CompletableFuture<?>[] futures = new CompletableFuture<?>[BATCH];

    /** On a pool of 2, then {@code allOf(..).join()}: the futures complete, the wait is timed too. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Object runAsyncThenApply(TwoWorkers workers) {
        CompletableFuture<?>[] fs = futures;
        for (int i = 0; i < BATCH; i++) {
            fs[i] = CompletableFuture.runAsync(NOOP, workers.pool).thenApply(IDENTITY);
        }
        return CompletableFuture.allOf(fs).join();
    }

    /** On a pool whose one worker is busy: the futures stay pending and only the caller's side is timed. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Object runAsyncThenApplyPending(BusyWorker busy) {
        CompletableFuture<?>[] fs = futures;
        for (int i = 0; i < BATCH; i++) {
            fs[i] = CompletableFuture.runAsync(NOOP, busy.pool).thenApply(IDENTITY);
        }
        return fs;
    }
}
