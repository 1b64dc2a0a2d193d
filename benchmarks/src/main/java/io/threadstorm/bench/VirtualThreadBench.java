package io.threadstorm.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Rows {@code virtual} and {@code virtual-yield}: {@code Thread.startVirtualThread(r)} in batches of 1,000, then join
 * them all (JDK 21+).
 */
@State(Scope.Benchmark)
public class VirtualThreadBench extends HotPath {

    private static final Runnable NOOP = () -> { };
    private static final Runnable YIELD = Thread::yield;

    private final Thread[] threads = new Thread[BATCH];

    /** Tasks that return at once. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void startJoin(VirtualThreads jdk21) throws Throwable {
        run(NOOP);
    }

    /** Tasks that yield once, so that each thread unmounts and mounts again (what a task that parks does). */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void startYieldJoin(VirtualThreads jdk21) throws Throwable {
        run(YIELD);
    }

    private void run(Runnable task) throws Throwable {
        Thread[] ts = threads;
        for (int i = 0; i < BATCH; i++) {
            ts[i] = (Thread) START_VIRTUAL.invokeExact(task); // here, where the tasks are written
        }
        for (int i = 0; i < BATCH; i++) {
            ts[i].join();
        }
    }
}
