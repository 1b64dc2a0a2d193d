package io.threadstorm.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every way a thread starts is tied to the line that started it, read from the real exit snapshot. */
class CaptureIT {

    private static final Path SOURCE = Path.of("src/test/java/io/threadstorm/it/apps/CaptureApp.java");
    private static final String MAIN = "io.threadstorm.it.apps.CaptureApp";

    @TempDir
    static Path dir;
    static JsonNode snapshot;
    static int feature;
    static String stderr;

    @BeforeAll
    static void runCaptureApp() throws Exception {
        feature = ForkedJvm.javaFeature();
        ForkedJvm.Result r = ForkedJvm.run(dir, "snapshotOnExit=true,reportOnExit=false,interval=100ms",
                ForkedJvm.TEST_CLASSES, MAIN, 60);
        assertEquals(0, r.exitCode(), r.stderr());
        stderr = r.stderr();
        Path file = r.reportDir().resolve("threadstorm-snapshot-" + pidOf(r) + ".json");
        assertTrue(Files.exists(file), "no snapshot in " + r.reportDir() + "; stderr: " + r.stderr());
        snapshot = Reports.read(file);
        assertEquals("threadstorm.snapshot/v1", snapshot.get("schema").asText());
    }

    private static long pidOf(ForkedJvm.Result r) throws Exception {
        try (var s = Files.list(r.reportDir())) {
            String name = s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("threadstorm-snapshot-"))
                    .findFirst().orElseThrow(() -> new AssertionError("no snapshot file; stderr: " + r.stderr()));
            return Long.parseLong(name.replaceAll("\\D", ""));
        }
    }

    private static String frameOf(String marker) throws Exception {
        return "io.threadstorm.it.apps.CaptureApp." + (marker.startsWith("site:v") ? "virtualThreads" : "main")
                + "(CaptureApp.java:" + ForkedJvm.lineOf(SOURCE, "// " + marker) + ")";
    }

    private static JsonNode thread(Predicate<JsonNode> which, String what) {
        List<String> seen = new ArrayList<>();
        for (JsonNode t : snapshot.get("threads")) {
            if (which.test(t)) {
                return t;
            }
            seen.add(t.get("name").asText() + "@" + t.get("site").get("frame").asText());
        }
        throw new AssertionError("no thread " + what + " in snapshot: " + seen);
    }

    private static JsonNode named(String name) {
        return thread(t -> t.get("name").asText().equals(name), name);
    }

    private static void assertSite(JsonNode thread, String marker, String kind) throws Exception {
        JsonNode site = thread.get("site");
        assertEquals(frameOf(marker), site.get("frame").asText(), thread.toString());
        assertEquals(kind, site.get("kind").asText(), thread.toString());
        assertEquals(16, site.get("id").asText().length());
    }

    @Test
    void allWorkersOfOnePoolShareOneSite() throws Exception {
        List<JsonNode> workers = new ArrayList<>();
        for (JsonNode t : snapshot.get("threads")) {
            if (t.get("name").asText().equals("cap-grow")) {
                workers.add(t);
            }
        }
        assertEquals(3, workers.size(), "one core and two extra workers");
        for (JsonNode w : workers) {
            assertSite(w, "site:grow", "executor");
            assertEquals(workers.get(0).get("site").get("id"), w.get("site").get("id"), workers.toString());
        }
    }

    @Test
    void everyHookIsInstalledOnThisJdk() {
        // the starts, the exits (Thread.exit, VirtualThread.afterDone/afterTerminate), executors, timers, futures
        assertTrue(!stderr.contains("cannot hook"), stderr);
    }

    @Test
    void platformThreadIsTiedToItsStartLine() throws Exception {
        JsonNode t = named("cap-platform");
        assertSite(t, "site:platform", "platform");
        assertEquals("WAITING", t.get("state").asText());
        assertTrue(t.get("ageSeconds").asDouble() >= 0);
        assertTrue(t.get("parentId").asLong() > 0);
    }

    /** Starts whose task class told the site (all but the first and one in 16) are recorded like the others. */
    @Test
    void repeatedStartsOfOneTaskClassAreEachRecordedAtTheirLine() throws Exception {
        long parent = named("cap-platform").get("parentId").asLong();
        int listed = 0;
        for (JsonNode t : snapshot.get("threads")) {
            if (t.get("name").asText().startsWith("cap-same-")) {
                assertSite(t, "site:same", "platform");
                assertEquals(parent, t.get("parentId").asLong(), t.toString());
                listed++;
            }
        }
        assertEquals(40, listed);
        String frame = frameOf("site:same");
        int sites = 0;
        for (JsonNode s : snapshot.get("sites")) {
            if (s.get("frame").asText().equals(frame)) {
                sites++;
                assertEquals(40, s.get("started").asInt(), s.toString());
                assertEquals(40, s.get("live").asInt(), s.toString());
            }
        }
        assertEquals(1, sites, "one site for the line");
    }

    @Test
    void poolWorkerIsTiedToTheSubmitThatStartedIt() throws Exception {
        assertSite(named("cap-pool"), "site:pool", "executor");
    }

    @Test
    void executorsAreListedWithTheirCreationLineAndOwnCounts() throws Exception {
        String frame = frameOf("site:creation-of-pool");
        JsonNode pool = null;
        for (JsonNode e : snapshot.get("executors")) {
            if (e.get("frame").asText().equals(frame)) {
                pool = e;
            }
        }
        assertNotNull(pool, "no executor created at " + frame + ": " + snapshot.get("executors"));
        assertEquals("java.util.concurrent.ThreadPoolExecutor", pool.get("class").asText());
        assertEquals(false, pool.get("shutDown").asBoolean());
        assertEquals(1, pool.get("taskCount").asInt());
        assertEquals(1, pool.get("poolSize").asInt());
    }

    @Test
    void timerThreadIsTiedToTheTimerConstructor() throws Exception {
        assertSite(named("cap-timer"), "site:timer", "timer");
    }

    @Test
    void forkJoinWorkerIsTiedToTheSubmit() throws Exception {
        JsonNode t = thread(x -> x.get("name").asText().startsWith("ForkJoinPool-")
                && !x.get("name").asText().contains("commonPool"), "ForkJoinPool-*");
        assertSite(t, "site:fjp", "executor");
    }

    @Test
    void threadsStartedBeforeTheAgentAreUnknown() {
        JsonNode main = thread(t -> t.get("name").asText().equals("Reference Handler"), "Reference Handler");
        assertEquals("unknown (started before agent)", main.get("site").get("frame").asText());
    }

    @Test
    void countersAreRightAfterThreadsEnd() throws Exception {
        String frame = frameOf("site:short");
        JsonNode site = null;
        for (JsonNode s : snapshot.get("sites")) {
            if (s.get("frame").asText().equals(frame)) {
                site = s;
            }
        }
        assertNotNull(site, "no site at " + frame);
        assertEquals(5, site.get("started").asLong());
        assertEquals(5, site.get("ended").asLong());
        assertEquals(0, site.get("live").asLong());
        assertEquals("platform", site.get("kind").asText());
    }

    @Test
    void virtualThreadsAreTiedToTheirStartLine() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(feature >= 21, "virtual threads need JDK 21+");
        JsonNode builder = named("cap-virtual");
        assertTrue(builder.get("virtual").asBoolean());
        assertSite(builder, "site:virtual", "virtual");
        String perTaskFrame = frameOf("site:vexec");
        JsonNode perTask = thread(t -> t.get("virtual").asBoolean()
                && t.get("site").get("frame").asText().equals(perTaskFrame), "virtual at " + perTaskFrame);
        assertEquals("virtual", perTask.get("site").get("kind").asText());
        int starts = 0;
        for (JsonNode s : snapshot.get("sites")) {
            if (s.get("kind").asText().equals("virtual") && s.get("counts").asText().equals("threads")) {
                starts += s.get("started").asInt();
            }
        }
        for (String marker : List.of("site:vexec-submit", "site:vexec-execute")) {
            String frame = frameOf(marker);
            long n = 0;
            for (JsonNode t : snapshot.get("threads")) {
                if (t.get("virtual").asBoolean() && t.get("site").get("frame").asText().equals(frame)) {
                    n++;
                }
            }
            assertEquals(4, n, "virtual threads started by the per-task executor at " + frame);
        }
        assertEquals(10, starts, "each virtual thread start is counted once");
    }
}
