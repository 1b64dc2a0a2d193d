package io.threadstorm.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Row 1: a platform thread started and joined, one at a time. The agent's {@code Thread.start()} advice records
 * every start (a stack walk, a site lookup and a small record), so this is the row where each start pays in full.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ThreadStartBench {

    private static final Runnable NOOP = () -> { };

    @Benchmark
    public Thread startJoin() throws InterruptedException {
        Thread t = new Thread(NOOP);
        t.start();
        t.join();
        return t;
    }
}
