package io.threadstorm.injector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Renders every kustomization under deploy/kubernetes with {@code kubectl kustomize} and reads the output with
 * fabric8's model: the parts that must agree (copy target, volume, mounts, {@code -javaagent} path, the webhook's
 * service, port, path and certificate) do.
 */
class ManifestsTest {

    static final Path KUSTOMIZE = Wired.ROOT.resolve("deploy/kubernetes");
    private static final YAMLMapper YAML = new YAMLMapper();

    @Test
    void everyKustomizationRenders() throws Exception {
        List<Path> dirs;
        try (Stream<Path> files = Files.walk(KUSTOMIZE)) {
            dirs = files.filter(p -> p.getFileName().toString().equals("kustomization.yaml")).map(Path::getParent).toList();
        }
        assertTrue(dirs.size() >= 6, "kustomizations found: " + dirs);
        for (Path dir : dirs) {
            if (Files.readString(dir.resolve("kustomization.yaml")).contains("kind: Component")) {
                continue; // a Component renders only inside a kustomization that uses it
            }
            assertTrue(render(dir).size() > 0, dir + " renders nothing");
        }
    }

    @Test
    void theComponentWiresTheAgentIntoTheAppContainer() throws Exception {
        Deployment d = only(deployments(render(KUSTOMIZE.resolve("overlays/agent"))));
        assertAgent(d.getSpec().getTemplate());
    }

    @Test
    void theCanaryOverlayAddsASecondDeploymentAndLeavesTheMainOneAsItWas() throws Exception {
        Deployment base = only(deployments(render(KUSTOMIZE.resolve("base"))));
        List<Deployment> all = deployments(render(KUSTOMIZE.resolve("overlays/canary")));
        assertEquals(2, all.size(), "the main Deployment and its canary");
        Deployment main = all.stream().filter(d -> d.getMetadata().getName().equals("checkout")).findFirst().orElseThrow();
        Deployment canary = all.stream().filter(d -> d != main).findFirst().orElseThrow();
        assertEquals(base, main, "the main Deployment is the base's, unchanged");

        assertEquals("true", canary.getMetadata().getLabels().get("threadstorm.io/canary"));
        assertEquals("true", canary.getSpec().getSelector().getMatchLabels().get("threadstorm.io/canary"),
                "the canary owns only its own pods");
        assertEquals("true", canary.getSpec().getTemplate().getMetadata().getLabels().get("threadstorm.io/canary"));
        assertEquals(base.getSpec().getTemplate().getMetadata().getLabels().get("app"),
                canary.getSpec().getTemplate().getMetadata().getLabels().get("app"), "the same application's pods");
        assertTrue(canary.getSpec().getReplicas() < main.getSpec().getReplicas(), "a slice of the replicas");
        assertEquals(base.getSpec().getTemplate().getSpec().getContainers().get(0).getImage(),
                canary.getSpec().getTemplate().getSpec().getContainers().get(0).getImage());
        assertAgent(canary.getSpec().getTemplate());
        assertTrue(main.getSpec().getTemplate().getSpec().getInitContainers().isEmpty(), "the main Deployment has no agent");
    }

    @Test
    void theInjectorLeavesPodsOfTheComponentAlone() throws Exception {
        Deployment d = only(deployments(render(KUSTOMIZE.resolve("overlays/agent"))));
        Pod pod = new Pod("v1", "Pod", d.getSpec().getTemplate().getMetadata(), d.getSpec().getTemplate().getSpec(), null);
        PodInjector.Outcome outcome = new PodInjector(new Wiring(Wiring.DEFAULT_IMAGE), Main.mapper())
                .inject(Wired.JSON.valueToTree(pod));
        assertTrue(!outcome.changed() && outcome.warnings().isEmpty(), outcome.toString());
    }

    @Test
    void theWebhookReachesTheInjectorsHttpsPortWithCertManagersCertificate() throws Exception {
        List<JsonNode> docs = render(KUSTOMIZE.resolve("injector"));
        MutatingWebhookConfiguration config = Wired.JSON.treeToValue(one(docs, "MutatingWebhookConfiguration"),
                MutatingWebhookConfiguration.class);
        Service service = Wired.JSON.treeToValue(one(docs, "Service"), Service.class);
        Deployment injector = only(deployments(docs));
        GenericKubernetesResource certificate = Wired.JSON.treeToValue(one(docs, "Certificate"),
                GenericKubernetesResource.class);
        one(docs, "Issuer");

        assertEquals(2, config.getWebhooks().size());
        MutatingWebhook byPod = config.getWebhooks().get(0);
        MutatingWebhook byNamespace = config.getWebhooks().get(1);
        assertEquals(Map.of(Wiring.INJECT_LABEL, "true"), byPod.getObjectSelector().getMatchLabels());
        assertEquals(Map.of(Wiring.INJECT_LABEL, "true"), byNamespace.getNamespaceSelector().getMatchLabels());
        assertEquals(List.of("true", "false"), byNamespace.getObjectSelector().getMatchExpressions().get(0).getValues());
        assertEquals("NotIn", byNamespace.getObjectSelector().getMatchExpressions().get(0).getOperator());

        Container container = injector.getSpec().getTemplate().getSpec().getContainers().get(0);
        List<String> args = container.getArgs();
        assertEquals("serve", args.get(0));
        for (MutatingWebhook hook : config.getWebhooks()) {
            assertEquals("Ignore", hook.getFailurePolicy(), "a broken injector never blocks a pod");
            assertEquals(List.of("v1"), hook.getAdmissionReviewVersions());
            assertEquals("None", hook.getSideEffects());
            assertEquals(List.of("pods"), hook.getRules().get(0).getResources());
            assertEquals(List.of("CREATE"), hook.getRules().get(0).getOperations());
            var ref = hook.getClientConfig().getService();
            assertEquals(service.getMetadata().getName(), ref.getName());
            assertEquals(service.getMetadata().getNamespace(), ref.getNamespace());
            assertEquals("/mutate", ref.getPath());
            assertEquals(service.getSpec().getPorts().get(0).getPort(), ref.getPort());
        }
        String targetPort = service.getSpec().getPorts().get(0).getTargetPort().getStrVal();
        var port = container.getPorts().stream().filter(p -> p.getName().equals(targetPort)).findFirst().orElseThrow();
        assertEquals("--port=" + port.getContainerPort(), arg(args, "--port"));
        assertEquals(service.getSpec().getSelector(), injector.getSpec().getSelector().getMatchLabels());
        assertEquals("false", injector.getSpec().getTemplate().getMetadata().getLabels().get(Wiring.INJECT_LABEL));

        // the certificate: issued by cert-manager into the Secret the injector mounts, for the Service's DNS name
        @SuppressWarnings("unchecked")
        Map<String, Object> certSpec = (Map<String, Object>) certificate.getAdditionalProperties().get("spec");
        String secret = (String) certSpec.get("secretName");
        var tlsVolume = injector.getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(v -> v.getSecret() != null && secret.equals(v.getSecret().getSecretName())).findFirst()
                .orElseThrow(() -> new AssertionError("the injector does not mount secret " + secret));
        VolumeMount tlsMount = container.getVolumeMounts().stream().filter(m -> m.getName().equals(tlsVolume.getName()))
                .findFirst().orElseThrow();
        assertEquals("--cert=" + tlsMount.getMountPath() + "/tls.crt", arg(args, "--cert"));
        assertEquals("--key=" + tlsMount.getMountPath() + "/tls.key", arg(args, "--key"));
        @SuppressWarnings("unchecked")
        List<String> dnsNames = (List<String>) certSpec.get("dnsNames");
        assertTrue(dnsNames.contains(service.getMetadata().getName() + "." + service.getMetadata().getNamespace() + ".svc"),
                dnsNames.toString());
        @SuppressWarnings("unchecked")
        Map<String, Object> key = (Map<String, Object>) certSpec.get("privateKey");
        assertEquals("PKCS8", key.get("encoding"), "the injector reads PKCS#8 keys");
        assertEquals(certificate.getMetadata().getNamespace() + "/" + certificate.getMetadata().getName(),
                config.getMetadata().getAnnotations().get("cert-manager.io/inject-ca-from"));

        // the init image the injector hands out is the one the component uses
        Deployment component = only(deployments(render(KUSTOMIZE.resolve("overlays/agent"))));
        assertEquals("--image=" + component.getSpec().getTemplate().getSpec().getInitContainers().get(0).getImage(),
                arg(args, "--image"));
    }

    /** The agent's parts in a pod template agree: copy target, volume, mounts, -javaagent path, reports, port. */
    static void assertAgent(PodTemplateSpec template) {
        var spec = template.getSpec();
        Container init = spec.getInitContainers().stream().filter(c -> c.getName().equals(Wiring.INIT_CONTAINER))
                .findFirst().orElseThrow(() -> new AssertionError("no init container " + Wiring.INIT_CONTAINER));
        assertNotNull(init.getResources().getRequests().get("memory"));
        assertNotNull(init.getResources().getLimits().get("memory"));
        assertNotNull(init.getResources().getLimits().get("cpu"));
        String target = init.getCommand().get(2);
        String jar = target + "/" + Path.of(init.getCommand().get(1)).getFileName();
        VolumeMount initMount = Wired.mountAt(init, target);
        assertNotNull(initMount, "the init container mounts its copy target " + target);
        var volume = spec.getVolumes().stream().filter(v -> v.getName().equals(initMount.getName())).findFirst().orElseThrow();
        assertNotNull(volume.getEmptyDir().getSizeLimit(), "the emptyDir has a sizeLimit");
        Container app = spec.getContainers().get(0);
        VolumeMount appMount = Wired.mountAt(app, target);
        assertNotNull(appMount, "the application mounts the volume where the jar was copied");
        assertEquals(volume.getName(), appMount.getName());
        Map<String, String> env = Wired.env(app);
        assertEquals("-javaagent:" + jar, env.get(Wiring.JAVA_TOOL_OPTIONS));
        assertTrue(env.get("THREADSTORM_REPORT_DIR").startsWith(target + "/"), "reports on the volume");
        String http = env.get("THREADSTORM_HTTP");
        assertNotNull(http, "the live endpoint is on");
        int port = Integer.parseInt(http.substring(http.lastIndexOf(':') + 1));
        assertTrue(app.getPorts().stream().anyMatch(p -> p.getContainerPort() == port), "the endpoint's port is declared");
        Map<String, String> annotations = template.getMetadata().getAnnotations();
        assertEquals("true", annotations.get("prometheus.io/scrape"));
        assertEquals(String.valueOf(port), annotations.get("prometheus.io/port"));
        assertEquals("/metrics", annotations.get("prometheus.io/path"));
        assertNotEquals(null, init.getImage());
    }

    private static String arg(List<String> args, String name) {
        return args.stream().filter(a -> a.startsWith(name + "=")).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " in " + args));
    }

    private static JsonNode one(List<JsonNode> docs, String kind) {
        List<JsonNode> found = docs.stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
        assertEquals(1, found.size(), "one " + kind);
        return found.get(0);
    }

    private static Deployment only(List<Deployment> deployments) {
        assertEquals(1, deployments.size());
        return deployments.get(0);
    }

    private static List<Deployment> deployments(List<JsonNode> docs) throws IOException {
        List<Deployment> out = new ArrayList<>();
        for (JsonNode d : docs) {
            if ("Deployment".equals(d.path("kind").asText())) {
                out.add(Wired.JSON.treeToValue(d, Deployment.class));
            }
        }
        return out;
    }

    /** {@code kubectl kustomize dir}, one JSON tree per document. */
    static List<JsonNode> render(Path dir) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(kubectl(), "kustomize", dir.toString()).redirectErrorStream(false).start();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "kubectl kustomize " + dir + ": " + err);
        List<JsonNode> docs = new ArrayList<>();
        try (var it = YAML.readValues(YAML.createParser(out), JsonNode.class)) {
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc instanceof ObjectNode) {
                    docs.add(doc);
                }
            }
        }
        return docs;
    }

    /** kubectl from the PATH; a test that needs it and cannot find it fails. */
    static String kubectl() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "kubectl");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return fail("kubectl not found on PATH: the manifest tests render deploy/kubernetes with `kubectl kustomize`");
    }
}
