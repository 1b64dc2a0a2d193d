package io.threadstorm.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent never harms the application: bad options, unwritable report directories, class clashes. */
class AgentSafetyIT {

    private static final String ISOLATION = "io.threadstorm.it.apps.IsolationApp";

    @TempDir
    Path dir;

    @Test
    void malformedOptionPrintsOneLineAndTheApplicationRuns() throws Exception {
        ForkedJvm.Result r = ForkedJvm.run(dir, "interval=soon", ForkedJvm.TEST_CLASSES, ISOLATION, 60);
        assertEquals(0, r.exitCode());
        assertTrue(r.stdout().contains("main ran"), r.stdout());
        List<String> lines = r.stderr().lines().filter(l -> l.startsWith("threadstorm")).toList();
        assertEquals(List.of("threadstorm: disabled: option 'interval' has value 'soon'; expected a duration such as"
                + " 250ms, 5s or 2m"), lines);
        assertFalse(Files.exists(r.reportDir()), "a disabled agent writes nothing");
    }

    @Test
    void unknownOptionPrintsOneLineAndTheApplicationRuns() throws Exception {
        ForkedJvm.Result r = ForkedJvm.run(dir, "minThread=3", ForkedJvm.TEST_CLASSES, ISOLATION, 60);
        assertEquals(0, r.exitCode());
        assertTrue(r.stdout().contains("main ran"));
        List<String> lines = r.stderr().lines().filter(l -> l.startsWith("threadstorm")).toList();
        assertEquals(1, lines.size(), r.stderr());
        assertTrue(lines.get(0).startsWith("threadstorm: disabled: unknown option 'minThread'"), lines.get(0));
    }

    @Test
    void theApplicationCannotSeeTheAgentsLibraries() throws Exception {
        ForkedJvm.Result r = ForkedJvm.run(dir, "", ForkedJvm.TEST_CLASSES, ISOLATION, 60);
        assertEquals(0, r.exitCode(), r.stderr());
        assertTrue(r.stdout().contains("main ran"));
        assertFalse(r.stdout().contains("VISIBLE"), r.stdout());
        assertEquals(7, r.stdout().lines().filter(l -> l.endsWith(" hidden")).count(), r.stdout());
    }

    @Test
    void anUnwritableReportDirectoryLosesTheReportNotTheApplication() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-directory"), "x");
        // a long exitReportTimeout: the app exits at once, and the bound is not what this test is about
        List<String> cmd = List.of(ForkedJvm.JAVA, "-javaagent:" + ForkedJvm.AGENT_JAR
                + "=exitReportTimeout=20s,reportDir=" + file.resolve("r"), "-cp", ForkedJvm.TEST_CLASSES.toString(),
                ISOLATION);
        ForkedJvm.Result r = ForkedJvm.exec(dir.resolve("run"), cmd, 60);
        assertEquals(0, r.exitCode(), r.stderr());
        assertTrue(r.stdout().contains("main ran"));
        assertTrue(r.stderr().contains("could not write the exit report"), r.stderr());
    }

    @Test
    void systemPropertiesConfigureTheAgentToo() throws Exception {
        List<String> cmd = List.of(ForkedJvm.JAVA, "-Dthreadstorm.enabled=false", "-javaagent:" + ForkedJvm.AGENT_JAR
                + "=reportDir=" + dir.resolve("reports"), "-cp", ForkedJvm.TEST_CLASSES.toString(), ISOLATION);
        ForkedJvm.Result r = ForkedJvm.exec(dir.resolve("run"), cmd, 60);
        assertEquals(0, r.exitCode(), r.stderr());
        assertFalse(Files.exists(dir.resolve("reports")), "enabled=false: nothing written");
        assertFalse(r.stderr().contains("threadstorm"), r.stderr());
    }
}
