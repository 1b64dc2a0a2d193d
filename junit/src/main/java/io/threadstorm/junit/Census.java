package io.threadstorm.junit;

import java.lang.management.ManagementFactory;
import java.util.List;

/** A way to list the live threads of this JVM. */
interface Census {

    /** Every live thread now. Never throws: a census that cannot answer falls back to a simpler one. */
    List<LiveThread> take();

    /** One sentence for a failure message: where the threads' details came from. */
    String note();

    /** Whether the last {@link #take} told each thread's tag ({@link LiveThread#context}): an agent that has them. */
    default boolean tellsTags() {
        return false;
    }

    /**
     * Whether, at the last {@link #take}, a task handed to a pool under {@code tag} had been taken by a worker that had
     * not started it yet (the agent's {@code contextsInFlight}): no thread showed the tag, but one is about to.
     */
    default boolean inFlight(String tag) {
        return false;
    }

    /** The agent's census when the threadstorm agent is loaded in this JVM, else the JVM's own. */
    static Census detect() {
        try {
            if (ManagementFactory.getPlatformMBeanServer().isRegistered(AgentCensus.AGENT)) {
                return new AgentCensus();
            }
        } catch (RuntimeException | LinkageError e) {
            // no platform MBean server: there is no agent to ask either
        }
        return new JvmCensus();
    }
}
