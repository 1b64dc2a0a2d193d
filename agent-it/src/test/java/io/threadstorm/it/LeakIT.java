package io.threadstorm.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each leaking example, run under the agent in a forked JVM, is reported from the real report files: the top suspect
 * names the example's leaking line and the expected cause, and the first surge report comes within 10 s. Each fixed
 * twin does the same work and is never reported.
 */
class LeakIT {

    static final String OPTIONS = "interval=250ms,minAge=1s";
    static final String DURATION = "--duration=9";

    @TempDir
    Path dir;

    static Stream<Arguments> leaks() {
        return Stream.of(
                Arguments.of("pool.LeakyReportServer", "POOL_NEVER_SHUTDOWN", 17),
                Arguments.of("queue.LeakyQuoteAggregator", "QUEUE_HANDOFF", 17),
                Arguments.of("latch.LeakyBatchUploader", "LATCH_NEVER_RELEASED", 17),
                Arguments.of("timer.LeakySessionManager", "TIMER_NEVER_CANCELLED", 17),
                Arguments.of("future.LeakyStockReservations", "FUTURE_NEVER_COMPLETED", 17),
                Arguments.of("deadlock.LeakyTransferService", "DEADLOCK", 17),
                Arguments.of("contention.LeakyCatalogCache", "LOCK_CONTENTION", 17),
                Arguments.of("sleep.LeakyWebhookDispatcher", "SLEEPING", 17),
                Arguments.of("io.LeakyGatewayClient", "BLOCKING_IO", 17),
                Arguments.of("waiting.LeakyProfileClient", "WAITING", 17),
                Arguments.of("virtual.LeakyVirtualSubscriptions", "QUEUE_HANDOFF", 21),
                Arguments.of("virtual.LeakyPerTaskExecutor", "QUEUE_HANDOFF", 21));
    }

    static Stream<Arguments> fixedTwins() throws Exception {
        List<Arguments> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(ForkedJvm.EXAMPLES_SOURCES)) {
            for (Path p : files.filter(f -> f.getFileName().toString().startsWith("Fixed")).sorted().toList()) {
                String cls = ForkedJvm.EXAMPLES_SOURCES.relativize(p).toString().replace('/', '.')
                        .replaceAll("\\.java$", "").replace("io.threadstorm.examples.", "");
                out.add(Arguments.of(cls, cls.startsWith("virtual.") ? 21 : 17));
                if (cls.equals("virtual.FixedVirtualSubscriptions")) {
                    out.add(Arguments.of(cls + " --per-task-executor", 21));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} is reported as {1}")
    @MethodSource("leaks")
    void leakIsReportedAtItsLine(String example, String category, int minJava) throws Exception {
        Assumptions.assumeTrue(ForkedJvm.javaFeature() >= minJava, "needs JDK " + minJava);
        assertReportedAtItsLine(dir, example, category);
    }

    /**
     * The example's leak is reported within 10 s at its marked line with the expected cause, in every surge report
     * and in the exit report. The spin example runs alone ({@link BusySpinIT}).
     */
    static void assertReportedAtItsLine(Path dir, String example, String category) throws Exception {
        String mainClass = "io.threadstorm.examples." + example;
        Path source = ForkedJvm.EXAMPLES_SOURCES.resolve(mainClass.replace('.', '/') + ".java");
        int line = ForkedJvm.lineOf(source, "// threadstorm:leak-site");
        String file = source.getFileName().toString();

        ForkedJvm.Result r = ForkedJvm.run(dir, OPTIONS, ForkedJvm.EXAMPLES_JAR, mainClass, 90, DURATION);
        assertEquals(0, r.exitCode(), r.stderr());
        List<Path> surges = Reports.withTrigger(r.reportDir(), "surge");
        assertFalse(surges.isEmpty(), "no surge report; stderr:\n" + r.stderr());
        JsonNode first = Reports.readValid(surges.get(0));
        assertEquals("threadstorm.report/v1", first.get("schema").asText());
        assertTrue(first.get("jvm").get("uptimeSeconds").asDouble() <= 10.0,
                "first surge report came at " + first.get("jvm").get("uptimeSeconds") + " s of uptime");

        for (Path report : surges) {
            JsonNode top = Reports.readValid(report).get("suspects").get(0);
            String frame = top.get("site").get("frame").asText();
            assertTrue(frame.startsWith(mainClass + ".") || frame.startsWith(mainClass + "$"), report + ": " + frame);
            assertTrue(frame.endsWith("(" + file + ":" + line + ")"), report + ": top suspect at " + frame
                    + ", expected line " + line);
            assertEquals(category, top.get("cause").get("category").asText(), report + ": " + top.get("cause"));
            assertTrue(top.get("cause").get("confidence").asDouble() > 0.5, top.get("cause").toString());
            assertFalse(top.get("cause").get("fix").asText().isBlank());
            assertFalse(top.get("examples").isEmpty());
        }

        List<Path> exits = Reports.withTrigger(r.reportDir(), "exit");
        assertEquals(1, exits.size(), "one exit report");
        JsonNode exit = Reports.readValid(exits.get(0));
        assertTrue(exit.get("suspects").size() >= 1, "the exit report names the leak too");
        assertTrue(Files.exists(Path.of(exits.get(0).toString().replaceAll("\\.json$", ".md"))));
        assertTrue(r.stderr().contains("surge report"), "a one-line summary on stderr: " + r.stderr());
    }

    @ParameterizedTest(name = "{0} is never reported")
    @MethodSource("fixedTwins")
    void fixedTwinIsNeverReported(String example, int minJava) throws Exception {
        Assumptions.assumeTrue(ForkedJvm.javaFeature() >= minJava, "needs JDK " + minJava);
        String[] parts = example.split(" ");
        List<String> args = new ArrayList<>(List.of(DURATION));
        args.addAll(List.of(parts).subList(1, parts.length));
        ForkedJvm.Result r = ForkedJvm.run(dir, OPTIONS, ForkedJvm.EXAMPLES_JAR,
                "io.threadstorm.examples." + parts[0], 90, args.toArray(new String[0]));
        assertEquals(0, r.exitCode(), r.stderr());
        List<Path> reports = Reports.reportFiles(r.reportDir());
        assertFalse(reports.isEmpty(), "the exit report is written");
        for (Path report : reports) {
            JsonNode json = Reports.readValid(report);
            assertEquals(0, json.get("suspects").size(), report + " names a suspect: " + json.get("suspects"));
        }
    }
}
