package io.threadstorm.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LeakMessageTest {

    private static final List<String> POOL_WORKER = List.of(
            "java.base/jdk.internal.misc.Unsafe.park(Native Method)",
            "java.base/java.util.concurrent.locks.LockSupport.park(LockSupport.java:211)",
            "java.base/java.util.concurrent.LinkedBlockingQueue.take(LinkedBlockingQueue.java:435)",
            "java.base/java.util.concurrent.ThreadPoolExecutor.getTask(ThreadPoolExecutor.java:1062)",
            "java.base/java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1122)",
            "java.base/java.util.concurrent.ThreadPoolExecutor$Worker.run(ThreadPoolExecutor.java:635)",
            "java.base/java.lang.Thread.run(Thread.java:840)");

    @Test
    void manyLeakedThreadsAreCountedBeyondTheFirstTwenty() {
        List<LiveThread> leaked = IntStream.range(0, 25)
                .mapToObj(i -> new LiveThread(100 + i, "pool-7-thread-" + i, "WAITING", false, false, POOL_WORKER,
                        null, null))
                .toList();
        String message = LeakMessage.of("Test serves()", Duration.ofSeconds(2), leaked, "Current stacks shown.");
        assertTrue(message.startsWith("Test serves() leaked 25 threads, still running 2000 ms after it ended:\n"),
                message);
        assertEquals(LeakMessage.MAX_THREADS, message.lines().filter(l -> l.startsWith("- \"pool-7-thread-")).count());
        assertTrue(message.contains("\"pool-7-thread-19\"") && !message.contains("\"pool-7-thread-20\""), message);
        assertTrue(message.endsWith("... and 5 more\nCurrent stacks shown."), message);
    }

    @Test
    void theCreationSiteComesFirst() {
        CreationSite site = new CreationSite("9f2c0a51d3e4b6a7", "com.acme.ReportDao.runReport(ReportDao.java:16)",
                "executor");
        String message = LeakMessage.of("Test runsReport()", Duration.ofMillis(500),
                List.of(new LiveThread(42, "pool-1-thread-1", "WAITING", true, false, POOL_WORKER, site, null)),
                "Creation sites from the threadstorm agent.");
        assertEquals("""
                Test runsReport() leaked 1 thread, still running 500 ms after it ended:
                - "pool-1-thread-1" (id 42, WAITING, platform, daemon)
                    started at com.acme.ReportDao.runReport(ReportDao.java:16) (site 9f2c0a51d3e4b6a7, kind executor)
                    at java.base/jdk.internal.misc.Unsafe.park(Native Method)
                    at java.base/java.util.concurrent.locks.LockSupport.park(LockSupport.java:211)
                    at java.base/java.util.concurrent.LinkedBlockingQueue.take(LinkedBlockingQueue.java:435)
                    at java.base/java.util.concurrent.ThreadPoolExecutor.getTask(ThreadPoolExecutor.java:1062)
                    at java.base/java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1122)
                    at java.base/java.util.concurrent.ThreadPoolExecutor$Worker.run(ThreadPoolExecutor.java:635)
                    at java.base/java.lang.Thread.run(Thread.java:840)
                Creation sites from the threadstorm agent.""", message);
    }

    @Test
    void aDeepStackStillShowsItsFirstFrameOutsideTheJdk() {
        List<String> stack = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            stack.add("java.base/java.util.concurrent.Deep.level" + i + "(Deep.java:" + i + ")");
        }
        stack.add("app//com.acme.Poller.poll(Poller.java:31)");
        stack.add("java.base/java.lang.Thread.run(Thread.java:840)");
        String message = LeakMessage.of("Test polls()", Duration.ZERO,
                List.of(new LiveThread(7, "poller", "TIMED_WAITING", false, false, stack, null, null)), "");
        assertTrue(message.contains("""
                    at java.base/java.util.concurrent.Deep.level7(Deep.java:7)
                    ... 4 JDK frames
                    at app//com.acme.Poller.poll(Poller.java:31)
                    ... 1 more
                """), message);
    }

    @Test
    void aThreadFromBeforeTheAgentSaysSo() {
        String message = LeakMessage.of("Class ServerTest", Duration.ofSeconds(2),
                List.of(new LiveThread(3, "early", "RUNNABLE", false, false, List.of(),
                        new CreationSite(null, "unknown (started before agent)", "unknown"), null)), "");
        assertTrue(message.contains("- \"early\" (id 3, RUNNABLE, platform)\n"
                + "    started before the threadstorm agent loaded\n"), message);
    }
}
