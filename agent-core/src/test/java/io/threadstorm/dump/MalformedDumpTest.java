package io.threadstorm.dump;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Input that is not a dump fails with the line and what was expected; it never reads as an empty dump. */
class MalformedDumpTest {

    @TempDir
    Path dir;

    private MalformedDumpException fails(String text) {
        return assertThrows(MalformedDumpException.class, () -> ThreadDumps.parse(text));
    }

    @Test
    void emptyInput() {
        MalformedDumpException e = fails("");
        assertEquals("<string>: empty input, expected a thread dump", e.getMessage());
        assertEquals(0, e.line());
        assertTrue(fails(" \n\n\t\n").getMessage().contains("only blank lines"));
    }

    @Test
    void aTextFileThatIsNoDump() {
        MalformedDumpException e = fails("\nDear diary,\ntoday I wrote a thread pool.\n");
        assertEquals(2, e.line());
        assertEquals("<string>:2: expected a thread dump (jstack, jcmd Thread.print or Thread.dump_to_file), "
                + "found \"Dear diary,\"", e.getMessage());
    }

    @Test
    void aHeaderWithoutThreads() {
        MalformedDumpException e = fails("""
                2026-11-26 23:42:40
                Full thread dump OpenJDK 64-Bit Server VM (17.0.15+6 mixed mode, sharing):

                """);
        assertTrue(e.getMessage().contains("expected thread lines"), e.getMessage());
    }

    @Test
    void onlyVmInternalThreads() {
        MalformedDumpException e = fails("\"GC Thread#0\" os_prio=0 cpu=0.11ms elapsed=3.52s tid=0x1 nid=0x2 runnable\n");
        assertEquals(1, e.line());
    }

    @Test
    void truncatedJsonNamesTheLine() throws IOException {
        String json = Files.readString(Dumps.path("jdk25-threaddump.json"));
        String cut = json.substring(0, json.indexOf("\"name\": \"socket-reader\""));
        MalformedDumpException e = fails(cut);
        long lines = cut.chars().filter(c -> c == '\n').count() + 1;
        assertEquals(lines, e.line());
        assertTrue(e.getMessage().contains("not valid JSON: Unexpected end-of-input"), e.getMessage());
    }

    @Test
    void jsonThatIsNoThreadDump() {
        assertTrue(fails("{\"schema\": \"threadstorm.report/v1\", \"suspects\": []}").getMessage()
                .contains("expected a \"threadDump\" object with \"threadContainers\""));
        assertTrue(fails("[1, 2, 3]").getMessage().contains("expected a JSON object with a \"threadDump\" member"));
        assertTrue(fails("{\"threadDump\": {\"threadContainers\": []}}").getMessage()
                .contains("expected threads in \"threadContainers\", found none"));
        MalformedDumpException e = fails("{\n  \"threadDump\": {\n    \"threadContainers\": 7\n  }\n}");
        assertEquals(3, e.line());
    }

    @Test
    void jsonEntriesThatAreNoThreadsAreSkipped() throws MalformedDumpException {
        ThreadDump d = ThreadDumps.parse("""
                {"threadDump": {"threadContainers": [
                  "not a container",
                  {"threads": [
                    {"tid": "1", "name": "main", "stack": ["com.acme.Main.main(Main.java:1)", "garbage", 42]},
                    {"name": "no tid"},
                    {"tid": "x", "name": "bad tid"}
                  ]}
                ]}}
                """);
        assertEquals(1, d.threads().size());
        assertEquals(1, d.threads().get(0).stack().size());
        assertEquals(5, d.skippedLines());
    }

    @Test
    void binaryGarbageFromAFile() throws IOException {
        byte[] bytes = new byte[4096];
        new Random(42).nextBytes(bytes);
        bytes[0] = 'P'; // not '{': read as text
        Path file = dir.resolve("core.bin");
        Files.write(file, bytes);
        MalformedDumpException e = assertThrows(MalformedDumpException.class, () -> ThreadDumps.parse(file));
        assertTrue(e.getMessage().startsWith(file + ":"), e.getMessage());
        assertTrue(e.getMessage().contains("expected a thread dump"), e.getMessage());
        assertEquals(file.toString(), e.source());
    }

    @Test
    void aReportIsNotADump() throws IOException {
        Path file = dir.resolve("notes.md");
        Files.writeString(file, "# threadstorm report\n\n| site | live |\n", StandardCharsets.UTF_8);
        MalformedDumpException e = assertThrows(MalformedDumpException.class, () -> ThreadDumps.parse(file));
        assertEquals(1, e.line());
    }
}
