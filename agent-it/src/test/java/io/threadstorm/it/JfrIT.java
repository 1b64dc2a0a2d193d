package io.threadstorm.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A leak under -XX:StartFlightRecording: the recording holds threadstorm.Surge and threadstorm.SiteStatistics. */
class JfrIT {

    @TempDir
    Path dir;

    @Test
    void surgeAndSiteStatisticsAreRecorded() throws Exception {
        Path recording = dir.resolve("leak.jfr");
        List<String> cmd = List.of(ForkedJvm.JAVA, "-XX:StartFlightRecording=filename=" + recording + ",dumponexit=true",
                "-javaagent:" + ForkedJvm.AGENT_JAR + "=interval=250ms,minAge=1s,reportDir=" + dir.resolve("reports"),
                "-Xmx256m", "-cp", ForkedJvm.TEST_CLASSES.toString(), "io.threadstorm.it.apps.FleetApp",
                "leak", "40", "for", "12");
        ForkedJvm.Result run = ForkedJvm.exec(dir.resolve("app"), cmd, 90);
        assertEquals(0, run.exitCode(), run.stderr());
        assertTrue(Files.size(recording) > 0);

        ForkedJvm.Result read = ForkedJvm.exec(dir.resolve("read"), List.of(ForkedJvm.JAVA, "-cp",
                ForkedJvm.TEST_CLASSES.toString(), "io.threadstorm.it.apps.JfrRead", recording.toString()), 60);
        assertEquals(0, read.exitCode(), read.stderr());
        String frame = "io.threadstorm.it.apps.FleetApp.leak(FleetApp.java:" + ForkedJvm.lineOf(
                Path.of("src/test/java/io/threadstorm/it/apps/FleetApp.java"), "// site:fleet-leak") + ")";
        Map<String, String> surge = null;
        Map<String, String> stats = null;
        for (String line : read.stdout().lines().toList()) {
            Map<String, String> e = fields(line);
            assertEquals("threadstorm", e.get("category"), line);
            if (e.get("name").equals("threadstorm.Surge") && frame.equals(e.get("frame"))) {
                surge = e;
            } else if (e.get("name").equals("threadstorm.SiteStatistics") && frame.equals(e.get("frame"))) {
                stats = e;
            }
        }
        assertTrue(surge != null, "a Surge event for the leaking site:\n" + read.stdout() + run.stderr());
        assertEquals("LATCH_NEVER_RELEASED", surge.get("cause"), surge.toString());
        assertEquals("platform", surge.get("kind"));
        assertTrue(surge.get("siteId").matches("[0-9a-f]{16}"), surge.toString());
        assertTrue(Long.parseLong(surge.get("liveThreads")) >= 10, surge.toString());
        assertTrue(Double.parseDouble(surge.get("confidence")) > 0, surge.toString());
        assertTrue(Double.parseDouble(surge.get("growthPerMinute")) > 0, surge.toString());
        assertTrue(Files.isRegularFile(Path.of(surge.get("reportPath"))), "the report is there: " + surge);

        assertTrue(stats != null, "a SiteStatistics event for the leaking site:\n" + read.stdout());
        assertEquals(surge.get("siteId"), stats.get("siteId"));
        assertEquals("40", stats.get("live"), stats.toString());
        assertEquals("40", stats.get("started"), stats.toString());
        assertEquals("0", stats.get("ended"), stats.toString());
        assertEquals("1", stats.get("rank"), stats.toString());
    }

    /** {@code name|category|k=v|...} as a map: "name", "category" (JFR's), and the event's own category as "cause". */
    private static Map<String, String> fields(String line) {
        String[] parts = line.split("\\|");
        Map<String, String> m = new HashMap<>();
        m.put("name", parts[0]);
        m.put("category", parts[1]);
        for (int i = 2; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            m.put(parts[i].substring(0, eq).equals("category") ? "cause" : parts[i].substring(0, eq),
                    parts[i].substring(eq + 1));
        }
        return m;
    }
}
