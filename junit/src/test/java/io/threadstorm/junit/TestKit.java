package io.threadstorm.junit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.threadstorm.junit.samples.TestKitOnly;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/** Runs sample test classes with the engine test kit, in this JVM, and reads what failed. */
final class TestKit {

    private static final Path SAMPLES = Path.of("src/test/java/io/threadstorm/junit/samples/Samples.java");
    static final Path PARALLEL = Path.of("src/test/java/io/threadstorm/junit/samples/Parallel.java");

    private TestKit() {
    }

    /** Runs a sample class with the given configuration parameters. */
    static EngineExecutionResults run(Class<?> sample, Map<String, String> parameters) {
        return EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(sample))
                .configurationParameter(TestKitOnly.PARAMETER, "true")
                .configurationParameters(parameters)
                .execute();
    }

    /** Runs a sample class. */
    static EngineExecutionResults run(Class<?> sample) {
        return run(sample, Map.of());
    }

    /** The messages of the failures among the events. */
    static List<String> failures(Events events) {
        return events.failed().stream()
                .map(e -> e.getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow())
                .map(Throwable::getMessage)
                .toList();
    }

    /** The one failure among the events, with its message; fails if there is not exactly one. */
    static String onlyFailure(Events events) {
        List<String> failures = failures(events);
        if (failures.size() != 1) {
            throw new AssertionError("expected one failure, got " + failures);
        }
        return failures.get(0);
    }

    /** The number of the line of Samples.java that holds the marker, such as {@code // site:parked}. */
    static int lineOf(String marker) throws java.io.IOException {
        return lineOf(SAMPLES, marker);
    }

    /** The number of the line of a sample file that holds the marker. */
    static int lineOf(Path file, String marker) throws java.io.IOException {
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(marker)) {
                return i + 1;
            }
        }
        throw new AssertionError(marker + " not in " + file);
    }
}
