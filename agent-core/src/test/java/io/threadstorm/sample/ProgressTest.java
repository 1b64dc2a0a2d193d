package io.threadstorm.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.threadstorm.record.FakeTicker;
import io.threadstorm.record.Frames;
import io.threadstorm.record.SiteTable;
import io.threadstorm.record.Tracker;
import io.threadstorm.testsites.Starts;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The per-thread progress rule on real threads of one plain-thread site (no pool behind them), sampled every
 * 100 ms of a fake clock with a progress window of 1 s: connection-like threads that each get a job at random gaps of
 * 100-400 ms are never stuck, though many intervals pass without a job for a given thread; threads that never get
 * one are, once they have been watched for a whole window. The clock moves only between samples, after the jobs
 * of the interval are done: nothing sleeps.
 */
class ProgressTest {

    static final int THREADS = 8;
    static final long INTERVAL_MILLIS = 100;
    static final long WINDOW_MILLIS = 1_000;

    private final List<Thread> started = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        started.forEach(Thread::interrupt);
        for (Thread t : started) {
            t.join(5_000);
        }
    }

    @Test
    void threadsThatGetWorkWithinTheWindowAreNotStuck() throws Exception {
        FakeTicker clock = new FakeTicker(1_000_000);
        Tracker tracker = tracker(clock);
        List<BlockingQueue<Integer>> queues = startWorkers(tracker);
        Sampler sampler = new Sampler(tracker, 4, null, List.of(), WINDOW_MILLIS, clock);
        Random random = new Random(7);
        long[] due = new long[THREADS];
        List<Double> stuck = new ArrayList<>();
        int idleIntervals = 0;
        StringBuilder seen = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            long now = clock.millis();
            boolean fed = false;
            for (int w = 0; w < THREADS; w++) {
                if (now >= due[w]) {
                    queues.get(w).put(200); // 200 us of work: a request answered
                    due[w] = now + 100 + random.nextInt(301);
                    fed = true;
                }
            }
            idleIntervals += fed ? 0 : 1;
            waitUntilIdle(queues);
            clock.advance(INTERVAL_MILLIS);
            SiteSample s = only(sampler.sample());
            stuck.add(s.stuckRatio());
            if (s.stuckRatio() > 0) {
                s.examples().forEach(e -> seen.append(e.name()).append(' ').append(e.state()).append(' ')
                        .append(e.stack().isEmpty() ? "" : e.stack().get(0)).append(" cpu ").append(e.cpuShare())
                        .append('\n'));
            }
        }
        assertTrue(idleIntervals > 0, "some intervals must pass without work for the rule to matter");
        assertTrue(stuck.stream().allMatch(r -> r == 0), "stuck ratios " + stuck + "\n" + seen);
    }

    @Test
    void threadsThatNeverGetWorkAreStuckOnceTheWindowHasPassed() throws Exception {
        FakeTicker clock = new FakeTicker(1_000_000);
        Tracker tracker = tracker(clock);
        List<BlockingQueue<Integer>> queues = startWorkers(tracker);
        Sampler sampler = new Sampler(tracker, 4, null, List.of(), WINDOW_MILLIS, clock);
        SiteSample last = null;
        for (int i = 0; i < 2 + WINDOW_MILLIS / INTERVAL_MILLIS + 3; i++) {
            waitUntilIdle(queues);
            clock.advance(INTERVAL_MILLIS);
            last = only(sampler.sample());
        }
        assertEquals(1.0, last.stuckRatio(), 0.0);
    }

    private static Tracker tracker(FakeTicker clock) {
        return new Tracker(new SiteTable(100, new Frames(List.of())), 16, 10_000, clock);
    }

    /** Until every worker has taken its jobs and waits for the next one (its CPU for the interval is spent). */
    private void waitUntilIdle(List<BlockingQueue<Integer>> queues) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L; // a bound for a loaded machine, not a timing
        while (System.nanoTime() < deadline) {
            boolean idle = queues.stream().allMatch(BlockingQueue::isEmpty)
                    && started.stream().allMatch(t -> t.getState() == Thread.State.WAITING);
            if (idle) {
                return;
            }
            Thread.onSpinWait();
            Thread.yield();
        }
        throw new AssertionError("the workers did not finish their jobs");
    }

    /** Workers that each take jobs from their own queue: a job is a number of microseconds of CPU to use. */
    private List<BlockingQueue<Integer>> startWorkers(Tracker tracker) {
        List<BlockingQueue<Integer>> queues = new ArrayList<>();
        for (int w = 0; w < THREADS; w++) {
            BlockingQueue<Integer> queue = new LinkedBlockingQueue<>();
            queues.add(queue);
            Thread t = new Thread(() -> work(queue), "conn-" + w);
            started.add(t);
            Starts.start(tracker, t);
        }
        return queues;
    }

    private static void work(BlockingQueue<Integer> queue) {
        try {
            while (true) {
                long micros = queue.take();
                long end = System.nanoTime() + micros * 1_000L;
                while (System.nanoTime() < end) {
                    Thread.onSpinWait();
                }
            }
        } catch (InterruptedException e) {
            // stopped by the test
        }
    }

    private static SiteSample only(Sample sample) {
        List<SiteSample> sites = sample.sites();
        assertEquals(1, sites.size(), "sites " + sites);
        return sites.get(0);
    }
}
