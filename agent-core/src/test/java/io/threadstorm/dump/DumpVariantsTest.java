package io.threadstorm.dump;

import static io.threadstorm.dump.Dumps.method;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Shapes of dumps this machine cannot produce: JDK 21's {@code Thread.dump_to_file} (written from the JDK 21
 * {@code ThreadDumper} source: no state, no locks, frames without {@code at}), older and trimmed {@code Thread.print}
 * headers, and dumps with damaged lines. The JDK 17 and 25 formats are tested on captured dumps.
 */
class DumpVariantsTest {

    @Test
    void jdk21JsonHasNoStateAndTellsVirtualThreadsByTheirStack() throws Exception {
        ThreadDump d = ThreadDumps.parse("""
                {
                  "threadDump": {
                    "processId": "4242",
                    "time": "2024-01-09T10:15:30.123Z",
                    "runtimeVersion": "21.0.2+13-58",
                    "threadContainers": [
                      {
                        "container": "<root>",
                        "parent": null,
                        "owner": null,
                        "threads": [
                         {
                           "tid": "1",
                           "name": "main",
                           "stack": [
                              "java.base\\/java.lang.Thread.sleep0(Native Method)",
                              "java.base\\/java.lang.Thread.sleep(Thread.java:509)",
                              "app\\/\\/com.acme.Main.main(Main.java:7)"
                           ]
                         }
                        ],
                        "threadCount": "1"
                      },
                      {
                        "container": "java.util.concurrent.ThreadPerTaskExecutor@6d06d69c",
                        "parent": "<root>",
                        "owner": null,
                        "threads": [
                         {
                           "tid": "23",
                           "name": "",
                           "stack": [
                              "java.base\\/java.lang.VirtualThread.park(VirtualThread.java:582)",
                              "java.base\\/java.lang.System$2.parkVirtualThread(System.java:2643)",
                              "java.base\\/jdk.internal.misc.VirtualThreads.park(VirtualThreads.java:54)",
                              "java.base\\/java.util.concurrent.locks.LockSupport.park(LockSupport.java:219)",
                              "com.acme.Handler.lambda$handle$0(Handler.java:12)",
                              "java.base\\/java.lang.VirtualThread.run(VirtualThread.java:309)"
                           ]
                         }
                        ],
                        "threadCount": "1",
                        "futureField": {"ignored": [1, 2, 3]}
                      }
                    ]
                  }
                }
                """);
        assertEquals(DumpFormat.DUMP_TO_FILE_JSON, d.format());
        assertEquals(4242, d.pid());
        assertEquals("21.0.2+13-58", d.jvmVersion());
        DumpedThread main = d.thread("main").orElseThrow();
        assertNull(main.state());
        assertFalse(main.virtual());
        assertEquals("app", main.stack().get(2).getClassLoaderName());
        assertEquals("app//com.acme.Main.main(Main.java:7)", main.stack().get(2).toString());
        DumpedThread v = d.thread(23).orElseThrow();
        assertTrue(v.virtual());
        assertTrue(v.daemon());
        assertNull(v.lock());
        assertEquals(List.of(), d.deadlocks());
    }

    @Test
    void jdk21PlainTextWritesFramesWithoutAt() throws Exception {
        ThreadDump d = ThreadDumps.parse("""
                4242
                2024-01-09T10:15:30.123456Z
                21.0.2+13-58

                #1 "main"
                      java.base/java.lang.Thread.sleep0(Native Method)
                      java.base/java.lang.Thread.sleep(Thread.java:509)
                      com.acme.Main.main(Main.java:7)

                #23 "" virtual
                      java.base/java.lang.VirtualThread.park(VirtualThread.java:582)
                      com.acme.Handler.lambda$handle$0(Handler.java:12)
                      java.base/java.lang.VirtualThread.run(VirtualThread.java:309)

                """);
        assertEquals(DumpFormat.DUMP_TO_FILE_TEXT, d.format());
        assertEquals(4242, d.pid());
        assertEquals("21.0.2+13-58", d.jvmVersion());
        assertEquals(0, d.skippedLines());
        assertEquals(2, d.threads().size());
        assertNull(d.threads().get(0).state());
        assertEquals(3, d.threads().get(0).stack().size());
        assertTrue(d.threads().get(1).virtual());
        assertEquals("com.acme.Handler.lambda$handle$0", method(d.threads().get(1).stack().get(1)));
    }

    @Test
    void threadPrefixedHeadersOfEarlyAccessBuilds() throws Exception {
        ThreadDump d = ThreadDumps.parse("""
                #5 "worker" virtual WAITING 2025-01-01T00:00:00Z
                    at java.base/java.lang.VirtualThread.park(VirtualThread.java:700)
                    - parking to wait for <java.util.concurrent.CountDownLatch$Sync@1b2c3d>
                Thread #6 "other" RUNNABLE
                      com.acme.Spin.run(Spin.java:3)
                """);
        assertEquals(Thread.State.WAITING, d.thread(5).orElseThrow().state());
        assertEquals("java.util.concurrent.CountDownLatch$Sync@1b2c3d", d.thread(5).orElseThrow().lock());
        assertEquals(Thread.State.RUNNABLE, d.thread(6).orElseThrow().state());
    }

    @Test
    void headersWithoutPrioOrIdAndVmThreadsAreTolerated() throws Exception {
        ThreadDump d = ThreadDumps.parse("""
                "Thread-0" #12
                   java.lang.Thread.State: WAITING (parking)
                	at jdk.internal.misc.Unsafe.park(Native Method)
                	- parking to wait for  <0x00000000c1a2b3c4> (a java.util.concurrent.Semaphore$NonfairSync)
                	at com.acme.Gate.enter(Gate.java:20)

                "old-style" daemon prio=10 tid=0x00007f0c2c0a1000 nid=0x1a03 in Object.wait() [0x00007f0c]
                   java.lang.Thread.State: TIMED_WAITING (on object monitor)
                	at java.lang.Object.wait(Native Method)

                "GC Thread#0" os_prio=0 cpu=0.11ms elapsed=3.52s tid=0x00007f6864041650 nid=0x3842 runnable

                "VM Periodic Task Thread" os_prio=0 tid=0x00007f68641105a0 nid=0x3851 waiting on condition

                JNI global refs: 9, weak refs: 0
                """);
        assertEquals(List.of("Thread-0", "old-style"), d.threads().stream().map(DumpedThread::name).toList());
        DumpedThread t0 = d.threads().get(0);
        assertEquals(12, t0.id());
        assertEquals(-1, t0.elapsedSeconds());
        assertEquals("java.util.concurrent.Semaphore$NonfairSync@c1a2b3c4", t0.lock());
        assertEquals("jdk.internal.misc.Unsafe.park(Native Method)", t0.topFrame().toString());
        DumpedThread old = d.threads().get(1);
        assertEquals(-1, old.id(), "JDK 7 printed no #id; the state line shows it is a Java thread");
        assertTrue(old.daemon());
        assertEquals(Thread.State.TIMED_WAITING, old.state());
    }

    @Test
    void namesWithQuotesAndSpaces() throws Exception {
        ThreadDump d = ThreadDumps.parse("""
                "say "hi" now" #7 prio=5 os_prio=0 tid=0x1 nid=0x2 runnable
                   java.lang.Thread.State: RUNNABLE
                """);
        assertEquals("say \"hi\" now", d.threads().get(0).name());
    }

    @Test
    void junkInsideADumpIsSkippedAndCounted() throws Exception {
        ThreadDump d = ThreadDumps.parse("""
                2026-11-26 23:42:40
                Full thread dump OpenJDK 64-Bit Server VM (17.0.15+6 mixed mode, sharing):
                12:00:01.123 INFO  [main] c.a.App - a log line between the header and the threads

                "main" #1 prio=5 os_prio=0 cpu=44.41ms elapsed=3.29s tid=0x00007f6864017ed0 nid=0x3841 waiting on condition  [0x00007f686bdfe000]
                   java.lang.Thread.State: TIMED_WAITING (sleeping)
                	at java.lang.Thread.sleep(java.base@17.0.15/Native Method)
                	at this is not a frame
                	#$%^&*
                	at com.acme.zoo.StateZoo.main(StateZoo.java:95)

                "worker" #2 prio=5 os_prio=0 cpu=1.00ms elapsed=1.5s tid=0x1 nid=0x2 runnable
                   java.lang.Thread.State: BOGUS
                	at com.acme.W.run(W.java:1)
                """);
        assertEquals(3, d.skippedLines());
        assertEquals(2, d.threads().size());
        DumpedThread main = d.threads().get(0);
        assertEquals(2, main.stack().size());
        assertEquals("com.acme.zoo.StateZoo.main", method(main.stack().get(1)));
        assertNull(d.threads().get(1).state(), "an unknown state is no state, not an error");
    }

    @Test
    void onlyTheFirstOfSeveralDumpsInALogIsRead() throws Exception {
        String dump = """
                Full thread dump OpenJDK 64-Bit Server VM (17.0.15+6 mixed mode, sharing):

                "main" #1 prio=5 os_prio=0 tid=0x1 nid=0x2 runnable
                   java.lang.Thread.State: RUNNABLE

                JNI global refs: 9, weak refs: 0
                """;
        ThreadDump d = ThreadDumps.parse("app starting\n" + dump + "app still running\n" + dump);
        assertEquals(1, d.threads().size());
    }

    @Test
    void ownableSynchronizerDeadlockSection() throws Exception {
        ThreadDump d = ThreadDumps.parse("""
                "t1" #20 prio=5 os_prio=0 tid=0x1 nid=0x2 waiting on condition
                   java.lang.Thread.State: WAITING (parking)
                	at jdk.internal.misc.Unsafe.park(java.base@17.0.15/Native Method)
                	- parking to wait for  <0x000000076ac1e2a8> (a java.util.concurrent.locks.ReentrantLock$NonfairSync)
                	at com.acme.A.run(A.java:1)

                "t2" #21 prio=5 os_prio=0 tid=0x1 nid=0x2 waiting on condition
                   java.lang.Thread.State: WAITING (parking)
                	at jdk.internal.misc.Unsafe.park(java.base@17.0.15/Native Method)
                	- parking to wait for  <0x000000076ac1e2d8> (a java.util.concurrent.locks.ReentrantLock$NonfairSync)
                	at com.acme.B.run(B.java:1)

                JNI global refs: 9, weak refs: 0


                Found one Java-level deadlock:
                =============================
                "t1":
                  waiting for ownable synchronizer 0x000000076ac1e2a8, (a java.util.concurrent.locks.ReentrantLock$NonfairSync),
                  which is held by "t2"

                "t2":
                  waiting for ownable synchronizer 0x000000076ac1e2d8, (a java.util.concurrent.locks.ReentrantLock$NonfairSync),
                  which is held by "t1"

                Java stack information for the threads listed above:
                ===================================================
                "t1":
                	at jdk.internal.misc.Unsafe.park(java.base@17.0.15/Native Method)
                "t2":
                	at jdk.internal.misc.Unsafe.park(java.base@17.0.15/Native Method)

                Found 1 deadlock.
                """);
        assertEquals(0, d.skippedLines());
        assertEquals(1, d.deadlocks().size());
        var members = d.deadlocks().get(0).threads();
        assertEquals("java.util.concurrent.locks.ReentrantLock$NonfairSync@76ac1e2a8", members.get(0).wants());
        assertEquals(21, members.get(0).ownerId());
        assertEquals(20, members.get(1).ownerId());
        // the section names the owners the thread list could not (no "Locked ownable synchronizers" without -l)
        assertEquals("t2", d.thread("t1").orElseThrow().lockOwnerName());
        assertEquals(21, d.thread("t1").orElseThrow().lockOwnerId());
    }

    @Test
    void readsFromAReaderAndSkipsAByteOrderMark() throws Exception {
        ThreadDump d = ThreadDumps.parse(new StringReader("\uFEFF\"main\" #1 prio=5\n   java.lang.Thread.State: RUNNABLE\n"),
                "<stdin>");
        assertEquals("main", d.threads().get(0).name());
    }
}
