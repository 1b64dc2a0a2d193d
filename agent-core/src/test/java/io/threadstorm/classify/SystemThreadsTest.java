package io.threadstorm.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SystemThreadsTest {

    @ParameterizedTest
    @ValueSource(strings = {"Reference Handler", "Finalizer", "Signal Dispatcher", "Common-Cleaner", "Attach Listener",
        "Notification Thread", "process reaper", "process reaper (pid 4242)", "JFR Recorder Thread",
        "JFR Periodic Tasks", "RMI TCP Accept-0", "RMI TCP Connection(3)-127.0.0.1", "RMI Scheduler(0)",
        "JMX server connection timeout 31", "DestroyJavaVM", "Service Thread", "C1 CompilerThread0",
        "C2 CompilerThread1", "Sweeper thread", "GC Thread#0", "G1 Main Marker", "G1 Conc#0", "VM Thread",
        "VM Periodic Task Thread", "VirtualThread-unparker", "Read-Poller", "threadstorm-sampler",
        "threadstorm-http"})
    void jvmAndAgentThreadsAreSystemThreadsByName(String name) {
        assertTrue(SystemThreads.isSystem(name, List.of()), name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"main", "pool-1-thread-1", "worker-7", "Timer-0", "ForkJoinPool-1-worker-1",
        "ForkJoinPool.commonPool-worker-1", "report-Finalizer", "RMIish", "threadstorm", ""})
    void applicationThreadsAreNot(String name) {
        assertFalse(SystemThreads.isSystem(name, List.of()), name);
    }

    @Test
    void theJvmsOwnThreadsInThisProcessAreRecognized() {
        Map<Thread, StackTraceElement[]> all = Thread.getAllStackTraces();
        int checked = 0;
        for (Map.Entry<Thread, StackTraceElement[]> e : all.entrySet()) {
            String name = e.getKey().getName();
            if (List.of("Reference Handler", "Finalizer", "Signal Dispatcher", "Common-Cleaner").contains(name)) {
                assertTrue(SystemThreads.isSystem(name, Arrays.asList(e.getValue())), name);
                checked++;
            }
        }
        assertTrue(checked >= 3, "expected the JVM's reference handler, finalizer and signal threads: " + all.keySet());
        assertFalse(SystemThreads.isSystem(Thread.currentThread().getName(),
                Arrays.asList(Thread.currentThread().getStackTrace())));
    }

    @Test
    void anIdleCommonPoolWorkerIsASystemThreadAndABusyOneIsNot() throws Exception {
        // common-pool workers belong to the JVM: they are not tracked and not joined, only released
        CountDownLatch release = new CountDownLatch(1);
        Thread[] worker = new Thread[1];
        CountDownLatch running = new CountDownLatch(1);
        Future<?> busy = ForkJoinPool.commonPool().submit(() -> {
            worker[0] = Thread.currentThread();
            running.countDown();
            release.await();
            return null;
        });
        try {
            running.await();
            TestThreads.awaitIn(worker[0], "java.util.concurrent.CountDownLatch.await", Thread.State.WAITING);
            List<StackTraceElement> busyStack = Arrays.asList(worker[0].getStackTrace());
            assertTrue(worker[0].getName().startsWith("ForkJoinPool.commonPool-worker-"), worker[0].getName());
            assertFalse(SystemThreads.isSystem(worker[0].getName(), busyStack), "it runs this test's task");
        } finally {
            release.countDown();
        }
        busy.get();
        TestThreads.awaitIn(worker[0], "java.util.concurrent.ForkJoinPool.awaitWork", Thread.State.WAITING,
                Thread.State.TIMED_WAITING);
        assertTrue(SystemThreads.isSystem(worker[0].getName(), Arrays.asList(worker[0].getStackTrace())));
        assertFalse(SystemThreads.isSystem(worker[0].getName(), List.of()), "the name alone does not tell");
    }

    @Test
    void theAgentReadsTheListTheJUnitExtensionReads() {
        for (io.threadstorm.bootstrap.SystemThreadNames.Entry e : io.threadstorm.bootstrap.SystemThreadNames.ENTRIES) {
            String name = e.prefix() ? e.name() + "7" : e.name();
            assertTrue(SystemThreads.isSystem(name, List.of()), name);
        }
        for (String name : List.of("Test worker", "testcontainers-ryuk", "docker-java-stream-1", "JNA Cleaner",
                "surefire-forkedjvm-ping-30s")) {
            assertTrue(SystemThreads.isSystem(name, List.of()), name);
        }
    }

    @Test
    void describeListsEveryRule() {
        List<String> doc = SystemThreads.describe();
        assertEquals(SystemThreads.RULES.size(), doc.size());
        assertTrue(doc.contains("Reference Handler"));
        assertTrue(doc.contains("JFR *"));
        assertTrue(doc.contains("threadstorm-*"));
        assertTrue(doc.stream().anyMatch(d -> d.startsWith("ForkJoinPool.commonPool-worker-*")));
    }
}
