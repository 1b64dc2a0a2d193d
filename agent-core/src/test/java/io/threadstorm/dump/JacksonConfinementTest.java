package io.threadstorm.dump;

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

/** Reading a text dump must not load Jackson: only {@link JsonDumpParser} refers to it. */
class JacksonConfinementTest {

    @Test
    void onlyTheJsonParserRefersToJackson() throws IOException, URISyntaxException {
        Path classes = Path.of(ThreadDumps.class.getResource("ThreadDumps.class").toURI()).getParent();
        List<String> offenders;
        try (Stream<Path> files = Files.list(classes)) {
            offenders = files.map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(".class") && !n.startsWith("JsonDumpParser"))
                    .filter(n -> mentionsJackson(classes.resolve(n)))
                    .sorted()
                    .toList();
        }
        assertTrue(mentionsJackson(classes.resolve("JsonDumpParser.class")));
        assertEquals(List.of(), offenders);
    }

    private static boolean mentionsJackson(Path classFile) {
        try {
            return new String(Files.readAllBytes(classFile), StandardCharsets.ISO_8859_1).contains("com/fasterxml/");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
