package io.threadstorm.injector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole way in, without a cluster: the injector patches a pod that has JAVA_TOOL_OPTIONS of its own,
 * copy-agent.sh runs as the init container would, into a directory standing for the emptyDir, and a JVM starts with
 * exactly the patched container's environment (the mount path mapped to that directory) on a leaking example. The
 * agent it loads from the volume writes its surge report onto the volume.
 */
class PatchedPodJvmIT {

    static final Path AGENT_JAR = Wired.ROOT.resolve("agent-core/target/threadstorm-agent.jar");
    static final Path EXAMPLES_JAR = Wired.ROOT.resolve("examples/target/threadstorm-examples.jar");

    @TempDir
    Path tmp;

    @Test
    void theAgentFromThePatchedPodReportsTheLeak() throws Exception {
        Container app = patchedContainer();
        Path volume = initContainer();
        Map<String, String> env = environment(app, volume);
        assertTrue(env.get(Wiring.JAVA_TOOL_OPTIONS).startsWith("-Dpricing.region=eu-west -XX:+ExitOnOutOfMemoryError "),
                env.toString());

        Process jvm = start(env, "--duration=40", "--rate=20");
        try {
            Path report = awaitReport(volume.resolve("reports"), jvm, 40);
            JsonNode json = Wired.JSON.readTree(report.toFile());
            JsonNode suspect = json.path("suspects").path(0);
            assertTrue(suspect.path("site").path("frame").asText().startsWith(
                    "io.threadstorm.examples.pool.LeakyReportServer.handle("), json.toPrettyString());
            assertEquals("POOL_NEVER_SHUTDOWN", suspect.path("cause").path("category").asText());
        } finally {
            jvm.destroy();
            assertTrue(jvm.waitFor(30, TimeUnit.SECONDS));
        }
        String stderr = Files.readString(tmp.resolve("stderr.txt"));
        // the JVM read the application's own options and the agent's, in that order
        assertTrue(stderr.contains("Picked up JAVA_TOOL_OPTIONS: -Dpricing.region=eu-west -XX:+ExitOnOutOfMemoryError -javaagent:"
                + volume + "/threadstorm-agent.jar=interval=250ms,minAge=1s"), stderr);
    }

    @Test
    void threadstormEnabledFalseTurnsTheInjectedAgentOff() throws Exception {
        Container app = patchedContainer();
        Path volume = initContainer();
        Map<String, String> env = environment(app, volume);
        env.put("THREADSTORM_ENABLED", "false");
        Process jvm = start(env, "--duration=4", "--rate=20");
        assertTrue(jvm.waitFor(60, TimeUnit.SECONDS), "the example did not end");
        assertEquals(0, jvm.exitValue(), Files.readString(tmp.resolve("stderr.txt")));
        assertFalse(Files.exists(volume.resolve("reports")) && reports(volume.resolve("reports")).findAny().isPresent(),
                "no report from a disabled agent");
    }

    /** The pricing container of own-java-tool-options.json after the injector's patch (review through the jar). */
    private Container patchedContainer() throws Exception {
        byte[] request = Wired.fixture("own-java-tool-options.json");
        InjectorJarIT.Run run = InjectorJarIT.run(request, "review");
        assertEquals(0, run.status(), run.stderr());
        Pod pod = Wired.patched(request, Wired.review(run.stdout()));
        initOf(pod); // keep it for initContainer()
        return pod.getSpec().getContainers().get(0);
    }

    private Container init;

    private void initOf(Pod pod) {
        init = pod.getSpec().getInitContainers().stream().filter(c -> c.getName().equals(Wiring.INIT_CONTAINER))
                .findFirst().orElseThrow();
    }

    /** Runs the init container's command with the image's paths mapped to the build's files; returns the "volume". */
    private Path initContainer() throws Exception {
        Path volume = Files.createDirectories(tmp.resolve("volume"));
        List<String> command = init.getCommand();
        assertEquals(Wiring.IMAGE_DIR + "/copy-agent.sh", command.get(0));
        assertEquals(Wiring.IMAGE_DIR + "/" + AGENT_JAR.getFileName(), command.get(1), "the jar as the Dockerfile names it");
        String target = command.get(2);
        assertEquals(target, Wired.mountAt(init, target).getMountPath());
        this.mountPath = target;
        Process p = new ProcessBuilder("sh", CopyAgentScriptTest.SCRIPT.toString(), AGENT_JAR.toString(), volume.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertEquals(Files.size(AGENT_JAR), Files.size(volume.resolve(AGENT_JAR.getFileName())));
        return volume;
    }

    private String mountPath;

    /**
     * The container's environment as the kubelet would set it, with the volume's mount path mapped to {@code volume}
     * (only in the -javaagent path and in values that are paths under the mount).
     */
    private Map<String, String> environment(Container c, Path volume) {
        assertEquals(mountPath, Wired.mountAt(c, mountPath).getMountPath(), "the container mounts the agent's volume");
        Map<String, String> env = new java.util.LinkedHashMap<>();
        for (EnvVar v : c.getEnv()) {
            String value;
            if (v.getValueFrom() != null) {
                assertNotNull(v.getValueFrom().getFieldRef(), "only fieldRef variables are resolved here: " + v);
                assertEquals("metadata.name", v.getValueFrom().getFieldRef().getFieldPath());
                value = "pricing-5c8d7f9b4-x7k2p";
            } else {
                value = v.getValue()
                        .replace("-javaagent:" + mountPath + "/", "-javaagent:" + volume + "/");
                if (value.startsWith(mountPath + "/")) {
                    value = volume + value.substring(mountPath.length());
                }
            }
            env.put(v.getName(), value);
        }
        return env;
    }

    private Process start(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(InjectorJarIT.JAVA, "-Xmx256m", "-cp", EXAMPLES_JAR.toString(),
                "io.threadstorm.examples.pool.LeakyReportServer"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(tmp.toFile())
                .redirectOutput(tmp.resolve("stdout.txt").toFile()).redirectError(tmp.resolve("stderr.txt").toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        return pb.start();
    }

    private static Path awaitReport(Path dir, Process jvm, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (Files.isDirectory(dir)) {
                Optional<Path> surge;
                try (Stream<Path> files = reports(dir)) {
                    surge = files.filter(p -> p.getFileName().toString().endsWith("-surge.json")).findFirst();
                }
                if (surge.isPresent()) {
                    return surge.get();
                }
            }
            if (!jvm.isAlive()) {
                break;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no surge report in " + dir + " within " + seconds + " s (JVM alive: " + jvm.isAlive() + ")");
    }

    private static Stream<Path> reports(Path dir) throws java.io.IOException {
        return Files.list(dir).filter(p -> p.getFileName().toString().startsWith("threadstorm-"));
    }
}
