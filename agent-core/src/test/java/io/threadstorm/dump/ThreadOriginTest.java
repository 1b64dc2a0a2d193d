package io.threadstorm.dump;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ThreadOriginTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            pool-12-thread-3                          | pool-#-thread-#
            Timer-7                                   | Timer-#
            http-nio-8080-exec-12                     | http-nio-#-exec-#
            ForkJoinPool.commonPool-worker-3          | ForkJoinPool.commonPool-worker-#
            job-3f2a9c1e7b                            | job-#
            req 123e4567-e89b-12d3-a456-426614174000  | req #
            main                                      | main
            deadbeef                                  | deadbeef
            """)
    void namePatterns(String name, String pattern) {
        assertEquals(pattern, ThreadOrigin.namePattern(name));
    }

    @Test
    void unnamedThreads() {
        assertEquals("<unnamed>", ThreadOrigin.namePattern(""));
    }

    private static StackTraceElement frame(String text) {
        return FrameText.parse(text);
    }

    @Test
    void theEntryIsTheFirstFrameAboveThePlumbing() {
        List<StackTraceElement> threadPrint = List.of(
                frame("at jdk.internal.misc.Unsafe.park(java.base@17.0.15/Native Method)"),
                frame("at java.util.concurrent.LinkedBlockingQueue.take(java.base@17.0.15/LinkedBlockingQueue.java:435)"),
                frame("at com.acme.zoo.StateZoo.lambda$main$0(StateZoo.java:24)"),
                frame("at com.acme.zoo.StateZoo$$Lambda$1/0x00007f67e4000c48.run(Unknown Source)"),
                frame("at java.lang.Thread.run(java.base@17.0.15/Thread.java:840)"));
        List<StackTraceElement> dumpToFile = List.of(
                frame("java.base/java.lang.Thread.sleep(Thread.java:540)"),
                frame("com.acme.zoo.StateZoo.lambda$main$0(StateZoo.java:26)"),
                frame("java.base/java.lang.Thread.runWith(Thread.java:1487)"),
                frame("java.base/java.lang.Thread.run(Thread.java:1474)"));
        assertEquals("com.acme.zoo.StateZoo.lambda$main$0(StateZoo.java:24)",
                ThreadOrigin.entry(threadPrint).toString());
        DumpedThread a = thread("queue-taker", threadPrint);
        DumpedThread b = thread("queue-taker", dumpToFile);
        // other top frames, another line in the same method, another notation: the same origin
        assertEquals("queue-taker @ com.acme.zoo.StateZoo.lambda$main$0", ThreadOrigin.key(a));
        assertEquals(ThreadOrigin.key(a), ThreadOrigin.key(b));
    }

    @Test
    void poolWorkersStartInTheirPool() {
        List<StackTraceElement> busy = List.of(
                frame("com.acme.Report.render(Report.java:40)"),
                frame("java.base/java.util.concurrent.FutureTask.run(FutureTask.java:317)"),
                frame("java.base/java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1144)"),
                frame("java.base/java.util.concurrent.ThreadPoolExecutor$Worker.run(ThreadPoolExecutor.java:642)"),
                frame("java.base/java.lang.Thread.run(Thread.java:1583)"));
        List<StackTraceElement> idle = List.of(
                frame("java.base/jdk.internal.misc.Unsafe.park(Native Method)"),
                frame("java.base/java.util.concurrent.ThreadPoolExecutor.getTask(ThreadPoolExecutor.java:1070)"),
                frame("java.base/java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1130)"),
                frame("java.base/java.util.concurrent.ThreadPoolExecutor$Worker.run(ThreadPoolExecutor.java:642)"),
                frame("java.base/java.lang.Thread.run(Thread.java:1583)"));
        assertEquals(ThreadOrigin.key(thread("pool-3-thread-1", busy)), ThreadOrigin.key(thread("pool-9-thread-2", idle)));
        assertEquals("com.acme.Report.render(Report.java:40)", ThreadOrigin.representative(busy).toString());
        assertEquals("java.base/java.util.concurrent.ThreadPoolExecutor$Worker.run(ThreadPoolExecutor.java:642)",
                ThreadOrigin.representative(idle).toString());
    }

    @Test
    void emptyStacks() {
        assertNull(ThreadOrigin.entry(List.of()));
        assertEquals("Signal Dispatcher @ <no stack>", ThreadOrigin.key(thread("Signal Dispatcher", List.of())));
    }

    private static DumpedThread thread(String name, List<StackTraceElement> stack) {
        return new DumpedThread(1, name, Thread.State.WAITING, false, false, -1, stack, null, null, -1, null, List.of());
    }
}
