package io.threadstorm.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line loads the agent into a running JVM, which then reports the leak it keeps making. */
class AttachIT {

    @TempDir
    Path dir;

    @Test
    void attachToARunningLeakFindsIt() throws Exception {
        Path reports = dir.resolve("reports");
        Process app = new ProcessBuilder(ForkedJvm.JAVA, "-XX:+IgnoreUnrecognizedVMOptions",
                "-XX:+EnableDynamicAgentLoading", "-cp",
                ForkedJvm.EXAMPLES_JAR.toString(), "io.threadstorm.examples.latch.LeakyBatchUploader", "--duration=15")
                .redirectOutput(dir.resolve("app.out").toFile()).redirectError(dir.resolve("app.err").toFile()).start();
        try {
            TimeUnit.SECONDS.sleep(1);
            ForkedJvm.Result attach = ForkedJvm.exec(dir.resolve("cli"), List.of(ForkedJvm.JAVA, "-jar",
                    ForkedJvm.AGENT_JAR.toString(), "attach", String.valueOf(app.pid()),
                    "interval=250ms,minAge=1s,reportDir=" + reports), 60);
            assertEquals(0, attach.exitCode(), attach.stderr());
            assertTrue(attach.stdout().contains("agent loaded into " + app.pid()), attach.stdout());
            assertTrue(app.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, app.exitValue(), Files.readString(dir.resolve("app.err")));
        } finally {
            app.destroyForcibly();
        }
        List<Path> surges = Reports.withTrigger(reports, "surge");
        assertFalse(surges.isEmpty(), "no surge report; app stderr: " + Files.readString(dir.resolve("app.err")));
        JsonNode top = Reports.read(surges.get(0)).get("suspects").get(0);
        assertEquals("LATCH_NEVER_RELEASED", top.get("cause").get("category").asText());
    }

    @Test
    void badUsageExitsTwoWithOneLine() throws Exception {
        ForkedJvm.Result r = ForkedJvm.exec(dir, List.of(ForkedJvm.JAVA, "-jar", ForkedJvm.AGENT_JAR.toString(),
                "attach", "not-a-pid"), 60);
        assertEquals(2, r.exitCode());
        assertEquals(1, r.stderr().lines().count(), r.stderr());
        ForkedJvm.Result bogus = ForkedJvm.exec(dir.resolve("b"), List.of(ForkedJvm.JAVA, "-jar",
                ForkedJvm.AGENT_JAR.toString(), "frobnicate"), 60);
        assertEquals(2, bogus.exitCode());
        ForkedJvm.Result version = ForkedJvm.exec(dir.resolve("v"), List.of(ForkedJvm.JAVA, "-jar",
                ForkedJvm.AGENT_JAR.toString(), "version"), 60);
        assertEquals(0, version.exitCode());
        assertTrue(version.stdout().startsWith("threadstorm 0."), version.stdout());
    }
}
