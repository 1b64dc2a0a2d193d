package io.threadstorm.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.threadstorm.bootstrap.Recorder;
import io.threadstorm.bootstrap.TestSink;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SamplingGateTest {

    @AfterEach
    void uninstall() {
        Recorder.install(null, 1024);
    }

    @Test
    void windowsAreOpenTheShareOfTimeThatMakesTheConfiguredRate() {
        // a 32nd of the time at 1024 and above, drawing 1 in 32 within it (more above 1024); half the time at 64
        assertEquals(32, SamplingGate.windowRate(1024));
        assertEquals(4_000_000L, SamplingGate.windowNanos(1024));
        assertEquals(64_000_000L, SamplingGate.windowNanos(64));
        assertEquals(2048, SamplingGate.windowRate(65536));
        assertEquals(4_000_000L, SamplingGate.windowNanos(65536), 1_000);
        // at 32 and below the window never closes: every call draws, as without a gate
        assertEquals(16, SamplingGate.windowRate(16));
        assertEquals(1, SamplingGate.windowRate(1));
        for (int rate = 64; rate <= 65536; rate *= 2) {
            long open = SamplingGate.windowNanos(rate);
            long closed = SamplingGate.closedNanos(open, rate, 0.5); // the mean
            double share = (double) open / (open + closed);
            assertEquals(1.0 / rate, share / SamplingGate.windowRate(rate), 1e-3 / rate, "rate " + rate);
        }
    }

    @Test
    void aWindowThatStayedOpenLongerIsFollowedByALongerClosedSpell() {
        long asked = SamplingGate.windowNanos(1024);
        long mean = SamplingGate.closedNanos(asked, 1024, 0.5);
        assertEquals(2 * mean, SamplingGate.closedNanos(2 * asked, 1024, 0.5));
        // but a pause that stretched the window (a long GC) does not close the gate for 31 times the pause
        assertEquals(2 * mean, SamplingGate.closedNanos(1_000 * asked, 1024, 0.5));
        // the jitter spreads the closed spell from half to one and a half times its mean
        assertEquals(SamplingGate.closedNanos(asked, 1024, 0.5) / 2, SamplingGate.closedNanos(asked, 1024, 0.0));
        assertEquals(SamplingGate.closedNanos(asked, 1024, 0.5) * 3 / 2, SamplingGate.closedNanos(asked, 1024, 1.0),
                1.0);
    }

    @Test
    void withoutAGateEveryCallDraws() {
        TestSink sink = new TestSink();
        Recorder.install(sink, 4);
        long calls = 400_000;
        for (long i = 0; i < calls; i++) {
            Recorder.futureCreatedSampled(this);
        }
        // one in 4: a binomial of mean 100,000 and deviation 274
        assertEquals(calls / 4.0, sink.futures.get(), 3_000);
    }

    @Test
    void aRunningGateSamplesAboutOneCallInTheRate() throws InterruptedException {
        TestSink sink = new TestSink();
        Recorder.install(sink, 256);
        SamplingGate gate = new SamplingGate(256);
        gate.start();
        long calls = 0;
        double work = 0;
        long end = System.nanoTime() + 1_500_000_000L; // about ten windows
        while (System.nanoTime() < end) {
            for (int i = 0; i < 1000; i++) {
                Recorder.futureCreatedSampled(this);
                // some work of the caller's between two calls, as in an application: with none, the calls outside
                // a window (one read of a flag) outnumber those inside it (a random draw) and the share falls
                work += ThreadLocalRandom.current().nextGaussian();
            }
            calls += 1000;
        }
        double perCall = (double) sink.futures.get() / calls;
        // one in 256 on average; the windows' count and phase vary, so within a factor of three
        assertTrue(perCall > 1.0 / 768 && perCall < 3.0 / 256, "sampled " + sink.futures.get() + " of " + calls
                + " (work " + work + ")");

        // a boost to 16 opens the window for good: one call in 16 from the next call on
        gate.rate(16);
        sink.futures.set(0);
        for (int i = 0; i < 160_000; i++) {
            Recorder.futureCreatedSampled(this);
        }
        assertEquals(10_000, sink.futures.get(), 600);

        gate.stop();
        gate.thread().join(5_000);
        assertTrue(!gate.thread().isAlive(), "the gate's thread stops");
    }

    @Test
    void interruptsNeitherStopTheGateNorMakeItSpin() throws InterruptedException {
        Recorder.install(new TestSink(), 1024);
        SamplingGate gate = new SamplingGate(1024);
        gate.start();
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long id = gate.thread().getId();
        long cpuBefore = mx.getThreadCpuTime(id);
        long wallBefore = System.nanoTime();
        for (int i = 0; i < 500; i++) { // a harness that interrupts every thread it sees, every millisecond
            gate.thread().interrupt();
            Thread.sleep(1);
        }
        long cpu = mx.getThreadCpuTime(id) - cpuBefore;
        long wall = System.nanoTime() - wallBefore;
        assertTrue(gate.thread().isAlive());
        // a thread that kept its interrupt status would spin in parkNanos, a whole core; this one wakes per interrupt
        assertTrue(cpu < wall / 4, "the gate's thread used " + cpu / 1_000_000 + " ms of CPU in " + wall / 1_000_000
                + " ms");
        gate.stop();
        gate.thread().join(5_000);
        assertTrue(!gate.thread().isAlive());
    }
}
