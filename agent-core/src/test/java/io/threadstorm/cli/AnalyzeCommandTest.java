package io.threadstorm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.threadstorm.report.Report;
import io.threadstorm.report.ReportJson;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code analyze} on real dumps captured from JDK 17 and 25 (test resources, see dumps/README.md). */
class AnalyzeCommandTest {

    private static final Path DUMPS = Path.of("src/test/resources/dumps");

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int analyze(String... args) {
        return Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private Report json() throws Exception {
        return ReportJson.read(out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void twoJdk17DumpsOfAGrowingProcessNameWhatGrew() throws Exception {
        assertEquals(0, analyze("analyze", DUMPS.resolve("jdk17-grow-1.txt").toString(),
                DUMPS.resolve("jdk17-grow-2.txt").toString(), "--json"), err.toString());
        Report r = json();
        assertEquals("dump", r.trigger());
        Set<String> categories = r.suspects().stream().map(s -> s.cause().category().name())
                .collect(Collectors.toSet());
        assertTrue(categories.contains("LATCH_NEVER_RELEASED"), r.suspects().toString());
        assertTrue(r.suspects().get(0).live() >= 10);
        assertTrue(r.summary().verdict().contains("look leaked"), r.summary().verdict());
    }

    @Test
    void twoJdk25JsonDumpsNameWhatGrew() throws Exception {
        assertEquals(0, analyze("analyze", DUMPS.resolve("jdk25-grow-1.json").toString(),
                DUMPS.resolve("jdk25-grow-2.json").toString(), "--json"), err.toString());
        Report r = json();
        assertTrue(r.suspects().size() >= 1, r.toString());
        assertTrue(r.suspects().stream().anyMatch(s -> s.cause().category().name().equals("LATCH_NEVER_RELEASED")),
                r.suspects().toString());
    }

    @Test
    void aSingleDumpWithADeadlockNamesIt() throws Exception {
        assertEquals(0, analyze("analyze", DUMPS.resolve("jdk17-jstack.txt").toString(), "--json"), err.toString());
        Report r = json();
        assertTrue(r.suspects().stream().anyMatch(s -> s.cause().category().name().equals("DEADLOCK")),
                r.suspects().toString());
    }

    @Test
    void markdownIsTheDefaultOutput() {
        assertEquals(0, analyze("analyze", DUMPS.resolve("jdk25-jstack-l.txt").toString()));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("#"), out.toString());
    }

    @Test
    void aFileThatIsNotADumpIsOneClearLineAndExitOne(@TempDir Path dir) throws Exception {
        Path junk = Files.writeString(dir.resolve("notes.txt"), "hello\nthis is not a thread dump\n");
        assertEquals(1, analyze("analyze", junk.toString()));
        assertEquals(1, err.toString().lines().count(), err.toString());
        assertTrue(err.toString().startsWith("threadstorm: "), err.toString());
    }

    @Test
    void badUsageIsExitTwo() {
        assertEquals(2, analyze("analyze"));
        assertEquals(2, analyze("analyze", "a", "b", "c"));
        assertEquals(2, analyze("nonsense"));
    }
}
