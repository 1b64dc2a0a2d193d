package io.threadstorm.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.Selector;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;

class WaitPointsTest {

    private static final String TEST = WaitPointsTest.class.getName();

    @Test
    void aQueueTakeWaitsInTheQueueAtTheCallersFrame() throws Exception {
        try (TestThreads live = new TestThreads()) {
            Thread t = live.start("taker", () -> new LinkedBlockingQueue<String>().take());
            TestThreads.awaitIn(t, "java.util.concurrent.LinkedBlockingQueue.take", Thread.State.WAITING);

            WaitPoint w = WaitPoints.of(live.sample(t).stack());

            assertEquals("java.util.concurrent.LinkedBlockingQueue.take", name(w.primitive()));
            assertEquals(TEST, w.appFrame().getClassName());
            assertEquals(w.appFrame(), w.waitingAt());
            assertTrue(w.machinery().stream().anyMatch(e -> name(e).equals("jdk.internal.misc.Unsafe.park")),
                    "parking frames are machinery: " + w.machinery());
            assertTrue(w.primitives().stream().noneMatch(WaitPoints.MACHINERY::matches));
        }
    }

    @Test
    void idlePoolWorkersAreToldFromWorkersBusyInATask() throws Exception {
        try (TestThreads live = new TestThreads()) {
            for (Thread idle : IdlePools.fixed(live, 2)) {
                TestThreads.awaitIn(idle, "java.util.concurrent.ThreadPoolExecutor.getTask", Thread.State.WAITING);
                assertTrue(WaitPoints.isIdlePoolWorker(live.sample(idle).stack()), "fixed pool worker");
            }
            for (Thread idle : IdlePools.forkJoin(live)) {
                TestThreads.awaitIn(idle, "java.util.concurrent.ForkJoinPool.awaitWork", Thread.State.WAITING,
                        Thread.State.TIMED_WAITING);
                assertTrue(WaitPoints.isIdlePoolWorker(live.sample(idle).stack()), "fork-join worker");
            }
            Thread scheduled = IdlePools.scheduled(live, false);
            TestThreads.awaitIn(scheduled, "java.util.concurrent.ScheduledThreadPoolExecutor$DelayedWorkQueue.take",
                    Thread.State.WAITING);
            assertTrue(WaitPoints.isIdlePoolWorker(live.sample(scheduled).stack()), "scheduled pool worker");

            ExecutorService pool = Executors.newFixedThreadPool(1, live.tracking(Executors.defaultThreadFactory()));
            live.onClose(pool::shutdownNow);
            java.util.concurrent.SynchronousQueue<Thread> started = new java.util.concurrent.SynchronousQueue<>();
            pool.submit(() -> {
                started.put(Thread.currentThread());
                new LinkedBlockingQueue<String>().take(); // a task waiting on a queue of its own
                return null;
            });
            Thread busy = started.take();
            TestThreads.awaitIn(busy, "java.util.concurrent.LinkedBlockingQueue.take", Thread.State.WAITING);
            assertFalse(WaitPoints.isIdlePoolWorker(live.sample(busy).stack()), "a task waits, not the worker");
        }
    }

    @Test
    void anIdlePoolWorkerHasNoApplicationFrame() throws Exception {
        try (TestThreads live = new TestThreads()) {
            ExecutorService pool = Executors.newFixedThreadPool(1, live.tracking(Executors.defaultThreadFactory()));
            live.onClose(pool::shutdownNow);
            Thread[] worker = new Thread[1];
            pool.submit(() -> worker[0] = Thread.currentThread()).get();
            TestThreads.awaitIn(worker[0], "java.util.concurrent.ThreadPoolExecutor.getTask", Thread.State.WAITING);

            WaitPoint w = WaitPoints.of(live.sample(worker[0]).stack());

            assertNull(w.appFrame());
            assertEquals("java.util.concurrent.LinkedBlockingQueue.take", name(w.primitive()),
                    "the innermost primitive of an all-JDK stack");
            assertTrue(w.primitives().stream().anyMatch(e -> name(e).equals(
                    "java.util.concurrent.ThreadPoolExecutor.getTask")));
        }
    }

    @Test
    void sleepAndWaitAreTheirOwnPrimitive() throws Exception {
        try (TestThreads live = new TestThreads()) {
            Object monitor = new Object();
            Thread sleeper = live.start("sleeper", () -> Thread.sleep(3_600_000));
            Thread waiter = live.start("waiter", () -> {
                synchronized (monitor) {
                    monitor.wait();
                }
            });
            TestThreads.awaitIn(sleeper, "java.lang.Thread.sleep*", Thread.State.TIMED_WAITING);
            TestThreads.awaitIn(waiter, "java.lang.Object.wait*", Thread.State.WAITING);

            WaitPoint s = WaitPoints.of(live.sample(sleeper).stack());
            WaitPoint w = WaitPoints.of(live.sample(waiter).stack());

            // JDK 17: Thread.sleep(Native); JDK 25: sleepNanos0 <- sleepNanos <- sleep: the outermost is the call
            assertEquals("java.lang.Thread.sleep", name(s.primitive()));
            assertEquals("java.lang.Object.wait", name(w.primitive()));
            assertEquals(TEST, s.appFrame().getClassName());
            assertEquals(TEST, w.appFrame().getClassName());
        }
    }

    @Test
    void waitingBlockedAndSleepingThreadsAreStuck() throws Exception {
        try (TestThreads live = new TestThreads()) {
            Object lock = new Object();
            CountDownLatch held = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            live.onClose(release::countDown);
            Thread holder = live.start("holder", () -> {
                synchronized (lock) {
                    held.countDown();
                    release.await();
                }
            });
            held.await();
            Thread blocked = live.start("blocked", () -> {
                synchronized (lock) {
                    lock.hashCode();
                }
            });
            Thread sleeper = live.start("sleeper", () -> Thread.sleep(3_600_000));
            TestThreads.awaitState(blocked, Thread.State.BLOCKED);
            TestThreads.awaitIn(sleeper, "java.lang.Thread.sleep*", Thread.State.TIMED_WAITING);
            TestThreads.awaitIn(holder, "java.util.concurrent.CountDownLatch.await", Thread.State.WAITING);

            assertTrue(WaitPoints.isStuck(live.sample(blocked)));
            assertTrue(WaitPoints.isStuck(live.sample(sleeper)));
            assertTrue(WaitPoints.isStuck(live.sample(holder)));
        }
    }

    @Test
    void aRunnableThreadInASocketReadAcceptOrSelectIsStuck() throws Exception {
        try (TestThreads live = new TestThreads()) {
            ServerSocket server = live.closeLater(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
            ServerSocket idleServer = live.closeLater(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
            Socket client = live.closeLater(new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort()));
            live.closeLater(server.accept());
            Selector selector = live.closeLater(Selector.open());
            InputStream in = client.getInputStream();
            Thread reader = live.start("reader", in::read);
            Thread acceptor = live.start("acceptor", idleServer::accept);
            Thread selecting = live.start("selecting", selector::select);
            for (Thread t : List.of(reader, acceptor, selecting)) {
                TestThreads.awaitIdleNative(t);
            }

            for (Thread t : List.of(reader, acceptor, selecting)) {
                ThreadSample s = live.sample(t);
                assertEquals(Thread.State.RUNNABLE, s.state());
                assertTrue(WaitPoints.isIdleNativeWait(s.stack()), t.getName() + ": " + s.stack());
                assertTrue(WaitPoints.isStuck(s), t.getName());
            }
            assertEquals("java.net.Socket$SocketInputStream.read", name(WaitPoints.of(live.sample(reader).stack())
                    .primitive()));
            assertEquals("java.net.ServerSocket.accept",
                    name(WaitPoints.of(live.sample(acceptor).stack()).primitive()));
            assertEquals("sun.nio.ch.SelectorImpl.select", name(WaitPoints.of(live.sample(selecting).stack())
                    .primitive()));
        }
    }

    @Test
    void aRunnableThreadDoingWorkIsNotStuck() throws Exception {
        try (TestThreads live = new TestThreads()) {
            Thread worker = live.start("worker", WaitPointsTest::compute);
            TestThreads.awaitIn(worker, TEST + ".compute", Thread.State.RUNNABLE);

            ThreadSample s = live.sample(worker);

            assertFalse(WaitPoints.isIdleNativeWait(s.stack()));
            assertFalse(WaitPoints.isStuck(s));
        }
    }

    @Test
    void aProcessPipeReadIsStuckOnlyWhenTheSamplerSawItIdle() throws Exception {
        try (TestThreads live = new TestThreads()) {
            // `cat` with an open, silent stdin writes nothing: reading its output waits in FileInputStream.readBytes
            Process cat = new ProcessBuilder("cat").start();
            live.onClose(() -> cat.destroyForcibly().waitFor());
            InputStream out = cat.getInputStream();
            Thread reader = live.start("pipe-reader", out::read);
            TestThreads.awaitIn(reader, "java.io.FileInputStream.readBytes", Thread.State.RUNNABLE);

            ThreadSample once = live.sample(reader);
            ThreadSample measured = live.measure(List.of(reader), 200).get(0);

            // a pipe read and a file read show the same native frame: the stack alone does not call it a wait
            assertTrue(once.stack().get(0).isNativeMethod(), once.stack().toString());
            assertFalse(WaitPoints.isIdleNativeWait(once.stack()));
            assertFalse(WaitPoints.isStuck(once), "no CPU figure: cannot tell");
            assertTrue(measured.stackUnchanged());
            assertTrue(WaitPoints.isStuck(measured), "unchanged native frame using no CPU: " + measured.cpuShare());
        }
    }

    @Test
    void newAndEndedThreadsAreNotStuck() {
        Thread t = new Thread(() -> { });
        ThreadSample fresh = new ThreadSample(1, "new", Thread.State.NEW, false, false, -1, List.of(), null, -1,
                null, -1, false);
        ThreadSample ended = new ThreadSample(1, "ended", Thread.State.TERMINATED, false, false, -1, List.of(), null,
                -1, null, -1, false);
        assertEquals(Thread.State.NEW, t.getState());
        assertFalse(WaitPoints.isStuck(fresh));
        assertFalse(WaitPoints.isStuck(ended));
        assertFalse(WaitPoints.isIdleNativeWait(List.of()));
        assertNull(WaitPoints.of(List.of()).primitive());
    }

    @Test
    void framePatternsRejectAStarInsideAName() {
        assertNotNull(FramePattern.of("java.util.concurrent.locks.AbstractQueuedSynchronizer*.*"));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> FramePattern.of("java.net.*PlainSocketImpl.accept"));
    }

    static void compute() {
        long x = 0;
        while (!Thread.currentThread().isInterrupted()) {
            x = x * 31 + (x >>> 7) + 1;
        }
        if (x == 42) {
            System.out.print("");
        }
    }

    private static String name(StackTraceElement e) {
        return e == null ? null : e.getClassName() + "." + e.getMethodName();
    }
}
