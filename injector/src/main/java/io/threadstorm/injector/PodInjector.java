package io.threadstorm.injector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decides whether a pod gets the agent and, if so, returns the pod with it: an init container that copies the jar
 * into an {@code emptyDir}, the volume mounted in each chosen container, {@code -javaagent:} appended to the
 * container's {@code JAVA_TOOL_OPTIONS} and the report directory on the volume. The pod is read through fabric8's
 * model; the additions are fabric8 objects written into a copy of the pod's own JSON, so nothing else in the pod is
 * touched (a JSON Patch computed against the original holds only the additions).
 */
public final class PodInjector {

    /** What happened to one pod: the changed pod ({@code null} when left as it was), why, and what to tell the user. */
    public record Outcome(ObjectNode patched, String reason, List<String> warnings) {
        public boolean changed() {
            return patched != null;
        }
    }

    private static final Pattern OPTIONS = Pattern.compile("[A-Za-z][A-Za-z0-9]*=[^\\s\"']*");

    private final Wiring wiring;
    private final ObjectMapper json;

    public PodInjector(Wiring wiring, ObjectMapper json) {
        this.wiring = wiring;
        this.json = json;
    }

    /** The outcome for {@code podJson}, a pod as the API server sends it in an AdmissionReview. */
    public Outcome inject(ObjectNode podJson) {
        Pod pod = json.convertValue(podJson, Pod.class);
        String name = describe(pod);
        Map<String, String> labels = map(pod.getMetadata() == null ? null : pod.getMetadata().getLabels());
        Map<String, String> annotations = map(pod.getMetadata() == null ? null : pod.getMetadata().getAnnotations());
        PodSpec spec = pod.getSpec();
        if ("false".equals(labels.get(Wiring.INJECT_LABEL))) {
            return unchanged(name + " is labelled " + Wiring.INJECT_LABEL + "=false");
        }
        if (spec == null || spec.getContainers() == null || spec.getContainers().isEmpty()) {
            return unchanged(name + " has no containers");
        }
        if (annotations.containsKey(Wiring.INJECTED_ANNOTATION) || hasInitContainer(spec)
                || spec.getContainers().stream().anyMatch(PodInjector::carriesAgent)) {
            return unchanged(name + " already has the agent");
        }
        if (list(spec.getVolumes()).stream().anyMatch(v -> Wiring.VOLUME.equals(v.getName()))) {
            return warn(name + " already has a volume named " + Wiring.VOLUME + "; not injected");
        }
        String options = annotations.getOrDefault(Wiring.OPTIONS_ANNOTATION, "").trim();
        if (!options.isEmpty() && !OPTIONS.matcher(options).matches()) {
            return warn(name + ": annotation " + Wiring.OPTIONS_ANNOTATION
                    + " must read key=value,key=value without spaces or quotes; not injected");
        }

        List<String> warnings = new ArrayList<>();
        List<Integer> targets = new ArrayList<>();
        String wanted = annotations.get(Wiring.CONTAINERS_ANNOTATION);
        if (wanted == null || wanted.isBlank()) {
            targets.add(0);
        } else {
            Set<String> names = new LinkedHashSet<>();
            for (String n : wanted.split(",")) {
                if (!n.isBlank()) {
                    names.add(n.trim());
                }
            }
            for (String n : names) {
                int index = indexOf(spec.getContainers(), n);
                if (index < 0) {
                    warnings.add("threadstorm: " + name + " has no container " + n);
                } else {
                    targets.add(index);
                }
            }
            if (targets.isEmpty()) {
                return new Outcome(null, name + ": none of the containers " + names + " exists", warnings);
            }
        }
        for (int index : targets) {
            Container c = spec.getContainers().get(index);
            Optional<String> why = cannotAppend(c);
            if (why.isPresent()) {
                return warn(name + ": " + why.get() + "; not injected");
            }
            if (list(c.getVolumeMounts()).stream().anyMatch(m -> Wiring.MOUNT_PATH.equals(m.getMountPath()))) {
                return warn(name + ": container " + c.getName() + " already mounts " + Wiring.MOUNT_PATH
                        + "; not injected");
            }
        }

        String image = annotations.getOrDefault(Wiring.IMAGE_ANNOTATION, "").trim();
        ObjectNode patched = podJson.deepCopy();
        ObjectNode metadata = object(patched, "metadata");
        object(metadata, "annotations").put(Wiring.INJECTED_ANNOTATION, "true");
        ObjectNode specJson = object(patched, "spec");
        array(specJson, "volumes").add(json.valueToTree(volume()));
        array(specJson, "initContainers").add(json.valueToTree(initContainer(image.isEmpty() ? wiring.image() : image)));
        List<String> injected = new ArrayList<>();
        for (int index : targets) {
            Container c = spec.getContainers().get(index);
            ObjectNode containerJson = (ObjectNode) specJson.withArray("containers").get(index);
            array(containerJson, "volumeMounts").add(json.valueToTree(mount()));
            ArrayNode env = array(containerJson, "env");
            int existing = indexOfEnv(c, Wiring.JAVA_TOOL_OPTIONS);
            if (existing >= 0) {
                String before = c.getEnv().get(existing).getValue();
                String value = before == null || before.isBlank() ? Wiring.javaagent(options)
                        : before + " " + Wiring.javaagent(options);
                ((ObjectNode) env.get(existing)).put("value", value);
            } else {
                env.add(json.valueToTree(env(Wiring.JAVA_TOOL_OPTIONS, Wiring.javaagent(options))));
            }
            if (indexOfEnv(c, "THREADSTORM_REPORT_DIR") < 0) {
                env.add(json.valueToTree(env("THREADSTORM_REPORT_DIR", Wiring.REPORT_DIR)));
            }
            injected.add(c.getName());
        }
        return new Outcome(patched, name + ": agent added to container(s) " + String.join(", ", injected), warnings);
    }

    /** Why {@code -javaagent:} cannot be appended to this container's JAVA_TOOL_OPTIONS, if it cannot. */
    static Optional<String> cannotAppend(Container c) {
        int index = indexOfEnv(c, Wiring.JAVA_TOOL_OPTIONS);
        if (index >= 0) {
            EnvVar var = c.getEnv().get(index);
            return var.getValueFrom() != null
                    ? Optional.of("container " + c.getName() + " takes JAVA_TOOL_OPTIONS from valueFrom, which cannot be appended to")
                    : Optional.empty();
        }
        // an explicit env entry would hide a JAVA_TOOL_OPTIONS that envFrom brings, so append only when none can come
        for (EnvFromSource from : list(c.getEnvFrom())) {
            String prefix = from.getPrefix() == null ? "" : from.getPrefix();
            if (Wiring.JAVA_TOOL_OPTIONS.startsWith(prefix)) {
                String source = from.getConfigMapRef() != null ? "configMap " + from.getConfigMapRef().getName()
                        : from.getSecretRef() != null ? "secret " + from.getSecretRef().getName() : "envFrom";
                return Optional.of("container " + c.getName() + " may take JAVA_TOOL_OPTIONS from " + source
                        + " (envFrom), which cannot be appended to");
            }
        }
        return Optional.empty();
    }

    private static boolean hasInitContainer(PodSpec spec) {
        return list(spec.getInitContainers()).stream().anyMatch(c -> Wiring.INIT_CONTAINER.equals(c.getName()));
    }

    private static boolean carriesAgent(Container c) {
        int index = indexOfEnv(c, Wiring.JAVA_TOOL_OPTIONS);
        String value = index < 0 ? null : c.getEnv().get(index).getValue();
        return value != null && value.contains("-javaagent:") && value.contains(Wiring.JAR);
    }

    Container initContainer(String image) {
        return new ContainerBuilder()
                .withName(Wiring.INIT_CONTAINER)
                .withImage(image)
                .withImagePullPolicy("IfNotPresent")
                .withCommand(Wiring.IMAGE_DIR + "/copy-agent.sh", Wiring.IMAGE_DIR + "/" + Wiring.JAR, Wiring.MOUNT_PATH)
                .withNewResources()
                .addToRequests("cpu", new Quantity("10m"))
                .addToRequests("memory", new Quantity("16Mi"))
                .addToLimits("cpu", new Quantity("200m"))
                .addToLimits("memory", new Quantity("64Mi"))
                .endResources()
                .withNewSecurityContext()
                .withRunAsNonRoot(true)
                .withAllowPrivilegeEscalation(false)
                .withReadOnlyRootFilesystem(true)
                .withNewCapabilities().withDrop("ALL").endCapabilities()
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .endSecurityContext()
                .withVolumeMounts(mount())
                .build();
    }

    static Volume volume() {
        return new VolumeBuilder().withName(Wiring.VOLUME).withNewEmptyDir().withSizeLimit(new Quantity("128Mi"))
                .endEmptyDir().build();
    }

    static VolumeMount mount() {
        return new VolumeMountBuilder().withName(Wiring.VOLUME).withMountPath(Wiring.MOUNT_PATH).build();
    }

    private static EnvVar env(String name, String value) {
        return new EnvVarBuilder().withName(name).withValue(value).build();
    }

    /** {@code ns/name}, or {@code ns/generateName*} for a pod a ReplicaSet is creating (it has no name yet). */
    static String describe(Pod pod) {
        var m = pod.getMetadata();
        if (m == null) {
            return "pod (no metadata)";
        }
        String ns = m.getNamespace() == null ? "" : m.getNamespace() + "/";
        if (m.getName() != null && !m.getName().isEmpty()) {
            return "pod " + ns + m.getName();
        }
        return "pod " + ns + (m.getGenerateName() == null ? "(unnamed)" : m.getGenerateName() + "*");
    }

    private static int indexOf(List<Container> containers, String name) {
        for (int i = 0; i < containers.size(); i++) {
            if (name.equals(containers.get(i).getName())) {
                return i;
            }
        }
        return -1;
    }

    /** The last entry named {@code name}: of two, the kubelet sets the later one. */
    private static int indexOfEnv(Container c, String name) {
        List<EnvVar> env = list(c.getEnv());
        for (int i = env.size() - 1; i >= 0; i--) {
            if (name.equals(env.get(i).getName())) {
                return i;
            }
        }
        return -1;
    }

    private static Outcome unchanged(String reason) {
        return new Outcome(null, reason, List.of());
    }

    private static Outcome warn(String reason) {
        return new Outcome(null, reason, List.of("threadstorm: " + reason));
    }

    private static ObjectNode object(ObjectNode parent, String field) {
        JsonNode node = parent.get(field);
        return node instanceof ObjectNode o ? o : parent.putObject(field);
    }

    private static ArrayNode array(ObjectNode parent, String field) {
        JsonNode node = parent.get(field);
        return node instanceof ArrayNode a ? a : parent.putArray(field);
    }

    private static <T> List<T> list(List<T> l) {
        return l == null ? List.of() : l;
    }

    private static Map<String, String> map(Map<String, String> m) {
        return m == null ? Map.of() : m;
    }
}
