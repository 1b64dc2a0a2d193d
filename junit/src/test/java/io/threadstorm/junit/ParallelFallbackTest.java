package io.threadstorm.junit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.threadstorm.junit.samples.Leaks;
import io.threadstorm.junit.samples.Parallel;
import java.lang.management.ManagementFactory;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The parallel run of {@link ParallelBlameIT} without the agent: the extension diffs the whole JVM, and each failure
 * says that it may list other tests' threads and that the agent removes the doubt.
 */
class ParallelFallbackTest {

    @AfterAll
    static void stopLeaks() throws InterruptedException {
        Leaks.stopAll();
        Parallel.shared = null;
    }

    @Test
    void aParallelRunWithoutTheAgentSaysItMayBlameOtherTestsThreads() throws Exception {
        assertFalse(ManagementFactory.getPlatformMBeanServer().isRegistered(AgentCensus.AGENT),
                "runs without the agent");
        Map<String, String> failures = ParallelBlameIT.failuresByTest(ParallelBlameIT.runParallel(true));
        // which test gets each thread is a race (the first check to end reports it): the doubt the note speaks of
        assertFalse(failures.isEmpty(), "the three leaks are seen");
        for (String message : failures.values()) {
            assertTrue(message.contains(ThreadLeakExtension.PARALLEL_NOTE), message);
        }
    }
}
