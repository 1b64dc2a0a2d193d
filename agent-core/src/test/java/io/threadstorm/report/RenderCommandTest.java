package io.threadstorm.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RenderCommandTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void printsTheMarkdownOfAReport() throws IOException {
        Path file = Files.writeString(dir.resolve("r.json"), ReportJson.write(SampleReports.exitReport()));

        int status = run(file.toString());

        assertEquals(0, status);
        assertEquals(new MarkdownRenderer().render(SampleReports.exitReport()), stdout());
        assertEquals("", stderr());
    }

    @Test
    void rendersAFileWrittenByReportFiles() {
        Path json = new ReportFiles(dir).write(SampleReports.noLeakReport()).orElseThrow();

        assertEquals(0, run(json.toString()));
        assertTrue(stdout().contains("No thread leak found"), stdout());
    }

    @Test
    void missingArgumentIsAUsageError() {
        assertEquals(2, run());
        assertEquals("", stdout());
        assertOneLine(stderr(), "threadstorm render: expected one report file, got 0 arguments "
                + "(usage: threadstorm render <report.json>)");
    }

    @Test
    void extraArgumentsAreAUsageError() {
        assertEquals(2, run("a.json", "b.json"));
        assertOneLine(stderr(), "threadstorm render: expected one report file, got 2 arguments "
                + "(usage: threadstorm render <report.json>)");
    }

    @Test
    void unknownOptionIsAUsageError() {
        assertEquals(2, run("--html"));
        assertOneLine(stderr(), "threadstorm render: unknown option --html (usage: threadstorm render <report.json>)");
    }

    @Test
    void helpPrintsUsage() {
        assertEquals(0, run("--help"));
        assertEquals("usage: threadstorm render <report.json>" + System.lineSeparator(), stdout());
    }

    @Test
    void missingFileFails() {
        Path missing = dir.resolve("nope.json");

        assertEquals(1, run(missing.toString()));
        assertEquals("", stdout());
        assertOneLine(stderr(), "threadstorm render: " + missing + ": no such file");
    }

    @Test
    void malformedFileFails() throws IOException {
        Path file = Files.writeString(dir.resolve("bad.json"), "{\"schema\": ");

        assertEquals(1, run(file.toString()));
        assertEquals("", stdout());
        assertTrue(stderr().startsWith("threadstorm render: " + file + ": not valid JSON at line 1, column "),
                stderr());
        assertOneLine(stderr(), null);
    }

    @Test
    void otherSchemaFails() throws IOException {
        Path file = Files.writeString(dir.resolve("v9.json"), "{\"schema\": \"threadstorm.report/v9\"}");

        assertEquals(1, run(file.toString()));
        assertOneLine(stderr(), "threadstorm render: " + file + ": schema \"threadstorm.report/v9\" is not "
                + "supported, this version reads \"threadstorm.report/v1\"");
    }

    @Test
    void directoryFails() {
        assertEquals(1, run(dir.toString()));
        assertTrue(stderr().startsWith("threadstorm render: cannot read " + dir + ": "), stderr());
        assertOneLine(stderr(), null);
    }

    private int run(String... args) {
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            return RenderCommand.run(List.of(args), o, e);
        }
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** Exactly one line on stderr, optionally with the given text. */
    private static void assertOneLine(String text, String expected) {
        assertTrue(text.endsWith(System.lineSeparator()), text);
        String line = text.substring(0, text.length() - System.lineSeparator().length());
        assertTrue(!line.contains("\n") && !line.contains("\r"), text);
        if (expected != null) {
            assertEquals(expected, line);
        }
    }
}
