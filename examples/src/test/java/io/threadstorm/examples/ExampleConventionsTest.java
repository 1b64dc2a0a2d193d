package io.threadstorm.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Guards the conventions the integration tests rely on: the Leaky/Fixed mains and one leak-site mark per leaky program. */
class ExampleConventionsTest {

    static final Path ROOT = Path.of("src/main/java/io/threadstorm/examples");
    static final List<String> CATEGORIES = List.of("pool", "queue", "latch", "timer", "future", "deadlock",
            "contention", "sleep", "io", "spin", "waiting", "virtual");
    static final String MARK = "// threadstorm:leak-site";

    static List<Path> mains(String category, String prefix) throws IOException {
        try (Stream<Path> files = Files.list(ROOT.resolve(category))) {
            return files.filter(p -> p.getFileName().toString().startsWith(prefix))
                    .filter(p -> read(p).contains("public static void main(String[] args)"))
                    .sorted()
                    .collect(Collectors.toList());
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void everyCategoryHasOneLeakyAndOneFixedProgram() throws IOException {
        for (String category : CATEGORIES) {
            int expectedLeaky = category.equals("virtual") ? 2 : 1;
            assertEquals(expectedLeaky, mains(category, "Leaky").size(), "Leaky mains in " + category);
            assertEquals(1, mains(category, "Fixed").size(), "Fixed mains in " + category);
        }
        assertTrue(Files.exists(ROOT.resolve("virtual/LeakyPerTaskExecutor.java")));
    }

    @Test
    void everyLeakyProgramMarksExactlyOneLeakSiteAndFixedOnesNone() throws IOException {
        for (String category : CATEGORIES) {
            for (Path leaky : mains(category, "Leaky")) {
                List<String> marked = read(leaky).lines().filter(l -> l.contains(MARK)).collect(Collectors.toList());
                assertEquals(1, marked.size(), leaky + " leak-site marks");
                assertTrue(marked.get(0).stripTrailing().endsWith(MARK), leaky + ": the mark must end the line");
            }
            for (Path fixed : mains(category, "Fixed")) {
                assertTrue(!read(fixed).contains(MARK), fixed + " must not carry a leak-site mark");
            }
        }
    }

    @Test
    void noThreadIsNamedLikeTheAgent() throws IOException {
        try (Stream<Path> files = Files.walk(ROOT)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).collect(Collectors.toList())) {
                assertTrue(!read(file).contains("\"threadstorm"), file + " names something \"threadstorm...\"");
            }
        }
    }

    @Test
    void parsesDurationRateAndFlags() {
        Workload load = Workload.parse(new String[] {"--duration=3", "--rate=0.5", "--no-load", "--port=8080", "9090"});
        assertTrue(load.flag("no-load"));
        assertEquals("8080", load.option("port", "0"));
        assertEquals(List.of("9090"), load.positional());
        assertTrue(!Workload.parse(new String[0]).flag("no-load"));
    }
}
