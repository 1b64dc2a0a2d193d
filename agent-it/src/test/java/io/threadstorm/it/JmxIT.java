package io.threadstorm.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MBean io.threadstorm:type=Agent answers snapshot() and report() with the real documents. */
class JmxIT {

    @TempDir
    Path dir;

    @Test
    void snapshotAndReportOverJmx() throws Exception {
        Path snapshot = dir.resolve("snapshot.json");
        Path report = dir.resolve("report.json");
        ForkedJvm.Result r = ForkedJvm.run(dir, "reportOnExit=false", ForkedJvm.TEST_CLASSES,
                "io.threadstorm.it.apps.JmxApp", 60, snapshot.toString(), report.toString());
        assertEquals(0, r.exitCode(), r.stderr());
        assertTrue(r.stdout().contains("jmx done"), r.stdout() + r.stderr());

        JsonNode snap = Reports.read(snapshot);
        assertEquals("threadstorm.snapshot/v1", snap.get("schema").asText());
        String frame = "io.threadstorm.it.apps.JmxApp.main(JmxApp.java:" + ForkedJvm.lineOf(
                Path.of("src/test/java/io/threadstorm/it/apps/JmxApp.java"), "// site:jmx") + ")";
        boolean found = false;
        for (JsonNode t : snap.get("threads")) {
            if (t.get("name").asText().equals("jmx-parked")) {
                assertEquals(frame, t.get("site").get("frame").asText());
                found = true;
            }
            assertFalse(t.get("name").asText().startsWith("threadstorm-"), "the agent's own threads are not listed");
        }
        assertTrue(found, "jmx-parked is in the snapshot");

        JsonNode rep = Reports.readValid(report);
        assertEquals("threadstorm.report/v1", rep.get("schema").asText());
        assertEquals("on-demand", rep.get("trigger").asText());
        assertEquals(1, Reports.withTrigger(r.reportDir(), "on-demand").size(), "the on-demand report is a file too");
    }
}
