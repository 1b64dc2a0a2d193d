package io.threadstorm.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An application that interrupts every thread it sees, every 10 ms, does not blind the agent: its sampler keeps
 * sampling, the leak is reported while it grows, and the exit report (whose hook is interrupted too) names it.
 */
class InterruptIT {

    private static final Path SOURCE = Path.of("src/test/java/io/threadstorm/it/apps/InterruptingApp.java");

    @TempDir
    Path dir;

    @Test
    void interruptsDoNotStopTheSamplerOrLoseTheExitReport() throws Exception {
        ForkedJvm.Result r = ForkedJvm.run(dir, "interval=250ms,minAge=1s", ForkedJvm.TEST_CLASSES,
                "io.threadstorm.it.apps.InterruptingApp", 90, "7");
        assertEquals(0, r.exitCode(), r.stderr());
        String frame = "io.threadstorm.it.apps.InterruptingApp.main(InterruptingApp.java:"
                + ForkedJvm.lineOf(SOURCE, "// threadstorm:leak-site") + ")";

        List<Path> surges = Reports.withTrigger(r.reportDir(), "surge");
        assertFalse(surges.isEmpty(), "no surge report: the sampler stopped; stderr:\n" + r.stderr());
        assertEquals(frame, Reports.readValid(surges.get(0)).get("suspects").get(0).get("site").get("frame").asText());

        List<Path> exits = Reports.withTrigger(r.reportDir(), "exit");
        assertEquals(1, exits.size(), r.stderr());
        JsonNode exit = Reports.readValid(exits.get(0));
        String verdict = exit.get("summary").get("verdict").asText();
        assertFalse(verdict.startsWith("No thread leak found"), verdict);
        assertEquals(frame, exit.get("suspects").get(0).get("site").get("frame").asText(), verdict);
        assertEquals("LATCH_NEVER_RELEASED", exit.get("suspects").get(0).get("cause").get("category").asText());

        assertFalse(r.stderr().contains("sample failed"), r.stderr());
        assertTrue(r.stderr().lines().filter(l -> l.contains("interrupted the agent's sampler")).count()
                <= 3, r.stderr());
    }
}
