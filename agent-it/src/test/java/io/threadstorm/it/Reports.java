package io.threadstorm.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Reads the real files the agent wrote. */
final class Reports {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Reports() {
    }

    private static final Path SCHEMA = Path.of(System.getProperty("it.reportSchema", "../docs/report.schema.json"));
    private static com.networknt.schema.JsonSchema schema;

    static JsonNode read(Path file) throws IOException {
        return JSON.readTree(file.toFile());
    }

    /** Reads a report and checks it against docs/report.schema.json, the schema users read. */
    static JsonNode readValid(Path file) throws IOException {
        JsonNode report = read(file);
        synchronized (Reports.class) {
            if (schema == null) {
                schema = com.networknt.schema.JsonSchemaFactory.getInstance(
                        com.networknt.schema.SpecVersion.VersionFlag.V202012).getSchema(Files.readString(SCHEMA),
                        com.networknt.schema.InputFormat.JSON);
            }
        }
        var errors = schema.validate(report);
        if (!errors.isEmpty()) {
            throw new AssertionError(file + " does not match the report schema: " + errors);
        }
        return report;
    }

    /** Every report JSON in {@code dir}, oldest first (names sort by time, then sequence). */
    static List<Path> reportFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> out = new ArrayList<>(s.filter(p -> p.getFileName().toString().matches(
                    "threadstorm-\\d{8}-\\d{6}-\\d+-\\d+-[a-z-]+\\.json")).sorted((a, b) -> seq(a) - seq(b)).toList());
            return out;
        }
    }

    private static int seq(Path p) {
        String[] parts = p.getFileName().toString().split("-");
        return Integer.parseInt(parts[4]);
    }

    static List<Path> withTrigger(Path dir, String trigger) throws IOException {
        return reportFiles(dir).stream().filter(p -> p.getFileName().toString().endsWith("-" + trigger + ".json"))
                .toList();
    }
}
