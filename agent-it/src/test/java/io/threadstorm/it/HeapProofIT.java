package io.threadstorm.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code analyze --heap} on heap dumps taken with {@code jcmd GC.heap_dump} from forked examples (no agent): the leaks
 * are proven with the right waker, the healthy twins and the wakeable waits are not, each with its reason.
 */
class HeapProofIT {

    @TempDir
    Path dir;

    /** {@code frame}: where the group waits; an idle pool worker's stack holds only JDK frames. */
    @ParameterizedTest(name = "{0} {1} is proven, waiting on {2}")
    @CsvSource({
            "examples, latch.LeakyBatchUploader, CountDownLatch, LeakyBatchUploader",
            "examples, queue.LeakyQuoteAggregator, SynchronousQueue, LeakyQuoteAggregator",
            "examples, pool.LeakyReportServer, LinkedBlockingQueue, Unsafe.park",
            "app, future-dropped, CompletableFuture, ProofApp",
            "app, monitor-dropped, java.lang.Object, ProofApp"})
    void leakIsProven(String where, String what, String waker, String frame) throws Exception {
        JsonNode report = proofOf(where, what);
        JsonNode proven = null;
        for (JsonNode s : report.get("suspects")) {
            if (s.get("proof").get("proven").asBoolean() && s.get("site").get("frame").asText().contains(frame)) {
                proven = s;
            }
        }
        assertTrue(proven != null, "no proven group at " + frame + ": " + report.get("suspects"));
        JsonNode proof = proven.get("proof");
        assertTrue(proof.get("provenThreads").asInt() >= 3, proof.toString());
        assertTrue(proof.get("waker").get("className").asText().contains(waker), proof.toString());
        assertTrue(proof.get("waker").get("identity").asText().startsWith("0x"), proof.toString());
        assertTrue(report.get("summary").get("verdict").asText().contains("proven leaked"),
                report.get("summary").toString());
    }

    @ParameterizedTest(name = "{0} {1} is not proven: {2}")
    @CsvSource({
            "app, shared-pool, static io.threadstorm.it.apps.ProofApp.POOL",
            "examples, healthy.SharedPoolUnderLoad, timed wait",
            "examples, future.LeakyStockReservations, .pending",
            "app, static-queue, static io.threadstorm.it.apps.ProofApp.JOBS",
            "app, monitor-static, static io.threadstorm.it.apps.ProofApp.SIGNAL",
            "app, timed, timed wait"})
    void wakeableIsNotProven(String where, String what, String because) throws Exception {
        JsonNode report = proofOf(where, what);
        boolean found = false;
        for (JsonNode s : report.get("suspects")) {
            JsonNode proof = s.get("proof");
            assertFalse(proof.get("proven").asBoolean() && s.get("site").get("frame").asText().contains(
                    frameOf(where, what)), "proven, but it can be woken: " + s);
            String reason = proof.path("reason").asText() + " | " + String.join(" → ", texts(proof.get("path")));
            found |= reason.contains(because);
        }
        assertTrue(found, "no group says '" + because + "': " + report.get("suspects"));
    }

    @ParameterizedTest(name = "the fixed twin {0} has nothing proven")
    @CsvSource({"latch.FixedBatchUploader", "queue.FixedQuoteAggregator", "pool.FixedReportServer"})
    void fixedTwinHasNothingProven(String example) throws Exception {
        JsonNode report = proofOf("examples", example);
        for (JsonNode s : report.get("suspects")) {
            assertFalse(s.get("proof").get("proven").asBoolean(), "proven in a fixed twin: " + s);
        }
    }

    @ParameterizedTest(name = "virtual threads: {0} {1} is proven")
    @CsvSource({"app, virtual-dropped", "examples, virtual.LeakyVirtualSubscriptions"})
    void virtualLeakIsProven(String where, String what) throws Exception {
        Assumptions.assumeTrue(ForkedJvm.javaFeature() >= 21, "virtual threads need JDK 21+");
        JsonNode report = proofOf(where, what);
        int proven = 0;
        for (JsonNode s : report.get("suspects")) {
            proven += s.get("proof").get("provenThreads").asInt();
        }
        assertTrue(proven >= 3, "virtual threads proven: " + proven + " in " + report.get("suspects"));
        assertTrue(report.get("summary").get("virtualThreads").asInt() >= 3, report.get("summary").toString());
    }

    @Test
    void truncatedOrMalformedDumpGivesOneLineAndStatus1() throws Exception {
        Path dump = dumpOf("app", "timed");
        byte[] bytes = Files.readAllBytes(dump);
        Path truncated = dir.resolve("truncated.hprof");
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Path text = dir.resolve("text.hprof");
        Files.writeString(text, "this is not a heap dump\n");
        Path empty = Files.createFile(dir.resolve("empty.hprof"));
        for (Path bad : List.of(truncated, text, empty, dir.resolve("missing.hprof"))) {
            ForkedJvm.Result r = analyze(bad);
            assertEquals(1, r.exitCode(), bad + ": " + r.stderr());
            assertEquals(1, r.stderr().strip().lines().count(), bad + " gives one line: " + r.stderr());
            assertTrue(r.stderr().startsWith("threadstorm: "), r.stderr());
            assertTrue(r.stderr().contains(bad.getFileName().toString()), r.stderr());
            assertEquals("", r.stdout());
        }
    }

    private static String frameOf(String where, String what) {
        return where.equals("app") ? "io.threadstorm.it.apps.ProofApp" : "io.threadstorm.examples." + what;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private JsonNode proofOf(String where, String what) throws Exception {
        Path dump = dumpOf(where, what);
        ForkedJvm.Result r = analyze(dump);
        assertEquals(0, r.exitCode(), r.stderr());
        Path json = dir.resolve("proof.json");
        Files.writeString(json, r.stdout());
        JsonNode report = Reports.readValid(json);
        assertEquals("proof", report.get("trigger").asText());
        return report;
    }

    private ForkedJvm.Result analyze(Path dump) throws Exception {
        return ForkedJvm.exec(dir.resolve("analyze"), List.of(ForkedJvm.JAVA, "-Xmx256m", "-jar",
                ForkedJvm.AGENT_JAR.toString(), "analyze", "--heap", dump.toString(), "--json"), 120);
    }

    /** Forks the example (or ProofApp) with a small heap, lets it leak, dumps its heap with jcmd and ends it. */
    static Path dumpOf(Path dir, String where, String what) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ForkedJvm.JAVA, "-Xmx64m", "-cp"));
        if (where.equals("app")) {
            cmd.addAll(List.of(ForkedJvm.TEST_CLASSES.toString(), "io.threadstorm.it.apps.ProofApp", what));
        } else {
            cmd.addAll(List.of(ForkedJvm.EXAMPLES_JAR.toString(), "io.threadstorm.examples." + what, "--duration=60"));
        }
        Files.createDirectories(dir);
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            if (where.equals("app")) {
                String line;
                while ((line = out.readLine()) != null && !line.equals("ready")) {
                    // ProofApp prints ready once its threads wait
                }
            } else {
                Thread drain = new Thread(() -> out.lines().forEach(l -> { }));
                drain.setDaemon(true);
                drain.start();
                Thread.sleep(3_000); // a few seconds of traffic: a dozen leaked threads at the examples' rate
            }
            assertTrue(p.isAlive(), "the program ended before its heap was dumped");
            Path dump = dir.resolve(what.replaceAll("[^A-Za-z0-9]", "-") + ".hprof");
            Path jcmd = Path.of(ForkedJvm.JAVA).resolveSibling("jcmd");
            Process dumper = new ProcessBuilder(jcmd.toString(), Long.toString(p.pid()), "GC.heap_dump",
                    dump.toString()).redirectErrorStream(true).start();
            String said = new String(dumper.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(dumper.waitFor(60, TimeUnit.SECONDS) && dumper.exitValue() == 0 && Files.size(dump) > 0,
                    "jcmd GC.heap_dump failed: " + said);
            return dump;
        } finally {
            p.destroyForcibly().waitFor();
        }
    }

    private Path dumpOf(String where, String what) throws Exception {
        return dumpOf(dir.resolve("jvm"), where, what);
    }
}
