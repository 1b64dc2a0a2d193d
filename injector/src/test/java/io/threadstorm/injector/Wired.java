package io.threadstorm.injector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.flipkart.zjsonpatch.JsonPatch;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Test side of the injection: the AdmissionReview requests under {@code admission/} (as the API server sends them),
 * the patch of an answer applied with zjsonpatch, and the checks that the patched pod's parts agree with each other.
 */
final class Wired {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Path ROOT = Path.of(System.getProperty("injector.projectRoot", "..")).toAbsolutePath().normalize();

    /** The requests, by file: each with what the injector must do with it. */
    static final List<String> FIXTURES = List.of("deployment-pod.json", "own-java-tool-options.json", "value-from.json",
            "already-injected.json", "opted-out.json", "two-containers.json");

    private Wired() {
    }

    static byte[] fixture(String name) throws IOException {
        try (InputStream in = Wired.class.getResourceAsStream("/admission/" + name)) {
            assertNotNull(in, name);
            return in.readAllBytes();
        }
    }

    static JsonNode podOf(byte[] request) throws IOException {
        return JSON.readTree(request).path("request").path("object");
    }

    static AdmissionReview review(String json) throws IOException {
        return JSON.readValue(json, AdmissionReview.class);
    }

    /** The pod after the answer's patch, as the API server would store it; the pod itself when there is no patch. */
    static Pod patched(byte[] request, AdmissionReview answer) throws IOException {
        JsonNode pod = podOf(request);
        String patch = AdmissionReviewer.patchOf(answer);
        if (patch != null) {
            assertEquals("JSONPatch", answer.getResponse().getPatchType());
            pod = JsonPatch.apply(JSON.readTree(patch), pod);
        }
        return JSON.treeToValue(pod, Pod.class);
    }

    /** Checks what the API server sent back for the request in {@code fixture}, whichever way it was asked. */
    static void assertAnswer(String fixture, byte[] request, AdmissionReview answer) throws IOException {
        JsonNode req = JSON.readTree(request).path("request");
        assertEquals("admission.k8s.io/v1", answer.getApiVersion());
        assertEquals("AdmissionReview", answer.getKind());
        assertEquals(req.path("uid").asText(), answer.getResponse().getUid(), "the response names the request");
        assertTrue(answer.getResponse().getAllowed(), "the injector never refuses a pod");
        Pod before = JSON.treeToValue(podOf(request), Pod.class);
        Pod after = patched(request, answer);
        List<String> warnings = answer.getResponse().getWarnings();
        switch (fixture) {
            case "deployment-pod.json" -> {
                assertNull(after.getMetadata().getName(), "a ReplicaSet's pod has no name yet");
                assertEquals("checkout-7d9f8b6c5d-", after.getMetadata().getGenerateName());
                assertWired(after, List.of("app"), Map.of("app", ""), "interval=250ms,minAge=1s",
                        Wiring.DEFAULT_IMAGE);
            }
            case "own-java-tool-options.json" -> {
                assertWired(after, List.of("pricing"),
                        Map.of("pricing", "-Dpricing.region=eu-west -XX:+ExitOnOutOfMemoryError"),
                        "interval=250ms,minAge=1s", Wiring.DEFAULT_IMAGE);
                assertEquals(List.of("SPRING_PROFILES_ACTIVE", "JAVA_TOOL_OPTIONS", "POD_NAME", "THREADSTORM_REPORT_DIR"),
                        after.getSpec().getContainers().get(0).getEnv().stream().map(EnvVar::getName).toList(),
                        "the container's own variables stay, in their order");
            }
            case "two-containers.json" -> {
                assertWired(after, List.of("worker"), Map.of("worker", ""), null,
                        "registry.example.com/tools/threadstorm-init:0.1.0");
                assertEquals(before.getSpec().getContainers().get(0), after.getSpec().getContainers().get(0),
                        "the container not named in threadstorm.io/container-names is untouched");
            }
            case "value-from.json" -> {
                assertEquals(before, after, "a JAVA_TOOL_OPTIONS from valueFrom: the pod stays as it was");
                assertNotNull(warnings);
                assertEquals(1, warnings.size(), warnings.toString());
                assertTrue(warnings.get(0).contains("valueFrom") && warnings.get(0).contains("ledger"), warnings.get(0));
            }
            case "already-injected.json", "opted-out.json" -> {
                assertNull(answer.getResponse().getPatch(), fixture + " must get no patch");
                assertTrue(warnings == null || warnings.isEmpty(), String.valueOf(warnings));
            }
            default -> throw new AssertionError("no expectation for " + fixture);
        }
        if (!fixture.equals("value-from.json")) {
            assertTrue(warnings == null || warnings.isEmpty(), String.valueOf(warnings));
        }
    }

    /**
     * The pod carries the agent in {@code containers}: the init container copies the jar into the volume's mount,
     * each container mounts the same volume at the same path and loads the jar from there, after whatever its
     * JAVA_TOOL_OPTIONS held before ({@code before}, by container).
     */
    static void assertWired(Pod pod, List<String> containers, Map<String, String> before, String options, String image) {
        PodSpec spec = pod.getSpec();
        assertEquals("true", pod.getMetadata().getAnnotations().get(Wiring.INJECTED_ANNOTATION));
        List<Container> inits = spec.getInitContainers().stream()
                .filter(c -> Wiring.INIT_CONTAINER.equals(c.getName())).toList();
        assertEquals(1, inits.size(), "one init container named " + Wiring.INIT_CONTAINER);
        Container init = inits.get(0);
        assertEquals(image, init.getImage());
        Map<String, Quantity> requests = init.getResources().getRequests();
        Map<String, Quantity> limits = init.getResources().getLimits();
        assertTrue(requests.containsKey("cpu") && requests.containsKey("memory"), "init container requests: " + requests);
        assertTrue(limits.containsKey("cpu") && limits.containsKey("memory"), "init container limits: " + limits);
        List<String> command = init.getCommand();
        assertEquals(3, command.size(), command.toString());
        assertTrue(command.get(0).endsWith("/copy-agent.sh"), command.toString());
        String target = command.get(2);
        VolumeMount initMount = mountAt(init, target);
        assertNotNull(initMount, "the init container mounts its copy target " + target);
        Volume volume = spec.getVolumes().stream().filter(v -> v.getName().equals(initMount.getName())).findFirst()
                .orElseThrow(() -> new AssertionError("no volume " + initMount.getName()));
        assertNotNull(volume.getEmptyDir(), "the agent's volume is an emptyDir");
        assertNotNull(volume.getEmptyDir().getSizeLimit(), "the emptyDir has a sizeLimit");
        String jar = target + "/" + Path.of(command.get(1)).getFileName();
        for (Container c : spec.getContainers()) {
            if (!containers.contains(c.getName())) {
                continue;
            }
            VolumeMount mount = c.getVolumeMounts().stream().filter(m -> m.getName().equals(volume.getName()))
                    .findFirst().orElseThrow(() -> new AssertionError(c.getName() + " does not mount " + volume.getName()));
            assertEquals(target, mount.getMountPath(), c.getName() + " mounts the volume where the jar was copied");
            Map<String, String> env = env(c);
            String javaagent = "-javaagent:" + jar + (options == null ? "" : "=" + options);
            String prior = before.getOrDefault(c.getName(), "");
            assertEquals(prior.isEmpty() ? javaagent : prior + " " + javaagent, env.get(Wiring.JAVA_TOOL_OPTIONS),
                    c.getName() + ": -javaagent appended to what was there");
            assertTrue(env.get("THREADSTORM_REPORT_DIR").startsWith(target + "/"), "reports on the volume");
        }
    }

    static VolumeMount mountAt(Container c, String path) {
        return c.getVolumeMounts() == null ? null
                : c.getVolumeMounts().stream().filter(m -> m.getMountPath().equals(path)).findFirst().orElse(null);
    }

    /** A container's literal variables (valueFrom ones map to null). */
    static Map<String, String> env(Container c) {
        Map<String, String> env = new LinkedHashMap<>();
        if (c.getEnv() != null) {
            for (EnvVar v : c.getEnv()) {
                env.put(v.getName(), v.getValue());
            }
        }
        return env;
    }
}
