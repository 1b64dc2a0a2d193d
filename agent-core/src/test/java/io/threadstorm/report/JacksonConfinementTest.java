package io.threadstorm.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The agent must not load Jackson at JVM start: only {@link ReportJson} (and the model's annotations, which the JVM
 * does not load until asked) may refer to it, so writing Markdown or naming files never pulls Jackson in.
 */
class JacksonConfinementTest {

    @Test
    void onlyReportJsonRefersToJackson() throws IOException, URISyntaxException {
        Path classes = Path.of(MarkdownRenderer.class.getResource("MarkdownRenderer.class").toURI()).getParent();
        List<String> offenders;
        try (Stream<Path> files = Files.list(classes)) {
            offenders = files
                    .filter(f -> f.toString().endsWith(".class"))
                    .filter(f -> !isAllowed(f.getFileName().toString()))
                    .filter(JacksonConfinementTest::mentionsJackson)
                    .map(f -> f.getFileName().toString())
                    .sorted()
                    .toList();
        }

        // the scan itself works: the one class that should mention Jackson does
        assertTrue(mentionsJackson(classes.resolve("ReportJson.class")), classes.toString());
        assertEquals(List.of(), offenders);
    }

    private static boolean isAllowed(String classFile) {
        return classFile.startsWith("ReportJson.") || classFile.startsWith("ReportJson$")
                || classFile.startsWith("Report.") || classFile.startsWith("Report$");
    }

    private static boolean mentionsJackson(Path classFile) {
        try {
            // Class names sit in the constant pool as UTF-8 text.
            return new String(Files.readAllBytes(classFile), StandardCharsets.ISO_8859_1).contains("com/fasterxml/");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
