package io.threadstorm.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.threadstorm.classify.Category;
import io.threadstorm.classify.Cause;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportJsonTest {

    @TempDir
    Path dir;

    @Test
    void roundTripKeepsEveryField() throws IOException {
        Report report = SampleReports.exitReport();

        assertEquals(report, ReportJson.read(ReportJson.write(report)));
    }

    @Test
    void roundTripThroughFile() throws IOException {
        Report report = SampleReports.noLeakReport();
        Path file = Files.writeString(dir.resolve("r.json"), ReportJson.write(report));

        assertEquals(report, ReportJson.read(file));
    }

    @Test
    void writesTheContractFieldNamesPrettyPrinted() {
        String json = ReportJson.write(SampleReports.exitReport());

        assertTrue(json.startsWith("{\n  \"schema\": \"threadstorm.report/v1\",\n  \"trigger\": \"exit\",\n"), json);
        assertTrue(json.contains("\"createdAt\": \"2026-11-26T10:15:30Z\""), json);
        assertTrue(json.contains("\"growthPerMinute\": 240.0"), json);
        assertTrue(json.contains("\"category\": \"POOL_NEVER_SHUTDOWN\""), json);
        assertTrue(json.contains("\"ageSeconds\": {\n"), json);
        // one frame per line keeps stacks readable and diffable
        assertTrue(json.contains("\"stack\": [\n"), json);
        assertFalse(json.contains("\r"), json);
    }

    @Test
    void sortsStatesAndLeavesOutNulls() {
        String json = ReportJson.write(SampleReports.exitReport());

        assertTrue(json.indexOf("\"TIMED_WAITING\": 4") < json.indexOf("\"WAITING\": 20"), json);
        // the future suspect has no waitingAt: absent, not null
        assertFalse(json.contains("null"), json);
    }

    @Test
    void writesAReportWithMissingPartsWithoutFailing() throws IOException {
        Report partial = new Report(Report.SCHEMA, "surge", null, null, null,
                List.of(new Report.Suspect(1, null, 3, 3, 0, 1.0, null, 1.0, null,
                        new Cause(null, 0.5, null, null, null), null)),
                null);

        String json = ReportJson.write(partial);

        assertEquals(partial, ReportJson.read(json));
    }

    @Test
    void writesNonFiniteNumbersAsNull() throws IOException {
        Report report = new Report(Report.SCHEMA, "surge", "2026-11-26T10:15:30Z",
                new Report.Jvm(1, "17", Double.NaN), null, List.of(), List.of());

        String json = ReportJson.write(report);

        assertTrue(json.contains("\"uptimeSeconds\": null"), json);
        assertEquals(0.0, ReportJson.read(json).jvm().uptimeSeconds());
    }

    @Test
    void ignoresFieldsItDoesNotKnow() throws IOException {
        String json = """
                {"schema": "threadstorm.report/v1", "trigger": "surge", "createdAt": "2026-11-26T10:15:30Z",
                 "newTopLevel": {"nested": [1, 2, 3]},
                 "jvm": {"pid": 7, "javaVersion": "25", "uptimeSeconds": 1.5, "vendor": "x"},
                 "summary": {"liveThreads": 1, "virtualThreads": 0, "baseline": 1, "filteredSystemThreads": 0,
                             "verdict": "v", "trend": "up"},
                 "suspects": [{"rank": 1, "live": 10, "score": 0.3,
                               "site": {"id": "0123456789abcdef", "kind": "platform", "frame": "a.B.c(B.java:1)",
                                        "stack": [], "module": "m"},
                               "cause": {"category": "SOME_FUTURE_CATEGORY", "confidence": 0.5,
                                         "evidence": [], "fix": "f", "links": []},
                               "examples": [{"id": 1, "name": "t", "state": "WAITING", "ageSeconds": 2,
                                             "stack": [], "cpu": 0.1}]}]}
                """;

        Report report = ReportJson.read(json);

        assertEquals(7, report.jvm().pid());
        assertEquals("v", report.summary().verdict());
        assertEquals(10, report.suspects().get(0).live());
        assertEquals("a.B.c(B.java:1)", report.suspects().get(0).site().frame());
        // a category from a newer writer must not make the whole report unreadable
        assertEquals(Category.UNKNOWN, report.suspects().get(0).cause().category());
        assertEquals("t", report.suspects().get(0).examples().get(0).name());
        assertEquals(List.of(), report.aliveAtExit());
    }

    @Test
    void toleratesNullsWhenReading() throws IOException {
        String json = """
                {"schema": "threadstorm.report/v1", "trigger": null, "jvm": {"pid": null},
                 "summary": null, "suspects": null, "aliveAtExit": null}
                """;

        Report report = ReportJson.read(json);

        assertNull(report.trigger());
        assertEquals(0, report.jvm().pid());
        assertEquals(List.of(), report.suspects());
    }

    @Test
    void malformedJsonNamesFileAndPosition() throws IOException {
        Path file = Files.writeString(dir.resolve("broken.json"), "{\n  \"schema\": \"threadstorm.report/v1\",\n  oops\n}");

        ReportFormatException e = assertThrows(ReportFormatException.class, () -> ReportJson.read(file));

        assertEquals(file.toString(), e.source());
        assertTrue(e.getMessage().startsWith(file + ": not valid JSON at line 3, column "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void truncatedJsonIsMalformed() {
        String json = ReportJson.write(SampleReports.exitReport());

        ReportFormatException e = assertThrows(ReportFormatException.class,
                () -> ReportJson.read(json.substring(0, json.length() / 2)));

        assertTrue(e.getMessage().startsWith("<string>: not valid JSON"), e.getMessage());
    }

    @Test
    void trailingGarbageIsMalformed() {
        ReportFormatException e = assertThrows(ReportFormatException.class,
                () -> ReportJson.read("{\"schema\": \"threadstorm.report/v1\"} {}"));

        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
    }

    @Test
    void otherSchemaIsRejectedByName() throws IOException {
        Path file = Files.writeString(dir.resolve("v2.json"), "{\"schema\": \"threadstorm.report/v2\", \"suspects\": []}");

        ReportFormatException e = assertThrows(ReportFormatException.class, () -> ReportJson.read(file));

        assertEquals(file + ": schema \"threadstorm.report/v2\" is not supported, this version reads "
                + "\"threadstorm.report/v1\"", e.getMessage());
    }

    @Test
    void jsonWithoutSchemaIsNotAReport() {
        ReportFormatException e = assertThrows(ReportFormatException.class,
                () -> ReportJson.read("{\"name\": \"package.json\"}"));

        assertEquals("<string>: not a threadstorm report: no \"schema\" field (expected \"threadstorm.report/v1\")",
                e.getMessage());
    }

    @Test
    void jsonThatIsNotAnObjectIsRejected() {
        ReportFormatException e = assertThrows(ReportFormatException.class, () -> ReportJson.read("[1, 2]"));

        assertEquals("<string>: expected a JSON object, found array", e.getMessage());
    }

    @Test
    void emptyFileIsRejected() throws IOException {
        Path file = Files.writeString(dir.resolve("empty.json"), "  \n");

        ReportFormatException e = assertThrows(ReportFormatException.class, () -> ReportJson.read(file));

        assertTrue(e.getMessage().startsWith(file + ": empty"), e.getMessage());
    }

    @Test
    void wrongFieldTypeNamesThePath() {
        String json = "{\"schema\": \"threadstorm.report/v1\", \"suspects\": [{\"rank\": 1, \"live\": {\"a\": 1}}]}";

        ReportFormatException e = assertThrows(ReportFormatException.class, () -> ReportJson.read(json));

        assertTrue(e.getMessage().startsWith("<string>: field $.suspects[0].live: "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void missingFileIsAnIoErrorNotAFormatError() {
        assertThrows(NoSuchFileException.class, () -> ReportJson.read(dir.resolve("absent.json")));
    }

    @Test
    void statesMapKeepsCounts() throws IOException {
        Report read = ReportJson.read(ReportJson.write(SampleReports.exitReport()));

        assertEquals(Map.of("WAITING", 20, "TIMED_WAITING", 4), read.suspects().get(1).states());
    }
}
