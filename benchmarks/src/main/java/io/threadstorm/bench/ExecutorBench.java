package io.threadstorm.bench;

import java.util.concurrent.CountDownLatch;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Row {@code executor}: {@code ThreadPoolExecutor.execute} of a no-op on a pool of 2, in batches of 1,000, then wait
 * for the batch; a task only counts down the batch's latch. Score: ns per {@code execute}, waiting included.
 */
@State(Scope.Benchmark)
public class ExecutorBench extends HotPath {

    private static final Runnable NOOP = () -> { };

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void execute(TwoWorkers workers) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(BATCH);
        Runnable task = done::countDown;
        for (int i = 0; i < BATCH; i++) {
            workers.pool.execute(task);
        }
        done.await();
    }

    /**
     * Row {@code execute-queued}: {@code execute} alone, into the queue of a pool whose worker is busy (the caller's
     * side of a loaded pool). Score: ns per {@code execute}.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void executeQueued(BusyWorker busy) {
        for (int i = 0; i < BATCH; i++) {
            busy.pool.execute(NOOP);
        }
    }
}
