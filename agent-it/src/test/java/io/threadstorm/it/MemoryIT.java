package io.threadstorm.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Under a tight heap the agent gives way: 200,000 parked virtual threads in {@code -Xmx220m} (which the application
 * alone survives with a few MB to spare, and where a full sample would allocate about 60 MB) with
 * {@code interval=250ms}. The agent limits its samples to what the heap's headroom can take and says so, and neither
 * the application nor the agent throws {@code OutOfMemoryError}.
 */
class MemoryIT {

    @TempDir
    Path dir;

    @Test
    void twoHundredThousandParkedVirtualThreadsInATightHeap() throws Exception {
        Assumptions.assumeTrue(ForkedJvm.javaFeature() >= 21, "virtual threads need JDK 21+");
        tightHeap("8000");
    }

    /** The same for a minute (with -Dit.long=true; CI skips it). */
    @Test
    @EnabledIfSystemProperty(named = "it.long", matches = "true")
    void aMinuteOfThemInATightHeap() throws Exception {
        Assumptions.assumeTrue(ForkedJvm.javaFeature() >= 21, "virtual threads need JDK 21+");
        tightHeap("60000");
    }

    private void tightHeap(String holdMillis) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ForkedJvm.JAVA, "-javaagent:" + ForkedJvm.AGENT_JAR
                + "=interval=250ms,reportDir=" + dir.resolve("reports"), "-Xmx220m", "-cp",
                ForkedJvm.TEST_CLASSES.toString(), "io.threadstorm.it.apps.ManyThreadsApp", "200000", "virtual",
                "one", holdMillis));
        ForkedJvm.Result r = ForkedJvm.exec(dir, cmd, 180);
        assertEquals(0, r.exitCode(), r.stderr());
        assertTrue(r.stdout().contains("exit at "), r.stdout());
        assertFalse(r.stderr().contains("OutOfMemoryError"), r.stderr());
        long said = r.stderr().lines().filter(l -> l.contains("heap nearly full")).count();
        assertTrue(said >= 1 && said <= 3, "the agent says when it limits its samples, and not at every sample:\n"
                + r.stderr());
        assertTrue(r.stderr().contains("exit report") , "the exit report is written or its absence explained:\n"
                + r.stderr());
    }
}
