package io.threadstorm.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.util.StdDateFormat;
import io.threadstorm.classify.Category;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * Reads and writes {@link Report}s as JSON, schema {@value Report#SCHEMA}.
 *
 * <p>This is the only class of the agent that touches Jackson: the agent must not load Jackson at JVM start, so
 * Jackson is loaded the first time a report is written or read, and no other class refers to it.
 */
public final class ReportJson {

    private static final String STRING_SOURCE = "<string>";

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            // Newer writers may add fields: old readers must still load their reports.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            // Sorted "states" maps keep reports diffable whatever map the producer used.
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .defaultDateFormat(new StdDateFormat().withColonInTimeZone(true))
            // Absent means unknown; the schema documents which fields are optional.
            .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL,
                    JsonInclude.Include.NON_NULL))
            .addModule(new SimpleModule("threadstorm-report")
                    .addSerializer(Double.class, new FiniteDoubleSerializer())
                    .addSerializer(double.class, new FiniteDoubleSerializer())
                    .addDeserializer(Category.class, new LenientCategoryDeserializer()))
            .build();

    private ReportJson() {
    }

    /**
     * The report as pretty-printed JSON (two-space indent, {@code \n} line ends, no trailing newline).
     *
     * @throws UncheckedIOException only if Jackson cannot serialize the model, which is a bug
     */
    public static String write(Report report) {
        Objects.requireNonNull(report, "report");
        try {
            return MAPPER.writer(PrettyPrinterHolder.PRINTER).writeValueAsString(report);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot serialize report: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Loads a report file.
     *
     * @throws ReportFormatException the file is not JSON, not a {@value Report#SCHEMA} report, or has a field of the
     *                               wrong type; the message names the file
     * @throws IOException           the file cannot be read (missing, a directory, no permission)
     */
    public static Report read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    /**
     * Loads a report from JSON text.
     *
     * @throws ReportFormatException the text is not JSON, not a {@value Report#SCHEMA} report, or has a field of the
     *                               wrong type
     */
    public static Report read(String json) throws ReportFormatException {
        return parse(Objects.requireNonNull(json, "json"), STRING_SOURCE);
    }

    private static Report parse(String json, String source) throws ReportFormatException {
        if (json.isBlank()) {
            throw new ReportFormatException(source, "empty, expected a " + Report.SCHEMA + " JSON report");
        }
        JsonNode tree;
        try {
            tree = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ReportFormatException(source, "not valid JSON" + where(e.getLocation()) + ": "
                    + firstLine(e.getOriginalMessage()), e);
        }
        if (tree == null || !tree.isObject()) {
            throw new ReportFormatException(source, "expected a JSON object, found "
                    + (tree == null ? "nothing" : tree.getNodeType().name().toLowerCase(Locale.ROOT)));
        }
        JsonNode schema = tree.get("schema");
        if (schema == null || !schema.isTextual()) {
            throw new ReportFormatException(source, "not a threadstorm report: no \"schema\" field (expected \""
                    + Report.SCHEMA + "\")");
        }
        if (!Report.SCHEMA.equals(schema.textValue())) {
            throw new ReportFormatException(source, "schema \"" + schema.textValue()
                    + "\" is not supported, this version reads \"" + Report.SCHEMA + "\"");
        }
        try {
            return MAPPER.treeToValue(tree, Report.class);
        } catch (JsonMappingException e) {
            throw new ReportFormatException(source, "field " + jsonPath(e) + ": "
                    + firstLine(e.getOriginalMessage()), e);
        } catch (JsonProcessingException e) {
            throw new ReportFormatException(source, firstLine(e.getOriginalMessage()), e);
        }
    }

    private static String where(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    /** {@code $.suspects[0].live}: the path of the field Jackson could not bind. */
    private static String jsonPath(JsonMappingException e) {
        StringBuilder path = new StringBuilder("$");
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append('.').append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int end = message.indexOf('\n');
        return (end < 0 ? message : message.substring(0, end)).strip();
    }

    /** Built on first write only: reading needs no printer. */
    private static final class PrettyPrinterHolder {
        static final DefaultPrettyPrinter PRINTER = prettyPrinter();

        private static DefaultPrettyPrinter prettyPrinter() {
            // "key": value, one array element per line (stacks stay readable), "[]" for empty arrays.
            DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
            Separators separators = Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withArrayEmptySeparator("")
                    .withObjectEmptySeparator("");
            DefaultPrettyPrinter printer = new DefaultPrettyPrinter(separators);
            printer.indentObjectsWith(indenter);
            printer.indentArraysWith(indenter);
            return printer;
        }
    }

    /** NaN and infinities are not JSON numbers: write {@code null} (unknown) rather than a string. */
    private static final class FiniteDoubleSerializer extends JsonSerializer<Double> {
        @Override
        public void serialize(Double value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            if (value == null || !Double.isFinite(value)) {
                gen.writeNull();
            } else {
                gen.writeNumber(value);
            }
        }
    }

    /** A category added by a newer writer reads as {@link Category#UNKNOWN} instead of failing the whole report. */
    private static final class LenientCategoryDeserializer extends JsonDeserializer<Category> {
        @Override
        public Category deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String name = p.getValueAsString();
            if (name == null) {
                return null;
            }
            try {
                return Category.valueOf(name.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                return Category.UNKNOWN;
            }
        }
    }
}
