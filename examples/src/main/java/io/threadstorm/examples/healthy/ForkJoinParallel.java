package io.threadstorm.examples.healthy;

import io.threadstorm.examples.Workload;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.Future;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.RecursiveTask;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

/**
 * A healthy analytics service on one shared {@code ForkJoinPool(24)} of "analytics-N" workers. Three "report-N"
 * request threads each ask for a report every 300-900 ms: the scores of 64 customer segments (one task each,
 * through {@code invokeAll}), a recursive histogram over 2 million samples, a recursive merge sort of 500 000 of
 * them, and a parallel-stream count run inside the pool; the sort's median also goes through a parallel stream on
 * the common pool. Between the bursts the workers idle in the pool, which keeps
 * them (its keep-alive is 60 s). The pool is shut down at the end.
 */
public class ForkJoinParallel {

    static final int SAMPLES = 2_000_000;
    static final int SEGMENTS = 64;
    static final int[] DATA = new SplittableRandom(42).ints(SAMPLES, 0, 1_000_000).toArray();
    static final AtomicLong REPORTS = new AtomicLong();
    static final AtomicReference<String> LAST_REPORT = new AtomicReference<>("");
    static final ForkJoinPool POOL = new ForkJoinPool(24, pool -> {
        ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
        t.setName("analytics-" + t.getPoolIndex());
        return t;
    }, null, false);

    /** Counts the samples per bucket of 10 000, splitting the range until it is small. */
    static final class Histogram extends RecursiveTask<long[]> {
        private final int from;
        private final int to;

        Histogram(int from, int to) {
            this.from = from;
            this.to = to;
        }

        @Override
        protected long[] compute() {
            if (to - from <= 20_000) {
                long[] buckets = new long[100];
                for (int i = from; i < to; i++) {
                    buckets[DATA[i] / 10_000]++;
                }
                return buckets;
            }
            int mid = (from + to) >>> 1;
            Histogram left = new Histogram(from, mid);
            left.fork();
            long[] right = new Histogram(mid, to).compute();
            long[] sum = left.join();
            for (int i = 0; i < sum.length; i++) {
                sum[i] += right[i];
            }
            return sum;
        }
    }

    /** Sorts {@code a[from, to)} using {@code tmp} as scratch space. */
    static final class MergeSort extends RecursiveAction {
        private final int[] a;
        private final int[] tmp;
        private final int from;
        private final int to;

        MergeSort(int[] a, int[] tmp, int from, int to) {
            this.a = a;
            this.tmp = tmp;
            this.from = from;
            this.to = to;
        }

        @Override
        protected void compute() {
            if (to - from <= 8_192) {
                Arrays.sort(a, from, to);
                return;
            }
            int mid = (from + to) >>> 1;
            invokeAll(new MergeSort(a, tmp, from, mid), new MergeSort(a, tmp, mid, to));
            int i = from;
            int j = mid;
            int k = from;
            while (i < mid && j < to) {
                tmp[k++] = a[i] <= a[j] ? a[i++] : a[j++];
            }
            while (i < mid) {
                tmp[k++] = a[i++];
            }
            while (j < to) {
                tmp[k++] = a[j++];
            }
            System.arraycopy(tmp, from, a, from, to - from);
        }
    }

    /** Scores one customer segment: the mean square root of its slice of the samples. */
    static double score(int segment, int segments) {
        int from = (int) ((long) SAMPLES * segment / segments);
        int to = (int) ((long) SAMPLES * (segment + 1) / segments);
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += Math.sqrt(DATA[i]);
        }
        return sum / Math.max(1, to - from);
    }

    static String report() throws InterruptedException, ExecutionException, TimeoutException {
        List<Callable<Double>> scoring = new ArrayList<>();
        for (int s = 0; s < SEGMENTS; s++) {
            int segment = s;
            scoring.add(() -> score(segment, SEGMENTS));
        }
        double best = 0;
        for (Future<Double> score : POOL.invokeAll(scoring)) {
            best = Math.max(best, score.get());
        }
        long[] histogram = POOL.submit(new Histogram(0, SAMPLES)).get(10, TimeUnit.SECONDS);
        int offset = ThreadLocalRandom.current().nextInt(SAMPLES - 500_000);
        int[] sample = Arrays.copyOfRange(DATA, offset, offset + 500_000);
        POOL.submit(new MergeSort(sample, new int[sample.length], 0, sample.length)).get(10, TimeUnit.SECONDS);
        long outliers = POOL.submit(() -> IntStream.of(DATA).parallel().filter(v -> v > 990_000).count())
                .get(10, TimeUnit.SECONDS);
        double median = IntStream.of(sample).parallel().skip(sample.length / 2).limit(1).average().orElse(0);
        return "segments=" + SEGMENTS + " best=" + Math.round(best) + " buckets=" + histogram.length + " median="
                + median + " outliers=" + outliers;
    }

    public static void main(String[] args) throws InterruptedException {
        Workload load = Workload.parse(args);
        long durationMillis = (long) (Double.parseDouble(load.option("duration", "20")) * 1000);
        long deadline = System.currentTimeMillis() + durationMillis;
        List<Thread> clients = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            clients.add(new Thread(() -> {
                try {
                    while (System.currentTimeMillis() < deadline - 1_000) {
                        LAST_REPORT.set(report());
                        REPORTS.incrementAndGet();
                        Thread.sleep(300 + ThreadLocalRandom.current().nextInt(601)); // the next request comes later
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (ExecutionException | TimeoutException e) {
                    System.err.println(Thread.currentThread().getName() + ": report failed: " + e);
                }
            }, "report-" + i));
        }
        clients.forEach(Thread::start);
        Thread.sleep(Math.max(0, deadline - System.currentTimeMillis()));

        System.out.println("pool threads: live=" + POOL.getPoolSize() + " steals=" + POOL.getStealCount());
        for (Thread t : clients) {
            t.join(5_000);
        }
        POOL.shutdown();
        if (!POOL.awaitTermination(5, TimeUnit.SECONDS)) {
            System.err.println("pool did not finish");
        }
        System.err.println(REPORTS.get() + " reports, the last: " + LAST_REPORT.get());
        Workload.finish();
    }
}
