package io.threadstorm.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The progress window on made-up readings: a fake clock, stacks and CPU times chosen by the test. */
class ProgressWindowTest {

    static final long INTERVAL = 250;
    static final long WINDOW = 1_500;

    static final List<StackTraceElement> SELECT = List.of(
            new StackTraceElement("sun.nio.ch.EPoll", "wait", "EPoll.java", -2),
            new StackTraceElement("sun.nio.ch.EPollSelectorImpl", "doSelect", "EPollSelectorImpl.java", 117),
            new StackTraceElement("sun.nio.ch.SelectorImpl", "select", "SelectorImpl.java", 142));
    static final List<StackTraceElement> TAKE = List.of(
            new StackTraceElement("jdk.internal.misc.Unsafe", "park", "Unsafe.java", -2),
            new StackTraceElement("java.util.concurrent.LinkedBlockingQueue", "take", "LinkedBlockingQueue.java", 435));
    static final List<StackTraceElement> SERVE = List.of(
            new StackTraceElement("app.Handler", "handle", "Handler.java", 12),
            new StackTraceElement("java.util.concurrent.LinkedBlockingQueue", "take", "LinkedBlockingQueue.java", 435));

    /** Feeds one thread's CPU time (ms) per sample and returns the motion at the last one. */
    private static ProgressWindow.Motion run(List<StackTraceElement> stack, double... cpuMillisPerInterval) {
        return read(java.util.Collections.nCopies(cpuMillisPerInterval.length, stack), cpuMillisPerInterval);
    }

    /** Reads one thread at these stacks in turn, using 0.1 ms of CPU per interval. */
    @SafeVarargs
    private static ProgressWindow.Motion moving(List<StackTraceElement>... stacks) {
        double[] cpu = new double[stacks.length];
        java.util.Arrays.fill(cpu, 0.1);
        return read(List.of(stacks), cpu);
    }

    /** One thread read once per interval at {@code stacks[i]}, having used {@code cpuMillis[i]} since the last. */
    private static ProgressWindow.Motion read(List<List<StackTraceElement>> stacks, double[] cpuMillis) {
        ProgressWindow w = new ProgressWindow(WINDOW);
        long millis = 10_000;
        long nanos = 5_000_000_000L;
        long cpu = 0;
        ProgressWindow.Motion m = null;
        for (int i = 0; i < stacks.size(); i++) {
            cpu += (long) (cpuMillis[i] * 1_000_000);
            w.begin(millis, nanos);
            m = w.observe(1, stacks.get(i), cpu, true);
            w.end();
            millis += INTERVAL;
            nanos += INTERVAL * 1_000_000;
        }
        return m;
    }

    @Test
    void aSelectorThreadWithBurstsBelowOnePercentOverTheWindowIsNotBusy() {
        // 3 ms every other second: one interval at 1.2% of a core, the window at 0.2%
        ProgressWindow.Motion m = run(SELECT, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0);
        assertFalse(m.busy(), m.toString());
        assertTrue(m.watched());
    }

    @Test
    void aSelectorThreadThatUsesOnePercentOverTheWindowIsBusy() {
        ProgressWindow.Motion m = run(SELECT, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3);
        assertTrue(m.busy(), m.toString());
    }

    @Test
    void aWaitingThreadThatWorkedOutsideASelectorIsProgressingAndBusy() {
        ProgressWindow.Motion m = run(TAKE, 0, 0, 0.2, 0, 0, 0);
        assertTrue(m.progressing());
        assertTrue(m.busy());
        assertEquals(0, m.cpuShare(), 1e-9);
    }

    static final List<StackTraceElement> BACK_OFF = List.of(
            new StackTraceElement("java.lang.Thread", "sleep", "Thread.java", -2),
            new StackTraceElement("org.client.Sender", "retryLater", "Sender.java", 526));

    @Test
    void anEventLoopBetweenItsSelectorAndARetryBackOffIsNotBusyWithoutCpu() {
        // a client's network thread with nobody to talk to: a select, a back-off's sleep, a select again, a tenth
        // of a millisecond each time; it moved, but on its own timers
        ProgressWindow.Motion m = moving(SELECT, SELECT, BACK_OFF, SELECT, SELECT, BACK_OFF, SELECT, BACK_OFF);
        assertTrue(m.progressing(), m.toString());
        assertFalse(m.busy(), "read in its selector within the window, at 0.04% of a core: " + m);
        // the same moves by a thread never read in a selector are work
        ProgressWindow.Motion worker = moving(TAKE, TAKE, BACK_OFF, TAKE, TAKE, BACK_OFF, TAKE, BACK_OFF);
        assertTrue(worker.busy(), worker.toString());
    }

    @Test
    void aWaitingThreadThatOnlyWakesOnItsTimeoutIsNotProgressing() {
        // 20 us per interval: below the work share
        ProgressWindow.Motion m = run(TAKE, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02);
        assertFalse(m.progressing(), m.toString());
        assertFalse(m.busy(), m.toString());
    }

    @Test
    void progressAgesOutOfTheWindow() {
        ProgressWindow.Motion m = run(TAKE, 0, 0.5, 0, 0, 0, 0, 0, 0, 0, 0);
        assertFalse(m.progressing(), "the work was more than a window ago: " + m);
    }

    @Test
    void aThreadIsWatchedOnlyAfterAWholeWindow() {
        assertFalse(run(TAKE, 0, 0, 0).watched());
        assertTrue(run(TAKE, 0, 0, 0, 0, 0, 0, 0).watched());
    }

    @Test
    void aThreadNotReadInASampleIsForgotten() {
        ProgressWindow w = new ProgressWindow(WINDOW);
        w.begin(0, 1);
        w.observe(1, SERVE, 0, true);
        w.end();
        w.begin(INTERVAL, 1 + INTERVAL * 1_000_000);
        w.end(); // thread 1 not read
        w.begin(2 * INTERVAL, 1 + 2 * INTERVAL * 1_000_000);
        ProgressWindow.Motion m = w.observe(1, TAKE, 0, true);
        assertFalse(m.unchanged(), "a new thread has no previous stack to compare");
        assertEquals(-1, m.cpuShare(), 0.0);
    }

    @Test
    void aSampleMomentsAfterAnotherMeasuresCpuOverTheSpanBefore() {
        // a spinning thread that happened to be off the CPU in the 5 ms between a sample and the exit report
        ProgressWindow w = new ProgressWindow(WINDOW);
        long nanos = 1_000_000_000L;
        w.begin(0, nanos);
        w.observe(1, SERVE, 0, false);
        w.end();
        w.begin(250, nanos + 250_000_000L);
        w.observe(1, SERVE, 200_000_000L, false);
        w.end();
        w.begin(255, nanos + 255_000_000L);
        ProgressWindow.Motion m = w.observe(1, SERVE, 200_000_000L, false);
        assertEquals(200.0 / 255, m.cpuShare(), 1e-3, "measured since the reading 255 ms before, not 5 ms");
    }

    @Test
    void theHistoryGrowsToCoverALongWindow() {
        // a window of 20 samples: a 60 ms burst 13 samples ago is still within it (1.8% of a core over it)
        ProgressWindow w = new ProgressWindow(20 * INTERVAL);
        long cpu = 0;
        ProgressWindow.Motion m = null;
        for (int i = 0; i < 16; i++) {
            if (i == 2) {
                cpu += 60_000_000L;
            }
            w.begin(i * INTERVAL, 1 + i * INTERVAL * 1_000_000);
            m = w.observe(1, SELECT, cpu, true);
            w.end();
        }
        assertTrue(m.busy(), "the burst is within the window: " + m);
    }
}
