package io.threadstorm.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The corpus without the agent: each misuse runs on its own, two {@code jcmd Thread.print} dumps are taken three
 * seconds apart, and {@code analyze} finds the leaking threads with the cause the agent gives. A dump does not know
 * creation sites, so the cause says that the agent names the line.
 */
class CorpusDumpIT {

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    static Stream<Arguments> misuses() {
        return CorpusIT.misuses();
    }

    @ParameterizedTest(name = "{0} in two dumps is {1}")
    @MethodSource("misuses")
    void twoDumpsOfAMisuseNameItsCause(String example, Set<String> causes) throws Exception {
        Path java = Path.of(ForkedJvm.JAVA);
        Path jcmd = java.resolveSibling("jcmd");
        Process app = new ProcessBuilder(java.toString(), "-Xmx256m", "-cp", CorpusIT.CLASS_PATH.toString(),
                "io.threadstorm.corpus." + example, "--duration=20").directory(dir.toFile())
                .redirectOutput(dir.resolve("stdout.txt").toFile()).redirectError(dir.resolve("stderr.txt").toFile())
                .start();
        try {
            Thread.sleep(3_000);
            Path first = dump(jcmd, app.pid(), "first.txt");
            Thread.sleep(3_000);
            Path second = dump(jcmd, app.pid(), "second.txt");
            ForkedJvm.Result r = ForkedJvm.exec(dir, List.of(java.toString(), "-jar", ForkedJvm.AGENT_JAR.toString(),
                    "analyze", first.toString(), second.toString(), "--json"), 60);
            assertEquals(0, r.exitCode(), r.stderr());
            JsonNode report = new ObjectMapper().readTree(r.stdout());
            JsonNode suspects = report.get("suspects");
            assertFalse(suspects.isEmpty(), "no suspect in the dumps: " + report.get("summary"));
            JsonNode top = suspects.get(0);
            JsonNode cause = top.get("cause");
            assertTrue(causes.contains(cause.get("category").asText()), top.toString());
            assertTrue(cause.get("confidence").asDouble() >= 0.5, cause.toString());
            assertTrue(top.get("growthPerMinute").asDouble() > 0, top.toString());
        } finally {
            app.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private Path dump(Path jcmd, long pid, String name) throws Exception {
        Path out = dir.resolve(name);
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "Thread.print").redirectOutput(out.toFile())
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "jcmd did not finish");
        assertEquals(0, p.exitValue(), Files.readString(out));
        return out;
    }
}
