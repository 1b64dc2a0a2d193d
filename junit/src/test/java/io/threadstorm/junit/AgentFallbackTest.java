package io.threadstorm.junit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.threadstorm.junit.samples.Leaks;
import io.threadstorm.junit.samples.Samples;
import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.StandardMBean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An agent that does not answer must never hurt the test run: the check falls back to the JVM's own view. A stand-in
 * for the agent's MBean registers under its name in this JVM (which runs without the agent) for each test.
 */
class AgentFallbackTest {

    /** The operation the extension calls on the agent's MBean. */
    public interface Snapshots {
        /** The snapshot JSON. */
        String snapshot();
    }

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();

    @AfterEach
    void cleanUp() throws JMException, InterruptedException {
        if (server.isRegistered(AgentCensus.AGENT)) {
            server.unregisterMBean(AgentCensus.AGENT);
        }
        Leaks.stopAll();
    }

    @Test
    void anAgentThatThrowsFallsBackToCurrentStacks() throws JMException {
        register(() -> {
            throw new IllegalStateException("snapshot broken");
        });
        String message = TestKit.onlyFailure(TestKit.run(Samples.ParkedThread.class).testEvents());
        assertTrue(message.contains("\"sample-parked\""), message);
        assertTrue(message.contains("io.threadstorm.junit.samples.Samples$ParkedThread.lambda$parksAThread$"),
                message);
        assertTrue(message.contains("The threadstorm agent did not answer (") && message.contains("snapshot broken"),
                message);
    }

    @Test
    void anAgentThatAnswersNonsenseFallsBackToCurrentStacks() throws JMException {
        register(() -> "{\"schema\": \"something else\"}");
        String message = TestKit.onlyFailure(TestKit.run(Samples.ParkedThread.class).testEvents());
        assertTrue(message.contains("\"sample-parked\""), message);
        assertTrue(message.contains("the snapshot has no threads list"), message);
    }

    private void register(Snapshots agent) throws JMException {
        server.registerMBean(new StandardMBean(agent, Snapshots.class), AgentCensus.AGENT);
    }
}
