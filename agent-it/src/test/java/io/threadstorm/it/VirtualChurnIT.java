package io.threadstorm.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A busy churn of short virtual threads (millions a second: each start counted, not recorded, and known to have ended
 * only at the next sweep) in {@code -Xmx256m}. The agent must not take the churn for threads a sample would have to
 * hold: it once said {@code heap nearly full (249 MB free of 256 MB): samples see at most 254961 of about 3295067
 * threads} at the first sample and limited it. The slow leak beside the churn is still reported, at its line. (In
 * {@code -Xmx64m} a sample's bytes per thread, measured on a first sample whose fixed cost dominates, can still ask
 * too much: see MemoryGuard.)
 */
class VirtualChurnIT {

    private static final Path SOURCE = Path.of("src/test/java/io/threadstorm/it/apps/VirtualChurnApp.java");

    @TempDir
    Path dir;

    @Test
    void aChurnOfShortVirtualThreadsIsNotTakenForAFullHeap() throws Exception {
        Assumptions.assumeTrue(ForkedJvm.javaFeature() >= 21, "virtual threads need JDK 21+");
        List<String> cmd = new ArrayList<>(List.of(ForkedJvm.JAVA, "-javaagent:" + ForkedJvm.AGENT_JAR
                + "=interval=1s,minAge=3s,window=4,reportDir=" + dir.resolve("reports"), "-Xmx256m", "-cp",
                ForkedJvm.TEST_CLASSES.toString(), "io.threadstorm.it.apps.VirtualChurnApp", "15000"));
        ForkedJvm.Result r = ForkedJvm.exec(dir, cmd, 120);
        assertEquals(0, r.exitCode(), r.stderr());
        assertTrue(r.stdout().contains("done"), r.stdout());
        assertFalse(r.stderr().contains("heap nearly full"), r.stderr());
        List<Path> exits = Reports.withTrigger(dir.resolve("reports"), "exit");
        assertEquals(1, exits.size(), r.stderr());
        JsonNode exit = Reports.readValid(exits.get(0));
        String leak = "io.threadstorm.it.apps.VirtualChurnApp.main(VirtualChurnApp.java:" + line("site:leak") + ")";
        List<String> suspects = new ArrayList<>();
        exit.path("suspects").forEach(s -> suspects.add(s.get("site").get("frame").asText()));
        assertTrue(suspects.contains(leak), leak + " not among " + suspects + "\n" + r.stderr());
    }

    private static int line(String marker) throws Exception {
        List<String> lines = Files.readAllLines(SOURCE);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("// " + marker)) {
                return i + 1;
            }
        }
        throw new AssertionError("no " + marker + " in " + SOURCE);
    }
}
