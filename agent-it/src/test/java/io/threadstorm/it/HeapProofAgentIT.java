package io.threadstorm.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code heapProof=onSurge} in a forked, leaking example: the agent dumps the heap on the first surge, proves the
 * leak in a child JVM, writes the proof report and removes the dump; a report directory it cannot write to loses the
 * proof, never the application.
 */
class HeapProofAgentIT {

    static final String OPTIONS = "interval=250ms,minAge=1s,heapProof=onSurge";

    @TempDir
    Path dir;

    @Test
    void surgeIsProvenAndTheDumpRemoved() throws Exception {
        String mainClass = "io.threadstorm.examples.latch.LeakyBatchUploader";
        int line = ForkedJvm.lineOf(ForkedJvm.EXAMPLES_SOURCES.resolve(mainClass.replace('.', '/') + ".java"),
                "// threadstorm:leak-site");
        ForkedJvm.Result r = runUntilProven(mainClass);
        List<Path> proofs = Reports.withTrigger(r.reportDir(), "proof");
        assertEquals(1, proofs.size(), "one proof report (one dump per cooldown); stderr:\n" + r.stderr());
        JsonNode report = Reports.readValid(proofs.get(0));
        JsonNode top = report.get("suspects").get(0);
        assertTrue(top.get("site").get("frame").asText().endsWith("(LeakyBatchUploader.java:" + line + ")"),
                "the creation site from the surge report: " + top.get("site"));
        JsonNode proof = top.get("proof");
        assertTrue(proof.get("proven").asBoolean(), proof.toString());
        assertTrue(proof.get("provenThreads").asInt() >= 3, proof.toString());
        assertTrue(proof.get("waker").get("className").asText().contains("CountDownLatch"), proof.toString());
        assertTrue(Files.exists(Path.of(proofs.get(0).toString().replaceAll("\\.json$", ".md"))));
        assertEquals(List.of(), leftOver(r.reportDir()), "the dump and the child's output are removed");
        assertTrue(r.stderr().contains("proof report") && r.stderr().contains("heap dump pause"), r.stderr());
        String loaded = Files.readString(r.dir().resolve("classes.txt"));
        for (String analysis : List.of("io.threadstorm.proof.HeapProof ", "io.threadstorm.shaded.shark.",
                "io.threadstorm.shaded.kotlin.", "io.threadstorm.shaded.okio.")) {
            assertFalse(loaded.contains(analysis), "the application's JVM loaded " + analysis);
        }
        assertTrue(loaded.contains("io.threadstorm.proof.HeapProofTrigger"), "the class log lists the agent's classes");
    }

    @Test
    void unwritableReportDirLosesTheProofNotTheApplication() throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("reports"), "a file where the directory should be");
        ForkedJvm.Result r = run(notADirectory.toString(), "io.threadstorm.examples.latch.LeakyBatchUploader");
        assertEquals(0, r.exitCode(), r.stderr());
        assertTrue(r.stdout().contains("done"), "the application ran to its end: " + r.stdout());
        assertTrue(r.stderr().contains("could not write"), r.stderr());
        assertFalse(r.stderr().contains("Exception in thread"), r.stderr());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(0, files.filter(p -> p.getFileName().toString().endsWith(".hprof")).count());
        }
    }

    private List<String> command(String reportDir, String mainClass, int seconds) {
        return List.of(ForkedJvm.JAVA, "-javaagent:" + ForkedJvm.AGENT_JAR + "=" + OPTIONS + ",reportDir=" + reportDir,
                "-Xmx64m", "-Xlog:class+load=info:file=classes.txt", "-cp", ForkedJvm.EXAMPLES_JAR.toString(),
                mainClass, "--duration=" + seconds);
    }

    private ForkedJvm.Result run(String reportDir, String mainClass) throws Exception {
        return ForkedJvm.exec(dir.resolve("jvm"), command(reportDir, mainClass, 10), 120);
    }

    /**
     * Runs the example until a proof report is written and no dump is left (the proof takes seconds on a busy
     * machine: the child runs niced), then ends it as an orchestrator would (SIGTERM, exit hooks run).
     */
    private ForkedJvm.Result runUntilProven(String mainClass) throws Exception {
        Path jvm = Files.createDirectories(dir.resolve("jvm"));
        Path reports = jvm.resolve("reports");
        Process p = new ProcessBuilder(command(reports.toString(), mainClass, 120)).directory(jvm.toFile())
                .redirectOutput(jvm.resolve("stdout.txt").toFile()).redirectError(jvm.resolve("stderr.txt").toFile())
                .start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(100);
            while (System.nanoTime() < deadline && p.isAlive() && !(Reports.withTrigger(reports, "proof").size() > 0
                    && leftOver(reports).isEmpty())) {
                Thread.sleep(200);
            }
        } finally {
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
            }
        }
        return new ForkedJvm.Result(p.exitValue(), Files.readString(jvm.resolve("stdout.txt")),
                Files.readString(jvm.resolve("stderr.txt")), jvm);
    }

    private static List<String> leftOver(Path reports) throws java.io.IOException {
        try (Stream<Path> files = Files.list(reports)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".hprof") || n.endsWith(".tmp"))
                    .toList();
        }
    }
}
