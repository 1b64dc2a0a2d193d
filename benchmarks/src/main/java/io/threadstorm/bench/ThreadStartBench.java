package io.threadstorm.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Row {@code thread-start}: a platform thread started and joined, one at a time. The agent records every start (a
 * walk of the starting stack unless the task's class already told its site, a site lookup and a small record), so
 * this is the row where each start pays in full.
 */
@State(Scope.Benchmark)
public class ThreadStartBench extends HotPath {

    private static final Runnable NOOP = () -> { };

    @Benchmark
    public Thread startJoin() throws InterruptedException {
        Thread t = new Thread(NOOP);
        t.start();
        t.join();
        return t;
    }
}
