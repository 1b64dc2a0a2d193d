package io.threadstorm.dump;

import static io.threadstorm.dump.Dumps.method;
import static io.threadstorm.dump.Dumps.parse;
import static io.threadstorm.dump.Dumps.thread;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.threadstorm.classify.DeadlockCycle;
import io.threadstorm.classify.ThreadSample;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code jstack} and {@code jcmd Thread.print} of JDK 17.0.15, captured from a real JVM. */
class Jdk17ThreadPrintTest {

    private final ThreadDump jstack = parse("jdk17-jstack.txt");

    @Test
    void readsTheHeader() {
        assertEquals(DumpFormat.THREAD_PRINT, jstack.format());
        assertEquals(LocalDateTime.of(2026, 11, 26, 23, 42, 40), jstack.takenAt());
        assertEquals("OpenJDK 64-Bit Server VM (17.0.15+6-Debian-1deb12u1 mixed mode, sharing)", jstack.jvmVersion());
        assertEquals(-1, jstack.pid());
        assertEquals(0, jstack.skippedLines(), "every line of a real dump is understood");
    }

    @Test
    void keepsJavaThreadsOnlyAsTheSmrListCountsThem() {
        // "Threads class SMR info: … length=28": the Java threads; GC, VM and G1 threads are not Java threads
        assertEquals(28, jstack.threads().size());
        assertTrue(jstack.thread("GC Thread#0").isEmpty());
        assertTrue(jstack.thread("VM Thread").isEmpty());
        assertTrue(jstack.thread("G1 Service").isEmpty());
        assertTrue(jstack.threads().stream().noneMatch(DumpedThread::virtual));
    }

    @Test
    void readsHeaderStateAndFrames() {
        DumpedThread main = thread(jstack, "main");
        assertEquals(1, main.id());
        assertEquals(Thread.State.TIMED_WAITING, main.state());
        assertFalse(main.daemon());
        assertEquals(3.29, main.elapsedSeconds(), 1e-9);
        StackTraceElement top = main.topFrame();
        assertEquals("java.lang.Thread.sleep", method(top));
        assertTrue(top.isNativeMethod());
        assertEquals("java.base", top.getModuleName());
        assertEquals("17.0.15", top.getModuleVersion());
        assertEquals("java.base@17.0.15/java.lang.Thread.sleep(Native Method)", top.toString());
        assertEquals(new StackTraceElement("com.acme.zoo.StateZoo", "main", "StateZoo.java", 95), main.stack().get(1));
        assertNull(main.lock());

        DumpedThread latch = thread(jstack, "latch-waiter");
        assertTrue(latch.daemon());
        assertEquals(13, latch.id());
    }

    @Test
    void parkedOnAQueueTake() {
        DumpedThread t = thread(jstack, "queue-taker");
        assertEquals(Thread.State.WAITING, t.state());
        assertEquals("jdk.internal.misc.Unsafe.park", method(t.topFrame()));
        assertEquals("java.util.concurrent.locks.AbstractQueuedSynchronizer$ConditionObject@69ec1f770", t.lock());
        assertEquals("0x000000069ec1f770", t.lockAddress());
        assertEquals(-1, t.lockOwnerId());
        assertTrue(t.stack().stream().anyMatch(e -> method(e).equals("java.util.concurrent.LinkedBlockingQueue.take")));
        // the lambda's hidden class keeps its "/0x…" suffix and has no source
        StackTraceElement lambda = t.stack().get(t.stack().size() - 2);
        assertEquals("com.acme.zoo.StateZoo$$Lambda$1/0x00007f67e4000c48", lambda.getClassName());
        assertEquals("run", lambda.getMethodName());
        assertNull(lambda.getFileName());
        assertEquals(-1, lambda.getLineNumber());
    }

    @Test
    void waitsOnALatchATimerAndAFuture() {
        assertEquals("java.util.concurrent.CountDownLatch$Sync@69ec2ee30", thread(jstack, "latch-waiter").lock());
        DumpedThread timer = thread(jstack, "report-timer");
        assertEquals(Thread.State.TIMED_WAITING, timer.state());
        assertEquals("java.util.TaskQueue@69ec31840", timer.lock());
        assertEquals("java.util.TimerThread.mainLoop", method(timer.stack().get(1)));
        assertEquals("java.util.concurrent.CompletableFuture$Signaller@69efd7568",
                thread(jstack, "future-waiter").lock());
    }

    @Test
    void blockedOnAMonitorNamesItsOwner() {
        DumpedThread holder = thread(jstack, "monitor-holder");
        assertEquals(List.of("java.lang.Object@69ec1efb8"), holder.locksHeld());

        DumpedThread blocked = thread(jstack, "monitor-blocked");
        assertEquals(Thread.State.BLOCKED, blocked.state());
        assertEquals("java.lang.Object@69ec1efb8", blocked.lock());
        assertEquals("monitor-holder", blocked.lockOwnerName());
        assertEquals(16, blocked.lockOwnerId());
    }

    @Test
    void aMonitorReleasedByWaitIsNotHeld() {
        DumpedThread t = thread(jstack, "object-waiter");
        assertEquals(Thread.State.WAITING, t.state());
        assertEquals("java.lang.Object@69ec3f008", t.lock());
        // Thread.print lists it as "- locked" further down the stack, but wait() released it
        assertEquals(List.of(), t.locksHeld());
    }

    @Test
    void withoutDashLTheOwnerOfAReentrantLockIsUnknown() {
        DumpedThread t = thread(jstack, "relock-waiter");
        assertEquals("java.util.concurrent.locks.ReentrantLock$NonfairSync@69ec1f120", t.lock());
        assertEquals(-1, t.lockOwnerId());
        assertNull(t.lockOwnerName());
    }

    @Test
    void socketReadIsRunnableInNativeCode() {
        DumpedThread t = thread(jstack, "socket-reader");
        assertEquals(Thread.State.RUNNABLE, t.state());
        assertEquals("sun.nio.ch.SocketDispatcher.read0", method(t.topFrame()));
        assertTrue(t.topFrame().isNativeMethod());
    }

    @Test
    void readsTheDeadlockSection() {
        assertEquals(1, jstack.deadlocks().size());
        List<DeadlockCycle.Member> members = jstack.deadlocks().get(0).threads();
        assertEquals(List.of("deadlock-1", "deadlock-2"), members.stream().map(DeadlockCycle.Member::name).toList());
        DeadlockCycle.Member first = members.get(0);
        assertEquals(21, first.id());
        assertEquals("java.lang.Object@69ec1efa8", first.wants());
        assertEquals(List.of("java.lang.Object@69ec1ef98"), first.holds());
        assertEquals(22, first.ownerId());
        assertEquals(21, members.get(1).ownerId());

        DumpedThread t = thread(jstack, "deadlock-1");
        assertEquals("deadlock-2", t.lockOwnerName());
        assertEquals(22, t.lockOwnerId());
    }

    @Test
    void turnsIntoSamples() {
        ThreadSample s = thread(jstack, "monitor-blocked").toSample();
        assertEquals(17, s.id());
        assertEquals("monitor-blocked", s.name());
        assertEquals(Thread.State.BLOCKED, s.state());
        assertEquals(3.20, s.ageSeconds(), 1e-9);
        assertEquals("java.lang.Object@69ec1efb8", s.lock());
        assertEquals(16, s.lockOwnerId());
        assertEquals("monitor-holder", s.lockOwnerName());
        assertEquals(-1, s.cpuShare());
        assertFalse(s.stackUnchanged());
        assertEquals(28, jstack.samples().size());
    }

    @Test
    void jcmdThreadPrintIsTheSameFormatWithThePid() {
        ThreadDump jcmd = parse("jdk17-jcmd-thread-print.txt");
        assertEquals(DumpFormat.THREAD_PRINT, jcmd.format());
        assertEquals(14399, jcmd.pid());
        assertEquals(LocalDateTime.of(2026, 11, 26, 23, 42, 41), jcmd.takenAt());
        assertEquals(0, jcmd.skippedLines());
        assertEquals(jstack.threads().stream().map(DumpedThread::name).toList(),
                jcmd.threads().stream().map(DumpedThread::name).toList());
        assertEquals(1, jcmd.deadlocks().size());
    }
}
