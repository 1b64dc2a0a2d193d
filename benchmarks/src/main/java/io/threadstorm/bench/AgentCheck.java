package io.threadstorm.bench;

import javax.management.ObjectName;

/**
 * Preflight, run with the agent before any measurement: the agent is loaded, its MBean answers, and a thread
 * started here shows up in its snapshot. Prints {@code AGENT OK} or exits non-zero.
 */
public final class AgentCheck {

    private AgentCheck() {
    }

    public static void main(String[] args) throws Exception {
        Thread t = new Thread(() -> { }, "bench-preflight");
        t.start();
        t.join();
        ObjectName name = AgentMBeans.await(15_000);
        String snapshot = AgentMBeans.invoke(name, "snapshot");
        if (!snapshot.contains("AgentCheck")) {
            System.out.println("AGENT SNAPSHOT LACKS THE PREFLIGHT SITE: " + snapshot);
            System.exit(2);
        }
        System.out.println("AGENT OK " + Runtime.version());
    }
}
