package io.threadstorm.dump;

import static io.threadstorm.dump.Dumps.method;
import static io.threadstorm.dump.Dumps.parse;
import static io.threadstorm.dump.Dumps.thread;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.threadstorm.classify.DeadlockCycle;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Four dumps of one JDK 25.0.3 process, captured from a real JVM: {@code jstack -l}, {@code jcmd Thread.print},
 * and {@code jcmd Thread.dump_to_file} as JSON and as text. The process ran platform threads in many states, a
 * two-thread deadlock and virtual threads (three on a latch, a sleeper, one blocked on a monitor, an unnamed one, one
 * in {@code Object.wait}, one spinning on a carrier).
 */
class Jdk25DumpTest {

    private final ThreadDump jstack = parse("jdk25-jstack-l.txt");
    private final ThreadDump json = parse("jdk25-threaddump.json");
    private final ThreadDump text = parse("jdk25-threaddump.txt");

    @Test
    void jstackReadsTheBracketedOsThreadIdForm() {
        assertEquals(DumpFormat.THREAD_PRINT, jstack.format());
        assertEquals("OpenJDK 64-Bit Server VM (25.0.3+9-LTS mixed mode, sharing)", jstack.jvmVersion());
        assertEquals(0, jstack.skippedLines());
        DumpedThread main = thread(jstack, "main"); // "main" #3 [15369] prio=5 …
        assertEquals(3, main.id());
        assertEquals(4.72, main.elapsedSeconds(), 1e-9);
        assertEquals("java.lang.Thread.sleepNanos0", method(main.topFrame()));
        assertEquals("25.0.3", main.topFrame().getModuleVersion());
    }

    @Test
    void jstackShowsAVirtualThreadOnlyWhileMounted() {
        // 31 Java threads (the SMR list) plus the one virtual thread that was mounted on a carrier
        assertEquals(32, jstack.threads().size());
        List<DumpedThread> virtual = jstack.threads().stream().filter(DumpedThread::virtual).toList();
        assertEquals(1, virtual.size());
        DumpedThread spinner = virtual.get(0);
        assertEquals(48, spinner.id());
        assertEquals("", spinner.name(), "Thread.print does not name a mounted virtual thread");
        assertEquals(Thread.State.RUNNABLE, spinner.state());
        assertEquals("com.acme.zoo.StateZoo.spin", method(spinner.topFrame()));
        assertTrue(spinner.daemon());

        // JDK 25 prints no state line (and no nid) for a carrier; its frames stop at the continuation
        DumpedThread carrier = thread(jstack, "ForkJoinPool-1-worker-2");
        assertEquals(42, carrier.id());
        assertNull(carrier.state());
        assertFalse(carrier.virtual());
        assertEquals("jdk.internal.vm.Continuation.run", method(carrier.topFrame()));
        assertEquals("java.util.concurrent.ForkJoinWorkerThread.run",
                method(carrier.stack().get(carrier.stack().size() - 1)));
    }

    @Test
    void jstackDashLNamesTheOwnerOfAReentrantLock() {
        assertEquals(List.of("java.util.concurrent.locks.ReentrantLock$NonfairSync@69ec1c620"),
                thread(jstack, "relock-holder").locksHeld());
        DumpedThread waiter = thread(jstack, "relock-waiter");
        assertEquals("java.util.concurrent.locks.ReentrantLock$NonfairSync@69ec1c620", waiter.lock());
        assertEquals("relock-holder", waiter.lockOwnerName());
        assertEquals(28, waiter.lockOwnerId());
    }

    @Test
    void jstackAcceptIsRunnable() {
        DumpedThread t = thread(jstack, "socket-acceptor");
        assertEquals(Thread.State.RUNNABLE, t.state());
        assertEquals("sun.nio.ch.Net.accept", method(t.topFrame()));
        assertTrue(t.stack().stream().anyMatch(e -> method(e).equals("java.net.ServerSocket.accept")));
    }

    @Test
    void jstackAndJcmdReadTheDeadlock() {
        ThreadDump jcmd = parse("jdk25-jcmd-thread-print.txt");
        assertEquals(15362, jcmd.pid());
        assertEquals(0, jcmd.skippedLines());
        for (ThreadDump d : List.of(jstack, jcmd)) {
            assertEquals(1, d.deadlocks().size());
            DeadlockCycle cycle = d.deadlocks().get(0);
            assertEquals(List.of(30L, 31L), cycle.threads().stream().map(DeadlockCycle.Member::id).toList());
            assertEquals("java.lang.Object@69ec1c4f8", cycle.threads().get(0).wants());
            assertEquals(31, cycle.threads().get(0).ownerId());
        }
    }

    @Test
    void jsonReadsTheHeader() {
        assertEquals(DumpFormat.DUMP_TO_FILE_JSON, json.format());
        assertEquals(15362, json.pid());
        assertEquals("25.0.3+9-LTS", json.jvmVersion());
        assertEquals(LocalDateTime.of(2026, 11, 26, 23, 43, 7, 88_939_418), json.takenAt());
        assertEquals(0, json.skippedLines());
    }

    @Test
    void jsonListsVirtualThreadsParkedOrNot() {
        assertEquals(35, json.threads().size());
        Set<String> virtual = json.threads().stream().filter(DumpedThread::virtual).map(DumpedThread::name)
                .collect(Collectors.toSet());
        assertEquals(Set.of("vt-spinner", "vt-latch-0", "vt-latch-1", "vt-latch-2", "vt-sleeper", "vt-blocked", "",
                "vt-object-waiter"), virtual);

        DumpedThread latch = thread(json, "vt-latch-1");
        assertEquals(40, latch.id());
        assertEquals(Thread.State.WAITING, latch.state());
        assertTrue(latch.daemon());
        // the platform "latch-waiter" waits on the same latch: identity strings let them be matched
        assertEquals("java.util.concurrent.CountDownLatch$Sync@32c32da5", latch.lock());
        assertEquals(latch.lock(), thread(json, "latch-waiter").lock());
        assertNull(latch.lockAddress());
        assertEquals("java.lang.VirtualThread.park", method(latch.topFrame()));
        assertEquals("java.base/java.lang.VirtualThread.park(VirtualThread.java:742)", latch.topFrame().toString());

        DumpedThread unnamed = json.thread(46).orElseThrow();
        assertEquals("", unnamed.name());
        assertEquals("com.acme.zoo.StateZoo.lambda$startVirtual$2", method(unnamed.stack().get(7)));
    }

    @Test
    void jsonTiesBlockedThreadsToOwnersAndFindsTheDeadlock() {
        DumpedThread blocked = thread(json, "vt-blocked");
        assertEquals(Thread.State.BLOCKED, blocked.state());
        assertEquals("java.lang.Object@32361db5", blocked.lock());
        assertEquals("monitor-holder", blocked.lockOwnerName());
        assertEquals(25, blocked.lockOwnerId());
        assertEquals(25, thread(json, "monitor-blocked").lockOwnerId());

        // waitingOn and monitorsOwned name the same monitor: wait() released it
        DumpedThread finalizer = thread(json, "Finalizer");
        assertEquals("java.lang.ref.ReferenceQueue$Lock@2794b98e", finalizer.lock());
        assertEquals(List.of(), finalizer.locksHeld());

        // no deadlock section in JSON: the cycle is found through blockedOn and monitorsOwned
        assertEquals(1, json.deadlocks().size());
        List<DeadlockCycle.Member> members = json.deadlocks().get(0).threads();
        assertEquals(Set.of("deadlock-1", "deadlock-2"),
                members.stream().map(DeadlockCycle.Member::name).collect(Collectors.toSet()));
        for (DeadlockCycle.Member m : members) {
            DeadlockCycle.Member other = members.get(1 - members.indexOf(m));
            assertEquals(other.id(), m.ownerId());
            assertEquals(other.holds(), List.of(m.wants()));
        }
    }

    @Test
    void jsonKnowsNoOwnableSynchronizers() {
        // JDK 25 writes parkBlocker.object only, so the owner of a ReentrantLock stays unknown
        DumpedThread waiter = thread(json, "relock-waiter");
        assertEquals("java.util.concurrent.locks.ReentrantLock$NonfairSync@2c050bcc", waiter.lock());
        assertEquals(-1, waiter.lockOwnerId());
    }

    @Test
    void plainTextDumpToFileSaysWhatTheJsonSays() {
        assertEquals(DumpFormat.DUMP_TO_FILE_TEXT, text.format());
        assertEquals(15362, text.pid());
        assertEquals("25.0.3+9-LTS", text.jvmVersion());
        assertEquals(LocalDateTime.of(2026, 11, 26, 23, 43, 7, 430_263_157), text.takenAt());
        assertEquals(0, text.skippedLines());
        assertEquals(json.threads().stream().map(DumpedThread::id).toList(),
                text.threads().stream().map(DumpedThread::id).toList());
        for (DumpedThread t : text.threads()) {
            DumpedThread j = json.thread(t.id()).orElseThrow();
            assertEquals(j.name(), t.name());
            assertEquals(j.state(), t.state(), t.name());
            assertEquals(j.virtual(), t.virtual(), t.name());
            assertEquals(j.lock(), t.lock(), t.name());
            assertEquals(j.locksHeld(), t.locksHeld(), t.name());
            assertEquals(j.lockOwnerId(), t.lockOwnerId(), t.name());
        }
        assertEquals("com.acme.zoo.StateZoo.spin", method(thread(text, "vt-spinner").topFrame()));
        assertEquals(1, text.deadlocks().size());
    }

    @Test
    void platformThreadsMatchAcrossFormats() {
        // dump_to_file lists only threads in thread containers: not the VM's own service and compiler threads
        Set<String> hidden = Set.of("Service Thread", "Monitor Deflation Thread", "C2 CompilerThread0",
                "C1 CompilerThread0");
        Set<String> fromJstack = jstack.threads().stream().filter(t -> !t.virtual()).map(DumpedThread::name)
                .filter(n -> !hidden.contains(n)).collect(Collectors.toSet());
        Set<String> fromJson = json.threads().stream().filter(t -> !t.virtual()).map(DumpedThread::name)
                .collect(Collectors.toSet());
        assertEquals(fromJstack, fromJson);
    }
}
