package io.threadstorm.junit;

import io.threadstorm.bootstrap.SystemThreadNames;
import java.util.Set;

/**
 * Threads that never count as leaks: the ones the JVM, the test tooling and the agent start when first needed and keep
 * for good. A test that happens to be the first to need one must not fail for it. The names are the list the agent
 * reads too ({@link SystemThreadNames}); the rules by class, group and stack need the live thread.
 */
final class SystemThreads {

    /**
     * Thread classes the JDK keeps for itself: its system threads (cleaners, pollers, the process reaper, ...) and
     * the carrier threads of virtual threads, and (JDK 25) a fork-join pool's delay scheduler, which the virtual-thread
     * scheduler starts on the first sleep.
     */
    private static final Set<String> JDK_CLASSES = Set.of("jdk.internal.misc.InnocuousThread",
            "jdk.internal.misc.CarrierThread", "java.util.concurrent.DelayScheduler");

    /** The test engine's own threads, such as the workers of JUnit's parallel execution. */
    private static final String TEST_ENGINE_PACKAGE = "org.junit.platform.";

    private static final String COMMON_POOL_WORKER = "ForkJoinPool.commonPool-worker-";

    private SystemThreads() {
    }

    /** Whether the thread belongs to the JVM, the test engine or the agent. */
    static boolean isSystem(LiveThread t) {
        String name = t.name();
        if (SystemThreadNames.matches(name)) {
            return true;
        }
        if (name.startsWith(COMMON_POOL_WORKER)) {
            // the JDK owns the common pool; a worker that runs the test's code, though, is the test's
            return t.stack().stream().allMatch(LiveThread::jdkFrame);
        }
        Thread thread = t.thread();
        if (thread == null) {
            return false;
        }
        String type = thread.getClass().getName();
        ThreadGroup group = thread.getThreadGroup();
        return JDK_CLASSES.contains(type) || type.startsWith(TEST_ENGINE_PACKAGE)
                || group != null && "system".equals(group.getName());
    }
}
