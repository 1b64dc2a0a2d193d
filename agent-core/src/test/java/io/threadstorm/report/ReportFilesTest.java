package io.threadstorm.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportFilesTest {

    private static final Instant T0 = Instant.parse("2026-11-26T10:15:30Z");

    @TempDir
    Path tmp;

    private final TestClock clock = new TestClock(T0);

    @Test
    void namesFilesByTimePidSequenceAndTrigger() throws IOException {
        ReportFiles files = new ReportFiles(tmp, 100, 4242, clock);
        Report report = SampleReports.exitReport();

        Path first = files.write(report).orElseThrow();
        Path second = files.write(report).orElseThrow();

        assertEquals(tmp.resolve("threadstorm-20261126-101530-4242-1-exit.json"), first);
        assertEquals(tmp.resolve("threadstorm-20261126-101530-4242-2-exit.json"), second);
        assertEquals(report, ReportJson.read(first));
        assertEquals(new MarkdownRenderer().render(report),
                Files.readString(tmp.resolve("threadstorm-20261126-101530-4242-1-exit.md")));
        assertTrue(Files.readString(first).endsWith("}\n"));
    }

    @Test
    void fileNameTimeIsUtcWhateverTheClockZone() {
        Clock paris = Clock.fixed(T0, ZoneId.of("Europe/Paris"));

        Path json = new ReportFiles(tmp, 100, 7, paris).write(SampleReports.noLeakReport()).orElseThrow();

        assertEquals("threadstorm-20261126-101530-7-1-on-demand.json", json.getFileName().toString());
    }

    @Test
    void fileNameTriggerIsFileSafe() {
        Report odd = new Report(Report.SCHEMA, "On Demand/../x", "2026-11-26T10:15:30Z", null, null, null, null);
        Report none = new Report(Report.SCHEMA, null, "2026-11-26T10:15:30Z", null, null, null, null);
        ReportFiles files = new ReportFiles(tmp, 100, 1, clock);

        assertEquals("threadstorm-20261126-101530-1-1-on-demand-x.json",
                files.write(odd).orElseThrow().getFileName().toString());
        assertEquals("threadstorm-20261126-101530-1-2-unknown.json",
                files.write(none).orElseThrow().getFileName().toString());
    }

    @Test
    void leavesNoTemporaryFiles() throws IOException {
        ReportFiles files = new ReportFiles(tmp, 100, 4242, clock);

        for (int i = 0; i < 5; i++) {
            files.write(SampleReports.exitReport()).orElseThrow();
        }

        List<String> names = names(tmp);
        assertEquals(10, names.size(), names.toString());
        assertTrue(names.stream().allMatch(n -> ReportFiles.reportName().matcher(n).matches()), names.toString());
    }

    @Test
    void createsTheDirectory() {
        Path dir = tmp.resolve("a/b/reports");

        Optional<Path> json = new ReportFiles(dir, 100, 1, clock).write(SampleReports.noLeakReport());

        assertTrue(json.isPresent());
        assertTrue(Files.isRegularFile(json.get()));
    }

    @Test
    void keepsOnlyTheNewestReports() throws IOException {
        ReportFiles files = new ReportFiles(tmp, 3, 4242, clock);
        Files.writeString(tmp.resolve("notes.txt"), "mine");
        Files.writeString(tmp.resolve("threadstorm-latest.json"), "not a report name");

        for (int i = 0; i < 5; i++) {
            files.write(SampleReports.noLeakReport()).orElseThrow();
            clock.advance(Duration.ofSeconds(1));
        }

        assertEquals(List.of("notes.txt",
                "threadstorm-20261126-101532-4242-3-on-demand.json",
                "threadstorm-20261126-101532-4242-3-on-demand.md",
                "threadstorm-20261126-101533-4242-4-on-demand.json",
                "threadstorm-20261126-101533-4242-4-on-demand.md",
                "threadstorm-20261126-101534-4242-5-on-demand.json",
                "threadstorm-20261126-101534-4242-5-on-demand.md",
                "threadstorm-latest.json"), names(tmp));
    }

    @Test
    void retentionOrdersSequenceNumbersAsNumbers() throws IOException {
        ReportFiles files = new ReportFiles(tmp, 2, 4242, clock);

        for (int i = 0; i < 11; i++) {
            files.write(SampleReports.noLeakReport()).orElseThrow();
        }

        // by text, "-9-" sorts after "-10-" and "-11-": a string sort would keep the wrong ones
        assertEquals(List.of(
                "threadstorm-20261126-101530-4242-10-on-demand.json",
                "threadstorm-20261126-101530-4242-10-on-demand.md",
                "threadstorm-20261126-101530-4242-11-on-demand.json",
                "threadstorm-20261126-101530-4242-11-on-demand.md"), names(tmp));
    }

    @Test
    void retentionCountsReportsOfOtherProcesses() throws IOException {
        Files.writeString(tmp.resolve("threadstorm-20251231-235959-17-1-surge.json"), "{}");
        Files.writeString(tmp.resolve("threadstorm-20251231-235959-17-1-surge.md"), "#");
        Files.writeString(tmp.resolve("threadstorm-20261231-000000-18-1-surge.json"), "{}");

        new ReportFiles(tmp, 2, 4242, clock).write(SampleReports.noLeakReport()).orElseThrow();

        assertEquals(List.of(
                "threadstorm-20261126-101530-4242-1-on-demand.json",
                "threadstorm-20261126-101530-4242-1-on-demand.md",
                "threadstorm-20261231-000000-18-1-surge.json"), names(tmp));
    }

    @Test
    void deletesTemporaryFilesLeftByAKilledWriter() throws IOException {
        Path stale = Files.writeString(tmp.resolve(".threadstorm-20261126-090000-9-1-exit.json.1a2b.tmp"), "{\"sch");
        Files.setLastModifiedTime(stale, FileTime.from(T0.minus(Duration.ofHours(1))));
        Path inProgress = Files.writeString(tmp.resolve(".threadstorm-20261126-101530-9-1-exit.json.3c4d.tmp"), "{");
        Files.setLastModifiedTime(inProgress, FileTime.from(T0.minusSeconds(1)));

        new ReportFiles(tmp, 100, 4242, clock).write(SampleReports.noLeakReport()).orElseThrow();

        assertFalse(Files.exists(stale));
        // another process may be writing this one right now
        assertTrue(Files.exists(inProgress));
    }

    @Test
    void deletesEmptyTemporaryFilesSoonerAndThoseOfOlderSnapshotWriters() throws IOException {
        Path empty = Files.createFile(tmp.resolve(".threadstorm-20261126-101500-9-1-exit.json.5e6f.tmp"));
        Files.setLastModifiedTime(empty, FileTime.from(T0.minus(Duration.ofMinutes(1))));
        Path oldSnapshot = Files.createFile(tmp.resolve(".snapshot8123.tmp"));
        Files.setLastModifiedTime(oldSnapshot, FileTime.from(T0.minus(Duration.ofHours(1))));
        Path writing = Files.writeString(tmp.resolve(".threadstorm-20261126-101500-9-2-exit.json.7a8b.tmp"), "{");
        Files.setLastModifiedTime(writing, FileTime.from(T0.minus(Duration.ofMinutes(1))));

        new ReportFiles(tmp, 100, 4242, clock).write(SampleReports.noLeakReport()).orElseThrow();

        assertFalse(Files.exists(empty));
        assertFalse(Files.exists(oldSnapshot));
        assertTrue(Files.exists(writing), "a writer may still be at work on a file with bytes in it");
    }

    @Test
    void maxBytesDeletesTheOldestAndKeepsRoomForTheExitReport() throws IOException {
        Path probe = Files.createDirectory(tmp.resolve("probe"));
        new ReportFiles(probe, 100, 4242, clock).write(SampleReports.exitReport()).orElseThrow();
        long size = directoryBytes(probe);
        long max = Math.max(3 * size, 2 * ReportFiles.EXIT_ROOM + size);
        Path dir = Files.createDirectory(tmp.resolve("bounded"));
        ReportFiles files = new ReportFiles(dir, 100, max, 4242, clock);
        for (int i = 0; i < 30; i++) {
            files.write(SampleReports.noLeakReport()).orElseThrow();
            assertTrue(directoryBytes(dir) <= max - Math.min(max / 2, Math.max(ReportFiles.EXIT_ROOM, size)),
                    directoryBytes(dir) + " bytes after report " + i);
        }
        files.write(SampleReports.exitReport()).orElseThrow();
        assertTrue(directoryBytes(dir) <= max, directoryBytes(dir) + " of " + max);
        assertTrue(names(dir).stream().anyMatch(n -> n.endsWith("-exit.json")), names(dir).toString());
    }

    @Test
    void aReportLargerThanMaxBytesIsNotWritten() throws IOException {
        ReportFiles files = new ReportFiles(tmp, 100, 1024, 4242, clock);

        assertTrue(files.write(SampleReports.exitReport()).isEmpty());
        assertTrue(files.lastFailure().orElseThrow().contains("exceed maxReportBytes (1024)"),
                files.lastFailure().orElseThrow());
        assertEquals(List.of(), names(tmp));
    }

    @Test
    void writeFileIsAtomicAndWritesLoneSurrogatesAsQuestionMarks() throws IOException {
        ReportFiles files = new ReportFiles(tmp, 100, 4242, clock);

        Path file = files.writeFile("threadstorm-snapshot-1.json", "{\"name\": \"bad\uD800name\"}").orElseThrow();

        assertEquals("{\"name\": \"bad?name\"}", Files.readString(file));
        assertEquals(List.of("threadstorm-snapshot-1.json"), names(tmp));
    }

    private static long directoryBytes(Path dir) throws IOException {
        long n = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.toList()) {
                n += Files.size(p);
            }
        }
        return n;
    }

    @Test
    void unwritableDirectoryYieldsEmptyWithoutThrowing() throws IOException {
        Path regularFile = Files.writeString(tmp.resolve("file"), "x");
        ReportFiles files = new ReportFiles(regularFile.resolve("reports"), 100, 4242, clock);

        Optional<Path> json = files.write(SampleReports.exitReport());

        assertTrue(json.isEmpty());
        String why = files.lastFailure().orElseThrow();
        assertTrue(why.startsWith("cannot write threadstorm-20261126-101530-4242-1-exit.json to "
                + regularFile.resolve("reports") + ": "), why);
        assertFalse(why.contains("\n"), why);
    }

    @Test
    void failedJsonWriteLeavesNeitherFileNorTemporaryFile() throws IOException {
        // a non-empty directory under the JSON's final name makes the rename fail after the .md is in place
        Path blocker = tmp.resolve("threadstorm-20261126-101530-4242-1-exit.json");
        Files.createDirectories(blocker.resolve("occupied"));

        ReportFiles files = new ReportFiles(tmp, 100, 4242, clock);
        Optional<Path> json = files.write(SampleReports.exitReport());

        assertTrue(json.isEmpty());
        assertTrue(files.lastFailure().isPresent());
        assertEquals(List.of("threadstorm-20261126-101530-4242-1-exit.json"), names(tmp));
        assertTrue(Files.isDirectory(blocker));
    }

    @Test
    void nullReportYieldsEmptyWithoutThrowing() {
        ReportFiles files = new ReportFiles(tmp, 100, 4242, clock);

        assertTrue(files.write(null).isEmpty());
        assertTrue(files.lastFailure().isPresent());
    }

    @Test
    void concurrentWritersGetDistinctFiles() throws Exception {
        ReportFiles files = new ReportFiles(tmp, 100, 4242, clock);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Optional<Path>>> results = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                results.add(pool.submit(() -> files.write(SampleReports.exitReport())));
            }
            for (Future<Optional<Path>> result : results) {
                assertTrue(result.get().isPresent());
            }
        } finally {
            pool.shutdown();
        }

        assertEquals(80, names(tmp).size());
    }

    @Test
    void rejectsAMaximumBelowOne() {
        assertThrows(IllegalArgumentException.class, () -> new ReportFiles(tmp, 0, 1, clock));
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** A clock the test moves by hand. */
    private static final class TestClock extends Clock {
        private volatile Instant now;

        TestClock(Instant now) {
            this.now = now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
