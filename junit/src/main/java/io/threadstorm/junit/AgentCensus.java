package io.threadstorm.junit;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * The threads the threadstorm agent sees, with their creation sites and virtual threads: the JSON of the operation
 * {@code snapshot()} of its MBean {@code io.threadstorm:type=Agent} (docs/snapshot.md). The agent's classes live in
 * its own class loader, so JMX is the only way in. Once the agent fails to answer, this census keeps to the JVM's
 * own view, so that one check never compares two different views.
 */
final class AgentCensus implements Census {

    static final ObjectName AGENT = agentName();

    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final JvmCensus jvm = new JvmCensus();
    private String failure;
    private volatile boolean tags;
    private volatile Set<String> inFlight = Set.of();

    @Override
    public List<LiveThread> take() {
        if (failure == null) {
            try {
                Object snapshot = ManagementFactory.getPlatformMBeanServer().invoke(AGENT, "snapshot", null, null);
                String json = (String) snapshot;
                JsonNode root = JSON.readTree(json);
                List<LiveThread> threads = parse(root, platformThreads());
                tags = json.contains("\"context\"");
                inFlight = inFlight(root);
                return threads;
            } catch (JMException | IOException | RuntimeException | LinkageError e) {
                failure = e.toString();
            }
        }
        return jvm.take();
    }

    @Override
    public boolean inFlight(String tag) {
        return failure == null && inFlight.contains(tag);
    }

    /** The snapshot's {@code contextsInFlight}: empty when it has none (an older agent). */
    static Set<String> inFlight(JsonNode snapshot) {
        Set<String> out = new HashSet<>();
        snapshot.path("contextsInFlight").forEach(tag -> out.add(tag.asText()));
        return out;
    }

    @Override
    public boolean tellsTags() {
        return failure == null && tags;
    }

    @Override
    public String note() {
        return failure == null
                ? "Creation sites from the threadstorm agent."
                : "The threadstorm agent did not answer (" + failure + "); current stacks shown.";
    }

    /**
     * The threads of a snapshot's JSON text, joined by id to the platform threads of this JVM.
     *
     * @throws IOException when the text is not JSON
     * @throws IllegalArgumentException when it has no {@code threads} list
     */
    static List<LiveThread> parse(String snapshot, Map<Long, Thread> platform) throws IOException {
        return parse(JSON.readTree(snapshot), platform);
    }

    private static List<LiveThread> parse(JsonNode snapshot, Map<Long, Thread> platform) {
        JsonNode threads = snapshot.path("threads");
        if (!threads.isArray()) {
            throw new IllegalArgumentException("the snapshot has no threads list");
        }
        List<LiveThread> out = new ArrayList<>();
        for (JsonNode t : threads) {
            long id = t.path("id").asLong(-1);
            List<String> stack = new ArrayList<>();
            t.path("stack").forEach(f -> stack.add(f.asText()));
            JsonNode site = t.path("site");
            CreationSite creation = site.isObject()
                    ? new CreationSite(text(site.path("id")), site.path("frame").asText("unknown"),
                    site.path("kind").asText("unknown"))
                    : null;
            boolean virtual = t.path("virtual").asBoolean(false);
            out.add(new LiveThread(id, t.path("name").asText(""), t.path("state").asText("UNKNOWN"),
                    t.path("daemon").asBoolean(virtual), virtual, stack, creation, virtual ? null : platform.get(id),
                    text(t.path("context")), text(t.path("contextTaskFrame"))));
        }
        return out;
    }

    private static String text(JsonNode node) {
        return node.isTextual() ? node.asText() : null;
    }

    private static Map<Long, Thread> platformThreads() {
        Map<Long, Thread> byId = new HashMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            byId.put(t.getId(), t);
        }
        return byId;
    }

    private static ObjectName agentName() {
        try {
            return new ObjectName("io.threadstorm:type=Agent");
        } catch (JMException e) {
            throw new IllegalStateException(e);
        }
    }
}
