package io.threadstorm.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Healthy servers under load (examples in {@code io.threadstorm.examples.healthy}), run under the agent with the
 * settings {@link LeakIT} uses to catch leaks within seconds, are never reported: no surge report, and an exit report
 * with no suspect. Each program prints how many threads its pools held before shutting down; at least 15, well
 * above {@code minThreads}, so that the leak rule really is applied to them.
 */
class HealthyServerIT {

    static final Pattern POOL_THREADS = Pattern.compile("pool threads: live=(\\d+)");
    static final int MIN_POOL_THREADS = 15;

    /** Kept when a test fails: the reports are the evidence. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void sharedPoolUnderLoad() throws Exception {
        assertNeverReported("SharedPoolUnderLoad");
    }

    @Test
    void jettyLikePool() throws Exception {
        assertNeverReported("JettyLikePool");
    }

    @Test
    void threadPerConnectionServer() throws Exception {
        assertNeverReported("ThreadPerConnectionServer");
    }

    @Test
    void scheduledHousekeeping() throws Exception {
        assertNeverReported("ScheduledHousekeeping");
    }

    @Test
    void forkJoinParallel() throws Exception {
        assertNeverReported("ForkJoinParallel");
    }

    @Test
    void bulkheadPools() throws Exception {
        assertNeverReported("BulkheadPools");
    }

    private void assertNeverReported(String example) throws Exception {
        ForkedJvm.Result r = ForkedJvm.run(dir, LeakIT.OPTIONS, ForkedJvm.EXAMPLES_JAR,
                "io.threadstorm.examples.healthy." + example, 90, LeakIT.DURATION);
        assertEquals(0, r.exitCode(), r.stderr());
        Matcher m = POOL_THREADS.matcher(r.stdout());
        assertTrue(m.find(), "no thread count on stdout:\n" + r.stdout());
        assertTrue(Integer.parseInt(m.group(1)) >= MIN_POOL_THREADS, "too few threads to test the rule: " + m.group());

        assertEquals(1, Reports.withTrigger(r.reportDir(), "exit").size(), "one exit report; stderr:\n" + r.stderr());
        List<Path> reports = Reports.reportFiles(r.reportDir());
        for (Path report : reports) {
            JsonNode suspects = Reports.readValid(report).get("suspects");
            assertEquals(0, suspects.size(), report + " names a suspect:\n" + describe(suspects));
        }
        assertFalse(r.stderr().contains("surge report"), r.stderr());
    }

    /** The site, cause, evidence and one example stack of each suspect: what a fix of the heuristic needs. */
    private static String describe(JsonNode suspects) {
        StringBuilder out = new StringBuilder();
        for (JsonNode s : suspects) {
            JsonNode cause = s.get("cause");
            out.append(s.get("site").get("frame").asText()).append(": ").append(s.get("live")).append(" live, ")
                    .append(s.get("states")).append(", ages ").append(s.get("ageSeconds")).append(", ")
                    .append(cause.get("category").asText()).append(" (").append(cause.get("confidence"))
                    .append(")\n");
            cause.get("evidence").forEach(e -> out.append("  ").append(e.asText()).append('\n'));
            for (JsonNode example : s.get("examples")) {
                out.append("  e.g. ").append(example.get("name").asText()).append(' ')
                        .append(example.get("state").asText()).append('\n');
                JsonNode stack = example.get("stack");
                for (int i = 0; i < Math.min(8, stack.size()); i++) {
                    out.append("    ").append(stack.get(i).asText()).append('\n');
                }
                break;
            }
        }
        return out.toString();
    }
}
