package io.threadstorm.bench;

import java.util.Arrays;

/**
 * Evidence, not a row: times {@code start()} and {@code join()} of a platform thread apart, so that a cost the agent
 * adds after {@code start0} (on the starting thread) shows apart from the new thread's own life. Run it in
 * alternating processes with and without {@code -javaagent}:
 * {@code java -cp benchmarks/target/benchmarks.jar io.threadstorm.bench.ThreadStartSplit 30}. Prints the median over
 * {@code rounds} batches of 1,000 threads of the mean µs per thread in {@code start()}, in {@code join()} and both.
 */
public final class ThreadStartSplit {

    private static final Runnable NOOP = () -> { };

    private ThreadStartSplit() {
    }

    public static void main(String[] args) throws InterruptedException {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        long[] start = new long[rounds];
        long[] join = new long[rounds];
        for (int r = 0; r < rounds; r++) {
            long inStart = 0;
            long inJoin = 0;
            for (int i = 0; i < 1000; i++) {
                Thread t = new Thread(NOOP);
                long t0 = System.nanoTime();
                t.start();
                long t1 = System.nanoTime();
                t.join();
                inStart += t1 - t0;
                inJoin += System.nanoTime() - t1;
            }
            start[r] = inStart / 1000;
            join[r] = inJoin / 1000;
        }
        Arrays.sort(start);
        Arrays.sort(join);
        long s = start[rounds / 2];
        long j = join[rounds / 2];
        System.out.printf("start %.1f us, join %.1f us, both %.1f us%n", s / 1e3, j / 1e3, (s + j) / 1e3);
    }
}
