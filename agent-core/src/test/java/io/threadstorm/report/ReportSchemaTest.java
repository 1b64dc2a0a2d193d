package io.threadstorm.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.InputFormat;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.threadstorm.classify.Category;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Checks reports against {@code docs/report.schema.json}, the very file users read. */
class ReportSchemaTest {

    /** Tests run in the module directory; the docs are beside it. */
    private static final Path SCHEMA_FILE = Path.of("..", "docs", "report.schema.json");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static JsonSchema schema;
    private static JsonNode schemaTree;

    @BeforeAll
    static void loadSchema() throws IOException {
        assertTrue(Files.isRegularFile(SCHEMA_FILE), "missing " + SCHEMA_FILE.toAbsolutePath());
        String text = Files.readString(SCHEMA_FILE);
        schemaTree = JSON.readTree(text);
        schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(text, InputFormat.JSON);
    }

    @Test
    void schemaFileIsAValidDraft202012Schema() {
        JsonSchema meta = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));

        assertEquals(Set.of(), meta.validate(schemaTree));
    }

    @Test
    void realisticExitReportIsValid() throws IOException {
        assertValid(SampleReports.exitReport());
    }

    @Test
    void reportWithoutSuspectsIsValid() throws IOException {
        assertValid(SampleReports.noLeakReport());
    }

    @Test
    void everyTriggerAndKindTheModelNamesIsAccepted() throws IOException {
        for (String trigger : List.of("surge", "exit", "on-demand", "dump")) {
            ObjectNode report = tree(SampleReports.exitReport());
            report.put("trigger", trigger);
            assertEquals(Set.of(), schema.validate(report), trigger);
        }
        for (String kind : List.of("platform", "virtual", "executor", "timer", "future", "dump")) {
            ObjectNode report = tree(SampleReports.exitReport());
            site(report).put("kind", kind);
            assertEquals(Set.of(), schema.validate(report), kind);
        }
    }

    @Test
    void categoryEnumMatchesTheJavaEnum() {
        Set<String> inSchema = new TreeSet<>();
        schemaTree.at("/$defs/cause/properties/category/enum").forEach(n -> inSchema.add(n.asText()));

        assertEquals(Arrays.stream(Category.values()).map(Enum::name).collect(Collectors.toCollection(TreeSet::new)),
                inSchema);
    }

    @Test
    void threadStateEnumMatchesThreadState() {
        Set<String> inSchema = new TreeSet<>();
        schemaTree.at("/$defs/threadState/enum").forEach(n -> inSchema.add(n.asText()));

        assertEquals(Arrays.stream(Thread.State.values()).map(Enum::name).collect(Collectors.toCollection(TreeSet::new)),
                inSchema);
    }

    @Test
    void unknownFieldsAreAllowed() throws IOException {
        ObjectNode report = tree(SampleReports.exitReport());
        report.put("futureField", 1);
        site(report).put("module", "com.acme");

        assertEquals(Set.of(), schema.validate(report));
    }

    @Test
    void rejectsAMissingRequiredField() throws IOException {
        ObjectNode report = tree(SampleReports.exitReport());
        ((ObjectNode) report.get("summary")).remove("verdict");

        assertRejected(report, "verdict");
    }

    @Test
    void rejectsAMissingTopLevelField() throws IOException {
        ObjectNode report = tree(SampleReports.exitReport());
        report.remove("suspects");

        assertRejected(report, "suspects");
    }

    @Test
    void rejectsAnUnknownCategory() throws IOException {
        ObjectNode report = tree(SampleReports.exitReport());
        ((ObjectNode) report.get("suspects").get(0).get("cause")).put("category", "LEAKY");

        assertRejected(report, "category");
    }

    @Test
    void rejectsOutOfRangeAndMistypedValues() throws IOException {
        ObjectNode confidence = tree(SampleReports.exitReport());
        ((ObjectNode) confidence.get("suspects").get(0).get("cause")).put("confidence", 1.5);
        assertRejected(confidence, "confidence");

        ObjectNode state = tree(SampleReports.exitReport());
        ((ObjectNode) state.get("suspects").get(0).get("states")).put("SLEEPING", 3);
        assertRejected(state, "SLEEPING");

        ObjectNode trigger = tree(SampleReports.exitReport());
        trigger.put("trigger", "timer");
        assertRejected(trigger, "trigger");

        ObjectNode schemaId = tree(SampleReports.exitReport());
        schemaId.put("schema", "threadstorm.report/v2");
        assertRejected(schemaId, "schema");

        ObjectNode siteId = tree(SampleReports.exitReport());
        site(siteId).put("id", "9F2C");
        assertRejected(siteId, "id");

        ObjectNode live = tree(SampleReports.exitReport());
        ((ObjectNode) live.get("suspects").get(0)).put("live", "370");
        assertRejected(live, "live");

        ObjectNode createdAt = tree(SampleReports.exitReport());
        createdAt.put("createdAt", "26/11/2026 10:15");
        assertRejected(createdAt, "createdAt");
    }

    @Test
    void exampleInTheDocsIsValidAndReadable() throws IOException {
        String doc = Files.readString(SCHEMA_FILE.resolveSibling("report-schema.md"));
        int start = doc.indexOf("```json\n");
        assertTrue(start >= 0, "no ```json example in report-schema.md");
        String example = doc.substring(start + "```json\n".length(), doc.indexOf("```\n", start + 8));

        assertEquals(Set.of(), schema.validate(JSON.readTree(example)));
        Report report = ReportJson.read(example);
        assertEquals(Category.POOL_NEVER_SHUTDOWN, report.suspects().get(0).cause().category());
        assertEquals(1, report.aliveAtExit().size());
    }

    private static void assertValid(Report report) throws IOException {
        JsonNode tree = JSON.readTree(ReportJson.write(report));
        Set<ValidationMessage> errors = schema.validate(tree);
        assertEquals(Set.of(), errors, () -> ReportJson.write(report));
    }

    private static void assertRejected(JsonNode report, String mentioned) {
        Set<ValidationMessage> errors = schema.validate(report);
        assertTrue(!errors.isEmpty(), "accepted a report it should reject (" + mentioned + ")");
        assertTrue(errors.stream().anyMatch(e -> e.getMessage().contains(mentioned)), errors.toString());
    }

    private static ObjectNode tree(Report report) throws IOException {
        return (ObjectNode) JSON.readTree(ReportJson.write(report));
    }

    private static ObjectNode site(ObjectNode report) {
        ArrayNode suspects = (ArrayNode) report.get("suspects");
        return (ObjectNode) suspects.get(0).get("site");
    }
}
