package io.threadstorm.core;

/** The JMX face of the agent, {@code io.threadstorm:type=Agent} (a standard MBean: its name is the class's plus MBean). */
public interface AgentRuntimeMBean {

    /** The snapshot JSON (schema threadstorm.snapshot/v1): every live thread with its creation site. */
    String snapshot();

    /** Samples now, writes an on-demand report into the report directory and returns its JSON. */
    String report();
}
