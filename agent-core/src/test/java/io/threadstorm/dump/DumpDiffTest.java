package io.threadstorm.dump;

import static io.threadstorm.dump.Dumps.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two real dumps, seconds apart, of a process whose every "request" starts a platform thread that waits on a latch
 * forever ({@code worker-N}), a single-thread pool it never shuts down and, on JDK 25, an unnamed virtual thread.
 */
class DumpDiffTest {

    private static DumpDiff.Group group(DumpDiff diff, String key) {
        return diff.groups().stream().filter(g -> g.key().equals(key)).findFirst()
                .orElseThrow(() -> new AssertionError("no group " + key + " in " + diff.groups().stream()
                        .map(DumpDiff.Group::key).toList()));
    }

    @Test
    void jdk17JstackPair() {
        DumpDiff diff = DumpDiff.of(parse("jdk17-grow-1.txt"), parse("jdk17-grow-2.txt"));
        assertEquals(4.0, diff.secondsBetween());
        assertTrue(diff.sameProcess());

        DumpDiff.Group workers = diff.grown().get(0);
        assertEquals("worker-# @ com.acme.zoo.StateZoo.lambda$handleRequest$16", workers.key());
        assertEquals("worker-#", workers.namePattern());
        assertEquals("com.acme.zoo.StateZoo.lambda$handleRequest$16(StateZoo.java:103)", workers.frame());
        assertEquals(12, workers.before());
        assertEquals(33, workers.after());
        assertEquals(21, workers.growth());
        assertEquals(12, workers.survived(), "none of the leaked threads ended");
        assertEquals(21, workers.started());
        assertEquals(0, workers.ended());
        assertEquals(Map.of("WAITING", 33), workers.states());
        assertEquals(List.of("worker-0", "worker-1", "worker-2"),
                workers.examples().stream().map(DumpedThread::name).toList());
        assertFalse(workers.virtual());

        // pools created per call: on JDK 17 a finalizer shuts the unreachable ones down, so workers also end
        DumpDiff.Group pools = group(diff, "pool-#-thread-# @ java.util.concurrent.ThreadPoolExecutor$Worker.run");
        assertEquals(14, pools.before());
        assertEquals(16, pools.after());
        assertEquals(2, pools.survived());
        assertEquals(12, pools.ended());
        assertEquals(2, diff.grown().size());

        DumpDiff.Group main = group(diff, "main @ com.acme.zoo.StateZoo.main");
        assertEquals(0, main.growth());
        assertEquals(1, main.survived());
    }

    @Test
    void jdk25JsonPairCountsVirtualThreads() {
        DumpDiff diff = DumpDiff.of(parse("jdk25-grow-1.json"), parse("jdk25-grow-2.json"));
        assertEquals(4.583, diff.secondsBetween());
        assertEquals(List.of(
                "pool-#-thread-# @ java.util.concurrent.ThreadPoolExecutor$Worker.run",
                "<unnamed> @ com.acme.zoo.StateZoo.lambda$handleRequest$2",
                "worker-# @ com.acme.zoo.StateZoo.lambda$handleRequest$1"),
                diff.grown().stream().map(DumpDiff.Group::key).toList());

        DumpDiff.Group virtual = group(diff, "<unnamed> @ com.acme.zoo.StateZoo.lambda$handleRequest$2");
        assertTrue(virtual.virtual());
        assertEquals(12, virtual.before());
        assertEquals(34, virtual.after());
        assertEquals(12, virtual.survived());
        assertEquals("com.acme.zoo.StateZoo.lambda$handleRequest$2(StateZoo.java:107)", virtual.frame());

        // the other unnamed virtual thread was started elsewhere: its own group
        DumpDiff.Group other = group(diff, "<unnamed> @ com.acme.zoo.StateZoo.lambda$startVirtual$2");
        assertEquals(0, other.growth());

        DumpDiff.Group pools = group(diff, "pool-#-thread-# @ java.util.concurrent.ThreadPoolExecutor$Worker.run");
        assertEquals(2, pools.before());
        assertEquals(25, pools.after());
        assertEquals("java.base/java.util.concurrent.ThreadPoolExecutor$Worker.run(ThreadPoolExecutor.java:614)",
                pools.frame());
    }

    @Test
    void oneDumpIsGroupedAndCounted() {
        DumpDiff single = DumpDiff.of(parse("jdk25-threaddump.json"));
        assertEquals(-1, single.secondsBetween());
        assertTrue(single.grown().isEmpty());
        DumpDiff.Group latch = single.groups().get(0);
        assertEquals("vt-latch-# @ com.acme.zoo.StateZoo.lambda$startVirtual$0", latch.key());
        assertEquals(3, latch.after());
        assertEquals(-1, latch.before());
        assertEquals(-1, latch.survived());
        assertEquals(3, latch.started());
        assertEquals(0, latch.growth());
        assertEquals(single.later().threads().size(), single.groups().stream().mapToInt(DumpDiff.Group::after).sum());
    }

    @Test
    void threadPrintAndJsonOfOneProcessGroupAlike() {
        // the same process dumped twice in different formats: the application's groups match
        List<String> fromJstack = appKeys(DumpDiff.of(parse("jdk25-jstack-l.txt")));
        List<String> fromJson = appKeys(DumpDiff.of(parse("jdk25-threaddump.json")));
        assertTrue(fromJson.containsAll(fromJstack), fromJstack + " vs " + fromJson);
        assertTrue(fromJstack.contains("queue-taker @ com.acme.zoo.StateZoo.lambda$main$0"), fromJstack.toString());
    }

    private static List<String> appKeys(DumpDiff diff) {
        return diff.groups().stream().map(DumpDiff.Group::key).filter(k -> k.contains("com.acme") && !k.startsWith("<"))
                .sorted().toList();
    }

    @Test
    void differentProcessesAreFlagged() {
        DumpDiff diff = DumpDiff.of(parse("jdk25-threaddump.json"), parse("jdk25-grow-2.json"));
        assertFalse(diff.sameProcess());
    }
}
