package io.threadstorm.injector;

/**
 * Where the agent goes in a pod: the init image that carries it, the shared volume, the path it is mounted at in
 * every container involved, and the names the pod's new parts get. The static manifests under deploy/kubernetes use
 * the same names, so a pod that got the agent from the kustomize component counts as injected too.
 *
 * @param image the init image (holds the agent jar and {@code copy-agent.sh})
 */
public record Wiring(String image) {

    /** The label that opts a pod or a namespace in ({@code "true"}) or a pod out ({@code "false"}). */
    public static final String INJECT_LABEL = "threadstorm.io/inject";
    /** Agent options, {@code key=value,key=value}, handed to the agent as its argument. */
    public static final String OPTIONS_ANNOTATION = "threadstorm.io/options";
    /** The containers to give the agent, comma separated; the first container when absent. */
    public static final String CONTAINERS_ANNOTATION = "threadstorm.io/container-names";
    /** The init image, overriding the injector's default. */
    public static final String IMAGE_ANNOTATION = "threadstorm.io/image";
    /** Set on every pod the injector changed: the second call of a webhook finds it and changes nothing. */
    public static final String INJECTED_ANNOTATION = "threadstorm.io/injected";

    public static final String VOLUME = "threadstorm";
    public static final String MOUNT_PATH = "/threadstorm";
    public static final String INIT_CONTAINER = "threadstorm-agent";
    public static final String JAR = "threadstorm-agent.jar";
    /** Where the init image keeps the jar and the copy script (deploy/image/Dockerfile). */
    public static final String IMAGE_DIR = "/opt/threadstorm";
    public static final String REPORT_DIR = MOUNT_PATH + "/reports";
    public static final String JAVA_TOOL_OPTIONS = "JAVA_TOOL_OPTIONS";

    /** The init image the injector uses when neither {@code --image} nor the pod's annotation names one. */
    public static final String DEFAULT_IMAGE = "threadstorm/agent-init:" + version();

    /** The {@code -javaagent:} argument for the agent jar on the shared volume, with {@code options} if any. */
    public static String javaagent(String options) {
        String arg = "-javaagent:" + MOUNT_PATH + "/" + JAR;
        return options == null || options.isEmpty() ? arg : arg + "=" + options;
    }

    static String version() {
        String v = Wiring.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-SNAPSHOT" : v;
    }
}
