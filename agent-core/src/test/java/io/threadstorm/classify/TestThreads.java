package io.threadstorm.classify;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.threadstorm.sample.Deadlocks;
import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadFactory;
import java.util.function.Predicate;

/**
 * Real threads for one test: started, waited into the state under test (by polling their state and stack, never
 * by a fixed sleep), sampled the way the sampler samples them, and stopped when the test ends: cleanup actions
 * (shutting pools down, closing sockets, releasing latches) run last-registered first, then every thread left is
 * interrupted and joined.
 */
final class TestThreads implements AutoCloseable {

    /** A thread body that may block and throw; being interrupted ends it quietly. */
    interface Body {
        void run() throws Exception;
    }

    /** A cleanup step. */
    interface Cleanup {
        void run() throws Exception;
    }

    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();
    private static final long TIMEOUT_NANOS = 15_000_000_000L;

    private final List<Thread> threads = new ArrayList<>();
    private final Deque<Cleanup> cleanups = new ArrayDeque<>();
    private final Map<Long, Long> startNanos = new HashMap<>();

    Thread start(String name, Body body) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (InterruptedException e) {
                // asked to stop
            } catch (Exception e) {
                // a closed socket or similar at cleanup
            }
        }, name);
        t.setDaemon(true);
        return started(t);
    }

    /** Tracks a thread started elsewhere (a pool worker, a timer thread, a virtual thread). */
    Thread track(Thread t) {
        if (!threads.contains(t)) {
            threads.add(t);
            startNanos.putIfAbsent(t.getId(), System.nanoTime());
        }
        return t;
    }

    /** A factory whose threads are tracked (the pool's own default names kept by wrapping its factory). */
    ThreadFactory tracking(ThreadFactory inner) {
        return r -> track(inner.newThread(r));
    }

    void onClose(Cleanup c) {
        cleanups.push(c);
    }

    <T extends AutoCloseable> T closeLater(T c) {
        onClose(c::close);
        return c;
    }

    private Thread started(Thread t) {
        track(t);
        t.start();
        return t;
    }

    /** Waits until the thread is in one of {@code states} with a frame matching {@code frame} on its stack. */
    static void awaitIn(Thread t, String frame, Thread.State... states) {
        FramePattern p = FramePattern.of(frame);
        Set<Thread.State> ok = new HashSet<>(Arrays.asList(states));
        awaitStack(t, s -> s.stream().anyMatch(p::matches), ok, frame);
    }

    /** Waits until the thread is RUNNABLE in an idle native wait (a socket read, accept, selector). */
    static void awaitIdleNative(Thread t) {
        awaitStack(t, WaitPoints::isIdleNativeWait, Set.of(Thread.State.RUNNABLE), "an idle native wait");
    }

    static void awaitState(Thread t, Thread.State state) {
        awaitStack(t, s -> true, Set.of(state), state.name());
    }

    private static void awaitStack(Thread t, Predicate<List<StackTraceElement>> stack, Set<Thread.State> states,
                                   String what) {
        long deadline = System.nanoTime() + TIMEOUT_NANOS;
        while (System.nanoTime() < deadline) {
            Thread.State state = t.getState();
            if (state == Thread.State.TERMINATED) {
                fail(t.getName() + " ended before it reached " + what);
            }
            if (states.contains(state) && stack.test(Arrays.asList(t.getStackTrace()))
                    && states.contains(t.getState())) {
                return;
            }
            Thread.onSpinWait();
            Thread.yield();
        }
        fail(t.getName() + " did not reach " + what + " " + states + "; it is " + t.getState() + " at "
                + Arrays.toString(t.getStackTrace()));
    }

    /** The thread as the sampler sees it from one look: CPU unknown, stack not compared with an earlier one. */
    ThreadSample sample(Thread t) {
        return sample(t, -1, false);
    }

    ThreadSample sample(Thread t, double cpuShare, boolean stackUnchanged) {
        double age = (System.nanoTime() - startNanos.getOrDefault(t.getId(), System.nanoTime())) / 1e9;
        ThreadInfo info = isVirtual(t) ? null : MX.getThreadInfo(new long[] {t.getId()}, true, true)[0];
        if (info == null) {
            // virtual threads are invisible to ThreadMXBean: the stack and state are all there is
            return new ThreadSample(t.getId(), t.getName(), t.getState(), t.isDaemon(), isVirtual(t), age,
                    Arrays.asList(t.getStackTrace()), null, -1, null, cpuShare, stackUnchanged);
        }
        LockInfo lock = info.getLockInfo();
        return new ThreadSample(t.getId(), t.getName(), info.getThreadState(), t.isDaemon(), false, age,
                Arrays.asList(info.getStackTrace()), lock == null ? null : lock.toString(), info.getLockOwnerId(),
                info.getLockOwnerName(), cpuShare, stackUnchanged);
    }

    List<ThreadSample> samples(List<Thread> ts) {
        return ts.stream().map(this::sample).toList();
    }

    /**
     * Samples the threads twice, {@code windowMillis} apart, as the sampler does between two intervals: the CPU
     * share over the window and whether the top frames stayed the same.
     */
    List<ThreadSample> measure(List<Thread> ts, long windowMillis) throws InterruptedException {
        long[] cpu0 = new long[ts.size()];
        List<List<String>> top0 = new ArrayList<>();
        long wall0 = System.nanoTime();
        for (int i = 0; i < ts.size(); i++) {
            cpu0[i] = MX.getThreadCpuTime(ts.get(i).getId());
            top0.add(top(ts.get(i)));
        }
        Thread.sleep(windowMillis); // the measuring window itself, not a wait for a state
        long wall = System.nanoTime() - wall0;
        List<ThreadSample> out = new ArrayList<>();
        for (int i = 0; i < ts.size(); i++) {
            double share = Math.min(1.0, (MX.getThreadCpuTime(ts.get(i).getId()) - cpu0[i]) / (double) wall);
            out.add(sample(ts.get(i), share, top0.get(i).equals(top(ts.get(i)))));
        }
        return out;
    }

    /** The top frames the way the sampler compares them: class and method of the first six. */
    private static List<String> top(Thread t) {
        List<String> out = new ArrayList<>();
        StackTraceElement[] s = t.getStackTrace();
        for (int i = 0; i < Math.min(6, s.length); i++) {
            out.add(s[i].getClassName() + "." + s[i].getMethodName());
        }
        return out;
    }

    /**
     * Deadlock cycles among the given threads only (a monitor deadlock of an earlier test cannot be undone and
     * stays in the JVM), built the way the sampler builds them from {@code findDeadlockedThreads}.
     */
    static List<DeadlockCycle> deadlocks(List<Thread> among) {
        long[] ids = MX.findDeadlockedThreads();
        if (ids == null) {
            return List.of();
        }
        Set<Long> wanted = new HashSet<>();
        among.forEach(t -> wanted.add(t.getId()));
        return Deadlocks.cycles(MX.getThreadInfo(Arrays.stream(ids).filter(wanted::contains).toArray(), true,
                true));
    }

    /** A frame of the calling code, as the agent records a creation site ({@code StackTraceElement.toString()}). */
    static String here() {
        StackTraceElement e = new Throwable().getStackTrace()[1];
        return new StackTraceElement(e.getClassName(), e.getMethodName(), e.getFileName(), e.getLineNumber())
                .toString();
    }

    /** Starts a virtual thread on JDK 21+, or returns {@code null} (the code is compiled for 17). */
    Thread startVirtual(Body body) {
        try {
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            Runnable r = () -> {
                try {
                    body.run();
                } catch (Exception e) {
                    // interrupted or closed at cleanup
                }
            };
            Thread t = (Thread) Class.forName("java.lang.Thread$Builder").getMethod("start", Runnable.class)
                    .invoke(builder, r);
            return track(t);
        } catch (NoSuchMethodException e) {
            return null;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean isVirtual(Thread t) {
        try {
            return (Boolean) Thread.class.getMethod("isVirtual").invoke(t);
        } catch (NoSuchMethodException e) {
            return false;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs the cleanups, then interrupts and joins every thread; fails the test if one is still running. */
    @Override
    public void close() {
        AssertionError failed = null;
        while (!cleanups.isEmpty()) {
            try {
                cleanups.pop().run();
            } catch (Exception e) {
                failed = failed == null ? new AssertionError("cleanup failed", e) : failed;
            }
        }
        for (Thread t : threads) {
            t.interrupt();
        }
        List<String> alive = new ArrayList<>();
        boolean interrupted = false;
        for (Thread t : threads) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                interrupted = true;
            }
            if (t.isAlive()) {
                alive.add(t.getName() + " " + t.getState());
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failed != null) {
            throw failed;
        }
        assertTrue(alive.isEmpty(), "threads left running after the test: " + alive);
    }
}
