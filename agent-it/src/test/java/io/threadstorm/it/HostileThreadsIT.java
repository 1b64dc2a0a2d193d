package io.threadstorm.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thread subclasses whose {@code getState()} returns {@code null} or whose {@code getId()} throws, and a thread name
 * with a lone surrogate, spoil neither the samples nor the exit report nor the exit snapshot: each kind is listed
 * with all its threads, the name is written with U+FFFD, and no temporary file stays behind (stale ones left by
 * earlier writers, empty ones too, are cleaned up).
 */
class HostileThreadsIT {

    private static final Path SOURCE = Path.of("src/test/java/io/threadstorm/it/apps/HostileThreadsApp.java");
    private static final int EACH = 12;

    @TempDir
    Path dir;

    @Test
    void hostileThreadsAreReportedAndSpoilNothing() throws Exception {
        Path reports = dir.resolve("reports");
        Files.createDirectories(reports);
        Path oldSnapshotTemp = Files.createFile(reports.resolve(".snapshot4711.tmp")); // left by an earlier version
        Files.setLastModifiedTime(oldSnapshotTemp, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
        Path emptyTemp = Files.createFile(reports.resolve(".threadstorm-x-exit.json.1f.tmp"));
        Files.setLastModifiedTime(emptyTemp, FileTime.from(Instant.now().minus(Duration.ofMinutes(1))));

        ForkedJvm.Result r = ForkedJvm.run(dir, "interval=250ms,minAge=1s,snapshotOnExit=true",
                ForkedJvm.TEST_CLASSES, "io.threadstorm.it.apps.HostileThreadsApp", 60, "2500");
        assertEquals(0, r.exitCode(), r.stderr());
        assertFalse(r.stderr().contains("failed"), r.stderr());

        List<Path> exits = Reports.withTrigger(reports, "exit");
        assertEquals(1, exits.size(), r.stderr());
        JsonNode exit = Reports.readValid(exits.get(0));
        Map<String, JsonNode> groups = new HashMap<>();
        for (String field : List.of("suspects", "aliveAtExit")) {
            for (JsonNode g : exit.path(field)) {
                groups.put(g.get("site").get("frame").asText(), g);
            }
        }
        for (String kind : List.of("null-state", "throwing-id", "lone-surrogate")) {
            JsonNode g = groups.get(frame(kind));
            assertTrue(g != null, kind + " threads missing from the exit report: " + groups.keySet());
            assertEquals(EACH, g.get("live").asInt(), kind);
            assertFalse(g.get("examples").isEmpty(), kind);
        }
        assertTrue(groups.get(frame("lone-surrogate")).get("examples").get(0).get("name").asText()
                .startsWith("bad\uFFFDname-"), groups.get(frame("lone-surrogate")).toString());
        assertTrue(groups.get(frame("null-state")).get("states").has("WAITING"),
                "the JVM's state, not the override's: " + groups.get(frame("null-state")));

        Path snapshot;
        try (Stream<Path> files = Files.list(reports)) {
            snapshot = files.filter(p -> p.getFileName().toString().startsWith("threadstorm-snapshot-")).findFirst()
                    .orElseThrow(() -> new AssertionError("no exit snapshot; stderr:\n" + r.stderr()));
        }
        JsonNode threads = Reports.read(snapshot).get("threads");
        List<String> names = new ArrayList<>();
        threads.forEach(t -> names.add(t.get("name").asText()));
        assertEquals(EACH, names.stream().filter(n -> n.startsWith("bad\uFFFDname-")).count(), names.toString());
        assertEquals(EACH, names.stream().filter(n -> n.equals("throwing-id")).count(), names.toString());
        assertEquals(EACH, names.stream().filter(n -> n.equals("null-state")).count(), names.toString());

        try (Stream<Path> files = Files.list(reports)) {
            List<String> temporary = files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("."))
                    .toList();
            assertEquals(List.of(), temporary, "temporary files left in the report directory");
        }
    }

    private static String frame(String marker) throws Exception {
        return "io.threadstorm.it.apps.HostileThreadsApp.main(HostileThreadsApp.java:"
                + ForkedJvm.lineOf(SOURCE, "// hostile:" + marker) + ")";
    }
}
