package io.threadstorm.bootstrap;

import java.util.List;

/**
 * The one list of the threads that the JVM and the test and build tooling start when first needed and keep for good,
 * by name: they never count as leaks. The agent's classifier ({@code classify.SystemThreads}) and the JUnit extension
 * both read it. It lives here, in the bootstrap module, because that is the one place both can load without
 * relocation: the agent from the bootstrap class path, the extension as a plain dependency, with or without the
 * agent. JDK types only. Rules that need more than a name (a stack, a thread's class) stay with their reader.
 */
public final class SystemThreadNames {

    /**
     * One entry.
     *
     * @param name   the whole name, or its beginning when {@code prefix}
     * @param prefix whether {@code name} is a prefix
     * @param reason why the thread never counts, in one line
     */
    public record Entry(String name, boolean prefix, String reason) {

        /** Whether {@code threadName} is this entry's thread. */
        public boolean matches(String threadName) {
            return prefix ? threadName.startsWith(name) : threadName.equals(name);
        }

        /** The name as documented: a prefix ends with {@code *}. */
        public String pattern() {
            return prefix ? name + "*" : name;
        }
    }

    /** The entries. */
    public static final List<Entry> ENTRIES = List.of(
            named("Reference Handler", "the JVM's reference processing"),
            named("Finalizer", "the JVM's finalizer"),
            named("Signal Dispatcher", "the JVM's handler of OS signals"),
            named("Common-Cleaner", "the JDK's shared Cleaner"),
            named("Attach Listener", "the JVM's dynamic-attach server, started by the first jcmd, jstack or IDE"),
            named("Notification Thread", "the JVM's JMX notifications"),
            named("Service Thread", "the JVM's housekeeping"),
            named("Monitor Deflation Thread", "the JVM's monitor clean-up (JDK 17+)"),
            named("Sweeper thread", "the JIT's code cache sweeper (JDK 17-19)"),
            named("DestroyJavaVM", "the JVM's shutdown of the main thread"),
            prefixed("process reaper", "the JDK's waiter for child processes"),
            prefixed("C1 CompilerThread", "a JIT compiler"),
            prefixed("C2 CompilerThread", "a JIT compiler"),
            prefixed("JVMCI", "a JVMCI (Graal) compiler"),
            prefixed("JFR ", "Flight Recorder"),
            prefixed("RMI ", "RMI and remote JMX"),
            prefixed("JMX server connection timeout", "remote JMX"),
            prefixed("GC Daemon", "RMI's distributed garbage collection"),
            prefixed("VirtualThread-unparker", "virtual-thread timers (JDK 21-23)"),
            prefixed("VirtualThread-unblocker", "virtual-thread monitor support (JDK 24+)"),
            prefixed("Read-Poller", "virtual-thread I/O polling"),
            prefixed("Write-Poller", "virtual-thread I/O polling"),
            prefixed("Master-Poller", "virtual-thread I/O polling"),
            named("ForkJoinPool.commonPool-delayScheduler", "the common pool's timer (JDK 25)"),
            prefixed("JDWP ", "the debugger agent"),
            prefixed("surefire-forkedjvm-", "Maven Surefire's and Failsafe's forked-JVM workers"),
            named("Test worker", "Gradle's test executor, which runs the tests"),
            prefixed("/127.0.0.1:", "Gradle's worker-process messaging (\"/127.0.0.1:p to /127.0.0.1:q workers\")"),
            named("junit-jupiter-timeout-watcher", "JUnit's @Timeout watcher, kept for the run"),
            prefixed("testcontainers-ryuk", "Testcontainers' reaper of containers, kept for the run"),
            prefixed("testcontainers-pull-watchdog-", "Testcontainers' image-pull watchdog"),
            prefixed("testcontainers-wait-", "Testcontainers' shared wait-strategy pool"),
            prefixed("docker-java-stream-", "the Docker client's response streams (Testcontainers)"),
            named("JNA Cleaner", "JNA's cleaner of native memory, kept for the JVM's life"),
            prefixed("threadstorm-", "the threadstorm agent's own threads"));

    private SystemThreadNames() {
    }

    /** Whether {@code threadName} is one of the listed threads. */
    public static boolean matches(String threadName) {
        if (threadName == null) {
            return false;
        }
        for (Entry e : ENTRIES) {
            if (e.matches(threadName)) {
                return true;
            }
        }
        return false;
    }

    private static Entry named(String name, String reason) {
        return new Entry(name, false, reason);
    }

    private static Entry prefixed(String prefix, String reason) {
        return new Entry(prefix, true, reason);
    }
}
