package io.threadstorm.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeapProofCommandTest {

    @TempDir
    Path dir;

    private record Run(int status, String out, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = HeapProofCommand.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void badUsageIsStatus2WithTheUsageLine() {
        for (String[] args : List.of(new String[] {"--heap"}, new String[] {"--json"},
                new String[] {"--heap", "a.hprof", "--report", "r.json", "--snapshot", "s.json"},
                new String[] {"--heap", "a.hprof", "--bogus"})) {
            Run r = run(args);
            assertEquals(2, r.status(), String.join(" ", args));
            assertTrue(r.err().startsWith("threadstorm: usage: analyze --heap"), r.err());
            assertEquals(1, r.err().strip().lines().count());
        }
    }

    @Test
    void aFileThatIsNotAHeapDumpIsOneLineAndStatus1() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.hprof"), "JAVA PROFILE 1.0.2\0 but nothing after");
        for (Path p : List.of(bad, dir.resolve("missing.hprof"))) {
            Run r = run("--heap", p.toString());
            assertEquals(1, r.status(), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(r.err().startsWith("threadstorm: ") && r.err().contains(p.getFileName().toString()), r.err());
            assertEquals("", r.out());
        }
    }

    @Test
    void aSnapshotWithoutThreadsIsRefused() throws Exception {
        Path snapshot = Files.writeString(dir.resolve("s.json"), "{\"schema\": \"x\"}");
        Path heap = Files.writeString(dir.resolve("h.hprof"), "x");
        Run r = run("--heap", heap.toString(), "--snapshot", snapshot.toString());
        assertEquals(1, r.status());
        assertTrue(r.err().contains("is not a snapshot"), r.err());
    }

    @Test
    void aSnapshotGivesEachThreadItsSite() throws Exception {
        Path snapshot = Files.writeString(dir.resolve("snap.json"), "{\"schema\": \"threadstorm.snapshot/v1\", \"threads\": ["
                + "{\"id\": 12, \"site\": {\"id\": \"0123456789abcdef\", \"kind\": \"platform\", \"frame\": \"a.B.c(B.java:1)\"}},"
                + "{\"id\": 13, \"site\": {\"id\": null, \"kind\": \"unknown\", \"frame\": \"unknown\"}}]}");
        var sites = HeapProofCommand.sitesOf(snapshot);
        assertEquals(1, sites.size());
        assertEquals("a.B.c(B.java:1)", sites.get(12L).frame());
    }
}
