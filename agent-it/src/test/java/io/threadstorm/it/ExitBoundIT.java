package io.threadstorm.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exit report is bounded: thousands of threads at hundreds of sites are summed up, not listed one by one, and
 * when the fresh report is not ready within {@code exitReportTimeout} the report from the last sample is written,
 * saying so. Each run prints how long the JVM took from {@code System.exit} to its end, with and without the agent
 * (figures for docs/reliability.md; never asserted).
 */
class ExitBoundIT {

    private static final String APP = "io.threadstorm.it.apps.ManyThreadsApp";

    @TempDir
    Path dir;

    @Test
    void tenThousandThreadsAtManySitesAreSummedUp() throws Exception {
        Exit with = exit(dir.resolve("agent"), "interval=250ms", "10000", "platform", "many", "1500");
        JsonNode report = with.report();
        assertTrue(report.get("aliveAtExit").size() <= 20, "listed " + report.get("aliveAtExit").size());
        String verdict = report.get("summary").get("verdict").asText();
        assertTrue(verdict.contains("Alive at exit and not listed:"), verdict);
        Exit without = exit(dir.resolve("none"), null, "10000", "platform", "many", "1500");
        System.out.printf("exit delay, 10,000 platform threads at 25 sites: %d ms with the agent, %d ms without%n",
                with.millis(), without.millis());
    }

    @Test
    void aBoundTooShortForAFreshReportWritesTheLastSampleAndSaysSo() throws Exception {
        Exit cut = exit(dir, "interval=250ms,exitReportTimeout=1ms", "10000", "platform", "one", "1500");
        String verdict = cut.report().get("summary").get("verdict").asText();
        assertTrue(verdict.startsWith("Exit report cut short after 1 ms (exitReportTimeout): from the last sample."),
                verdict);
    }

    @Test
    void parkedVirtualThreadsExitWithinTheBound() throws Exception {
        Assumptions.assumeTrue(ForkedJvm.javaFeature() >= 21, "virtual threads need JDK 21+");
        virtual(20_000);
    }

    /** The figure: 200,000 parked virtual threads (with -Dit.long=true; CI skips it). */
    @Test
    @EnabledIfSystemProperty(named = "it.long", matches = "true")
    void twoHundredThousandParkedVirtualThreads() throws Exception {
        Assumptions.assumeTrue(ForkedJvm.javaFeature() >= 21, "virtual threads need JDK 21+");
        virtual(200_000);
    }

    private void virtual(int count) throws Exception {
        String n = Integer.toString(count);
        Exit with = exit(dir.resolve("agent"), "interval=250ms", n, "virtual", "one", "3000");
        int seen = with.report().get("summary").get("virtualThreads").asInt();
        assertTrue(seen >= count, "virtual threads in the exit report: " + seen);
        Exit without = exit(dir.resolve("none"), null, n, "virtual", "one", "3000");
        System.out.printf("exit delay, %,d parked virtual threads: %d ms with the agent, %d ms without%n", count,
                with.millis(), without.millis());
    }

    /** How long the JVM took from System.exit to its end, and its exit report (none without the agent). */
    private record Exit(long millis, JsonNode report) {
    }

    private static Exit exit(Path dir, String agentOptions, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ForkedJvm.JAVA));
        if (agentOptions != null) {
            cmd.add("-javaagent:" + ForkedJvm.AGENT_JAR + "=" + agentOptions + ",reportDir=" + dir.resolve("reports"));
        }
        cmd.addAll(List.of("-Xmx1g", "-cp", ForkedJvm.TEST_CLASSES.toString(), APP));
        cmd.addAll(List.of(args));
        ForkedJvm.Result r = ForkedJvm.exec(dir, cmd, 120);
        long ended = System.currentTimeMillis();
        assertEquals(0, r.exitCode(), r.stderr());
        long exitAt = r.stdout().lines().filter(l -> l.startsWith("exit at ")).mapToLong(l -> Long.parseLong(
                l.substring("exit at ".length()))).findFirst().orElseThrow(() -> new AssertionError(r.stdout()));
        JsonNode report = null;
        if (agentOptions != null) {
            List<Path> exits = Reports.withTrigger(r.reportDir(), "exit");
            assertEquals(1, exits.size(), r.stderr());
            report = Reports.readValid(exits.get(0));
        }
        return new Exit(ended - exitAt, report);
    }
}
