package io.threadstorm.bench;

import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Evidence, not a row: what one creation-stack capture costs, without the agent, at a given stack depth
 * below the capture point. {@code agentLike} copies what {@code StackCapture.walk} does per recorded event
 * (up to 32 frames, class name, method name and bytecode index of each, FNV-hashed); the others are cheaper
 * ways to get a hash of the same stack, and the same walk stopped after 4 frames (the fixed cost of a walk). Run with
 * {@code java -cp benchmarks/target/benchmarks.jar org.openjdk.jmh.Main StackWalkCost}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class StackWalkCost {

    private static final StackWalker NAMES = StackWalker.getInstance();
    private static final StackWalker CLASSES = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
    private static final int MAX = 32;

    /** Frames between the benchmark method and the capture (a real start site sits this deep). */
    @Param({"10", "40"})
    public int depth;

    @Benchmark
    public long agentLike() {
        return down(depth, 0);
    }

    @Benchmark
    public long classAndBciOnly() {
        return down(depth, 1);
    }

    @Benchmark
    public long throwableStackTrace() {
        return down(depth, 2);
    }

    /** The fixed part: the same walk, stopped after 4 frames. */
    @Benchmark
    public long firstFourFrames() {
        return down(depth, 3);
    }

    private static long down(int n, int how) {
        if (n > 0) {
            return down(n - 1, how) + 1;
        }
        switch (how) {
            case 0:
                return walkLikeTheAgent(MAX);
            case 1:
                return classAndBci();
            case 3:
                return walkLikeTheAgent(4);
            default:
                return new Throwable().getStackTrace().length;
        }
    }

    /** What the agent does: names and bytecode index of up to 32 frames. */
    private static long walkLikeTheAgent(int max) {
        return NAMES.walk(s -> {
            StackWalker.StackFrame[] frames = new StackWalker.StackFrame[max];
            long h = 0xcbf29ce484222325L;
            int n = 0;
            Iterator<StackWalker.StackFrame> it = s.iterator();
            while (it.hasNext() && n < max) {
                StackWalker.StackFrame f = it.next();
                frames[n++] = f;
                h = (h ^ f.getClassName().hashCode()) * 0x100000001b3L;
                h = (h ^ f.getMethodName().hashCode()) * 0x100000001b3L;
                h = (h ^ f.getByteCodeIndex()) * 0x100000001b3L;
            }
            return h;
        });
    }

    /** Declaring class identity and bytecode index only: no method name to resolve. */
    private static long classAndBci() {
        return CLASSES.walk(s -> {
            long h = 0xcbf29ce484222325L;
            int n = 0;
            Iterator<StackWalker.StackFrame> it = s.iterator();
            while (it.hasNext() && n < MAX) {
                StackWalker.StackFrame f = it.next();
                n++;
                h = (h ^ System.identityHashCode(f.getDeclaringClass())) * 0x100000001b3L;
                h = (h ^ f.getByteCodeIndex()) * 0x100000001b3L;
            }
            return h;
        });
    }
}
