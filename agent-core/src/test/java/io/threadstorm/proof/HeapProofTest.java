package io.threadstorm.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.HotSpotDiagnosticMXBean;
import io.threadstorm.report.Report;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The proof over a live heap dump of this very JVM, with threads left waiting three ways. */
class HeapProofTest {

    /** Kept in a static field: anyone could still put to it, so its takers are not proven. */
    static final BlockingQueue<String> KEPT = new LinkedBlockingQueue<>();

    @TempDir
    static Path dir;
    static HeapProof.Result result;

    @BeforeAll
    static void dumpWithWaitingThreads() throws Exception {
        for (int i = 0; i < 3; i++) {
            startDropped(i);
            start("kept-" + i, () -> take(KEPT));
            start("timed-" + i, () -> LockSupport.parkNanos(new Object(), 60_000_000_000L));
        }
        awaitWaiting();
        Path dump = dir.resolve("self.hprof");
        ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).dumpHeap(dump.toString(), true);
        result = HeapProof.analyze(dump);
    }

    /**
     * Until all nine wait. In a frame of its own and without keeping them: a {@code Thread} object live code holds
     * could be interrupted, so its thread would not be proven.
     */
    private static void awaitWaiting() throws InterruptedException {
        while (ours().stream().filter(t -> t.getState() == Thread.State.WAITING
                || t.getState() == Thread.State.TIMED_WAITING).count() < 9) {
            Thread.sleep(5);
        }
    }

    private static List<Thread> ours() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("proof-test-"))
                .toList();
    }

    /** A latch nobody else keeps: in a frame of its own, so no local of the test's keeps it. */
    private static void startDropped(int i) {
        CountDownLatch never = new CountDownLatch(1);
        start("dropped-" + i, () -> {
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private static void start(String name, Runnable task) {
        Thread t = new Thread(task, "proof-test-" + name);
        t.setDaemon(true);
        t.start();
    }

    private static void take(BlockingQueue<String> q) {
        try {
            q.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @AfterAll
    static void end() {
        ours().forEach(Thread::interrupt);
    }

    private static List<HeapProof.Verdict> named(String prefix) {
        List<HeapProof.Verdict> out = result.verdicts().stream().filter(v -> v.name().startsWith("proof-test-"
                + prefix)).toList();
        assertEquals(3, out.size(), prefix + " threads in the dump");
        return out;
    }

    @Test
    void aLatchNobodyKeepsIsProven() {
        for (HeapProof.Verdict v : named("dropped-")) {
            assertTrue(v.proven(), v.toString());
            assertEquals("java.util.concurrent.CountDownLatch$Sync", v.wakerClass());
            assertTrue(v.wakerId().startsWith("0x"));
        }
    }

    @Test
    void aQueueInAStaticFieldIsNotProvenAndThePathNamesTheField() {
        for (HeapProof.Verdict v : named("kept-")) {
            assertFalse(v.proven(), v.toString());
            assertEquals("its waker is reachable from a live root", v.reason());
            assertTrue(v.path().get(0).startsWith("static " + HeapProofTest.class.getName() + ".KEPT: "
                    + "java.util.concurrent.LinkedBlockingQueue"), v.path().toString());
        }
    }

    @Test
    void aTimedWaitIsNotProven() {
        for (HeapProof.Verdict v : named("timed-")) {
            assertFalse(v.proven(), v.toString());
            assertTrue(v.reason().contains("timed wait"), v.reason());
        }
    }

    @Test
    void theReportGroupsByStackAndCarriesTheProof() {
        Report report = ProofReport.build(result, null, Map.of());
        assertEquals(ProofReport.TRIGGER, report.trigger());
        Report.Suspect first = report.suspects().get(0);
        assertNotNull(first.proof());
        assertTrue(first.proof().proven(), first.toString());
        assertEquals(3, first.proof().provenThreads());
        assertTrue(first.site().frame().contains("HeapProofTest"), first.site().frame());
        assertTrue(report.summary().verdict().contains("proven leaked"), report.summary().verdict());
        assertTrue(report.suspects().stream().skip(1).noneMatch(s -> s.proof().proven()
                && s.examples().stream().noneMatch(e -> e.name().startsWith("proof-test-dropped"))));
    }

    @Test
    void aSnapshotGroupsByCreationSite() {
        Report.Site site = new Report.Site("0123456789abcdef", "platform", "com.acme.Uploads.start(Uploads.java:7)",
                List.of());
        Map<Long, Report.Site> siteOf = new java.util.HashMap<>();
        named("dropped-").forEach(v -> siteOf.put(v.id(), site));
        Report report = ProofReport.build(result, null, siteOf);
        Report.Suspect first = report.suspects().get(0);
        assertEquals(site, first.site());
        assertEquals(3, first.proof().provenThreads());
    }

    @Test
    void aReportOfTheSameJvmGetsTheProofOnItsSuspects() {
        HeapProof.Verdict example = named("kept-").get(0);
        Report.Site site = new Report.Site("fedcba9876543210", "platform", "com.acme.Jobs.start(Jobs.java:3)",
                List.of());
        Report.Suspect suspect = new Report.Suspect(1, site, 3, 3, 0, 1.0, Map.of("WAITING", 3), 1.0,
                new Report.Ages(1, 2), null, List.of(new Report.ExampleThread(example.id(), example.name(), "WAITING",
                1, List.of())));
        Report base = new Report(Report.SCHEMA, "surge", "2026-01-01T00:00:00Z", new Report.Jvm(42, "17", 9),
                new Report.Summary(40, 0, 20, 5, "v"), List.of(suspect), null);
        Report report = ProofReport.build(result, base, Map.of());
        Report.Suspect first = report.suspects().get(0);
        assertEquals(site, first.site(), "the base report's suspect comes first");
        assertFalse(first.proof().proven());
        assertEquals(3, first.proof().threads(), "matched by id, then by the same stack");
        assertTrue(String.join(" ", first.proof().path()).contains(".KEPT"), first.proof().toString());
        assertEquals(42, report.jvm().pid());
        assertTrue(report.suspects().stream().anyMatch(s -> s.proof().proven() && s.proof().provenThreads() == 3),
                "what the heap proves besides is added");
    }
}
