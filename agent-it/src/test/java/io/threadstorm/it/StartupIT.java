package io.threadstorm.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the agent decides before it runs, and how it keeps to its report directory: a disabled agent leaves no trace, an empty {@code reportDir} is an error like any malformed option,
 * {@code attach} says when the target ignored it as a second copy, and {@code maxReportBytes} bounds the directory
 * while keeping room for the exit report.
 */
class StartupIT {

    private static final String ISOLATION = "io.threadstorm.it.apps.IsolationApp";

    @TempDir
    Path dir;

    private ForkedJvm.Result runWith(String agentArgs) throws Exception {
        return ForkedJvm.exec(dir.resolve("run"), List.of(ForkedJvm.JAVA, "-javaagent:" + ForkedJvm.AGENT_JAR
                + "=" + agentArgs, "-cp", ForkedJvm.TEST_CLASSES.toString(), ISOLATION), 60);
    }

    @Test
    void aDisabledAgentPrintsNothingAtAll() throws Exception {
        ForkedJvm.Result r = runWith("enabled=false,reportDir=" + dir.resolve("reports"));
        assertEquals(0, r.exitCode());
        assertTrue(r.stdout().contains("main ran"));
        assertEquals("", r.stderr(), "a disabled agent prints nothing");
        assertFalse(Files.exists(dir.resolve("reports")));
    }

    /**
     * The hooks are written with the JDK's own ASM where the JDK has one (JDK 17 to 23: its classes are shared and
     * already loaded, Byte Buddy's are read from the jar and verified at start-up), with Byte Buddy's on JDK 24+, and
     * they work either way: the threads of the app are tied to the line that started them.
     */
    @Test
    void theHooksAreWrittenWithTheJdksAsmWhereItHasOne() throws Exception {
        ForkedJvm.Result r = ForkedJvm.run(dir, "logLevel=debug,interval=250ms,minAge=1s,reportOnExit=false,"
                + "snapshotOnExit=true", ForkedJvm.TEST_CLASSES, "io.threadstorm.it.apps.HostileThreadsApp", 60,
                "1500");
        assertEquals(0, r.exitCode(), r.stderr());
        String expected = ForkedJvm.javaFeature() < 24 ? "hooks written with the JDK's ASM"
                : "hooks written with Byte Buddy's ASM";
        assertTrue(r.stderr().lines().anyMatch(l -> l.endsWith(expected)), r.stderr());
        Path snapshot;
        try (Stream<Path> files = Files.list(r.reportDir())) {
            snapshot = files.filter(p -> p.getFileName().toString().startsWith("threadstorm-snapshot-")).findFirst()
                    .orElseThrow(() -> new AssertionError("no exit snapshot: " + r.stderr()));
        }
        assertTrue(Files.readString(snapshot).contains("HostileThreadsApp.main(HostileThreadsApp.java:"),
                "threads tied to their start lines");
    }

    @Test
    void aBadOptionPrintsItsOneLineAndNothingElse() throws Exception {
        ForkedJvm.Result r = runWith("interval=soon");
        assertEquals(0, r.exitCode());
        assertEquals(List.of("threadstorm: disabled: option 'interval' has value 'soon'; expected a duration such as"
                + " 250ms, 5s or 2m"), r.stderr().lines().toList());
    }

    @Test
    void anEmptyReportDirIsAnError() throws Exception {
        ForkedJvm.Result r = runWith("reportDir=");
        assertEquals(0, r.exitCode());
        assertEquals(List.of("threadstorm: disabled: option 'reportDir' has value ''; expected a directory path"),
                r.stderr().lines().toList());
        try (Stream<Path> files = Files.list(dir.resolve("run"))) {
            assertEquals(List.of(), files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("threadstorm"))
                    .toList(), "nothing written into the working directory");
        }
    }

    @Test
    void attachingToAJvmThatRunsTheAgentSaysTheSecondCopyWasIgnored() throws Exception {
        Path reports = dir.resolve("reports");
        Process app = new ProcessBuilder(ForkedJvm.JAVA, "-XX:+IgnoreUnrecognizedVMOptions",
                "-XX:+EnableDynamicAgentLoading", "-javaagent:" + ForkedJvm.AGENT_JAR + "=reportDir=" + reports,
                "-cp", ForkedJvm.EXAMPLES_JAR.toString(), "io.threadstorm.examples.latch.LeakyBatchUploader",
                "--duration=8").redirectOutput(dir.resolve("app.out").toFile())
                .redirectError(dir.resolve("app.err").toFile()).start();
        try {
            TimeUnit.SECONDS.sleep(2);
            ForkedJvm.Result attach = ForkedJvm.exec(dir.resolve("cli"), List.of(ForkedJvm.JAVA, "-jar",
                    ForkedJvm.AGENT_JAR.toString(), "attach", String.valueOf(app.pid()), "interval=250ms"), 60);
            assertEquals(1, attach.exitCode(), attach.stdout() + attach.stderr());
            assertEquals(List.of("threadstorm: " + app.pid() + " already runs the agent (running (-javaagent)); it"
                    + " ignored this second copy and kept its options"), attach.stderr().lines().toList());
            assertFalse(attach.stdout().contains("agent loaded"), attach.stdout());
            assertTrue(app.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, app.exitValue(), Files.readString(dir.resolve("app.err")));
        } finally {
            app.destroyForcibly();
        }
    }

    @Test
    void maxReportBytesBoundsTheDirectoryAndKeepsRoomForTheExitReport() throws Exception {
        ForkedJvm.Result r = ForkedJvm.run(dir, "interval=250ms,minAge=1s,reportCooldown=0ms,maxReportBytes=64k",
                ForkedJvm.EXAMPLES_JAR, "io.threadstorm.examples.latch.LeakyBatchUploader", 90, "--duration=6");
        assertEquals(0, r.exitCode(), r.stderr());
        assertFalse(Reports.withTrigger(r.reportDir(), "surge").isEmpty(), r.stderr());
        assertEquals(1, Reports.withTrigger(r.reportDir(), "exit").size(), r.stderr());
        long bytes = 0;
        try (Stream<Path> files = Files.list(r.reportDir())) {
            for (Path p : files.toList()) {
                bytes += Files.size(p);
            }
        }
        assertTrue(bytes <= 64 << 10, bytes + " bytes in the report directory");
        assertTrue(r.stderr().lines().filter(l -> l.contains("surge report")).count() > 2,
                "more surge reports were written than the directory keeps:\n" + r.stderr());
    }
}
