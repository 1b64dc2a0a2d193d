package io.threadstorm.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * An application that ships its own Prometheus client, older (simpleclient 0.16) or newer (1.x), on its own class
 * path: it registers and scrapes its own metrics the same with the agent as without, and neither registry sees the
 * other's metrics.
 */
class PrometheusClientIT {

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"io.threadstorm.it.apps.SimpleclientApp, simpleclient", "io.threadstorm.it.apps.ClientApp, prometheus-metrics-"})
    void theApplicationsOwnClientWorksUnchanged(String app, String jarPrefix) throws Exception {
        String classPath = classPath(jarPrefix);
        ForkedJvm.Result alone = ForkedJvm.exec(dir.resolve("alone"), List.of(ForkedJvm.JAVA, "-cp", classPath, app), 60);
        assertEquals(0, alone.exitCode(), alone.stderr());
        assertTrue(alone.stdout().contains("app_requests_total 3.0"), alone.stdout());

        try (LiveJvm jvm = LiveJvm.start(dir.resolve("agent"), "http=0,interval=250ms", List.of(), classPath, app,
                "stay")) {
            String address = jvm.address();
            jvm.awaitStdout("scraped");
            assertEquals(withoutCreated(alone.stdout()), withoutCreated(jvm.stdout()),
                    "the application's own scrape is the same with the agent (but for its creation time)");
            assertFalse(jvm.stdout().contains("threadstorm"), "the agent's metrics stay off the application's registry");
            String agents = LiveJvm.get(address, "/metrics").body();
            assertTrue(agents.contains("threadstorm_threads_live{kind=\"platform\"}"), agents);
            assertFalse(agents.contains("app_requests"), "the application's metrics stay off the agent's registry");
            assertFalse(jvm.stderr().contains("Exception"), jvm.stderr());
        }
    }

    private static String withoutCreated(String scrape) {
        return scrape.replaceAll("(?m)^app_requests_created .*$", "app_requests_created <time>");
    }

    /** The test classes and the client's jars from this test's own class path. */
    private static String classPath(String jarPrefix) {
        List<String> parts = new ArrayList<>(List.of(ForkedJvm.TEST_CLASSES.toString()));
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (Path.of(entry).getFileName().toString().startsWith(jarPrefix)) {
                parts.add(entry);
            }
        }
        assertTrue(parts.size() > 1, "no " + jarPrefix + " jars on the test class path");
        return String.join(File.pathSeparator, parts);
    }
}
