package io.threadstorm.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RUNNABLE threads: spinning at the same frames is a cause; working is not. */
class RunnableThreadsTest {

    private static final String TEST = RunnableThreadsTest.class.getSimpleName();
    private final Classifier classifier = new Classifier();
    private volatile boolean stop;

    @Test
    void threadsSpinningAtTheSameFramesAreBusySpin() throws Exception {
        try (TestThreads live = new TestThreads()) {
            live.onClose(() -> stop = true);
            List<Thread> spinners = new ArrayList<>();
            int n = 2;
            for (int i = 0; i < n; i++) {
                spinners.add(live.start("spinner-" + i, this::spinUntilStopped));
            }
            for (Thread t : spinners) {
                TestThreads.awaitIn(t, RunnableThreadsTest.class.getName() + ".spinUntilStopped",
                        Thread.State.RUNNABLE);
            }
            List<ThreadSample> samples = measureSpinning(live, spinners, WaitPoints.spinShare(n));

            Cause cause = classifier.classify(SiteFacts.unknown("platform", null, n), samples);

            ClassifierTest.assertWellFormed(cause);
            assertEquals(Category.BUSY_SPIN, cause.category(), cause.toString());
            assertTrue(cause.waitingAt().contains(TEST + ".spinUntilStopped"), cause.waitingAt());
            assertTrue(cause.evidence().get(0).contains("RUNNABLE at the same frames as at the previous sample"),
                    cause.evidence().get(0));
            assertTrue(cause.fix().contains(TEST + ".spinUntilStopped"), cause.fix());
        }
    }

    @Test
    void healthyThreadsDoingChangingWorkAreNotBusySpin() throws Exception {
        try (TestThreads live = new TestThreads()) {
            live.onClose(() -> stop = true);
            List<Thread> workers = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                workers.add(live.start("worker-" + i, this::work));
            }
            for (Thread t : workers) {
                TestThreads.awaitIn(t, RunnableThreadsTest.class.getName() + ".work", Thread.State.RUNNABLE);
            }
            List<ThreadSample> measured = live.measure(workers, 200);
            List<ThreadSample> changing = new ArrayList<>();
            List<ThreadSample> lowCpu = new ArrayList<>();
            for (int i = 0; i < workers.size(); i++) {
                ThreadSample m = measured.get(i);
                // the sampler's two facts for healthy work: frames that moved, or little CPU at the same frames
                changing.add(with(m, m.cpuShare(), false));
                lowCpu.add(with(live.sample(workers.get(i)), 0.03, true));
            }

            for (List<ThreadSample> samples : List.of(changing, lowCpu)) {
                Cause cause = classifier.classify(SiteFacts.unknown("platform", null, 2), samples);
                assertNotEquals(Category.BUSY_SPIN, cause.category(), cause.toString());
                assertEquals(Category.UNKNOWN, cause.category(), cause.toString());
                assertTrue(cause.confidence() < 0.3, cause.toString());
                assertTrue(cause.evidence().get(0).contains("RUNNABLE and not stuck"), cause.evidence().get(0));
            }
        }
    }

    @Test
    void moreSpinnersThanCoresStillSpinOnTheirShareOfTheCpu() throws Exception {
        try (TestThreads live = new TestThreads()) {
            live.onClose(() -> stop = true);
            int n = 3 * Runtime.getRuntime().availableProcessors();
            List<Thread> spinners = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                spinners.add(live.start("crowded-spinner-" + i, this::spinUntilStopped));
            }
            for (Thread t : spinners) {
                TestThreads.awaitIn(t, RunnableThreadsTest.class.getName() + ".spinUntilStopped",
                        Thread.State.RUNNABLE);
            }
            // each gets a third of a core or less (other processes share the host): below half a core, but at
            // least half of what it could get
            List<ThreadSample> samples = measureSpinning(live, spinners, WaitPoints.spinShare(n));

            Cause cause = classifier.classify(SiteFacts.unknown("platform", null, n), samples);

            assertEquals(Category.BUSY_SPIN, cause.category(), cause.toString());
            assertTrue(cause.evidence().get(0).contains("runnable threads share"), cause.evidence().get(0));
            assertTrue(cause.confidence() >= 0.7, cause.toString());
        }
    }

    /** CPU share is measured on a shared machine: measure again until every spinner had the share asked for. */
    private static List<ThreadSample> measureSpinning(TestThreads live, List<Thread> spinners, double share)
            throws Exception {
        List<ThreadSample> samples = List.of();
        for (int attempt = 0; attempt < 10; attempt++) {
            samples = live.measure(spinners, 300);
            if (samples.stream().allMatch(s -> s.cpuShare() >= share && s.stackUnchanged())) {
                return samples;
            }
        }
        throw new AssertionError("spinners never measured as spinning: " + samples);
    }

    private void spinUntilStopped() {
        while (!stop && !Thread.currentThread().isInterrupted()) {
            Thread.onSpinWait();
        }
    }

    private void work() {
        long x = 1;
        while (!stop && !Thread.currentThread().isInterrupted()) {
            x = stepA(x);
            x = stepB(x);
        }
        if (x == 0) {
            System.out.print("");
        }
    }

    private static long stepA(long x) {
        for (int i = 0; i < 1000; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
        }
        return x;
    }

    private static long stepB(long x) {
        for (int i = 0; i < 1000; i++) {
            x ^= x >>> 13;
        }
        return x;
    }

    private static ThreadSample with(ThreadSample s, double cpuShare, boolean unchanged) {
        return new ThreadSample(s.id(), s.name(), s.state(), s.daemon(), s.virtual(), s.ageSeconds(), s.stack(),
                s.lock(), s.lockOwnerId(), s.lockOwnerName(), cpuShare, unchanged);
    }
}
