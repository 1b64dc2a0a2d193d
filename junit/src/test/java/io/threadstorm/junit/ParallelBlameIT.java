package io.threadstorm.junit;

import static io.threadstorm.junit.TestKit.lineOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.threadstorm.junit.samples.Leaks;
import io.threadstorm.junit.samples.Parallel;
import io.threadstorm.junit.samples.TestKitOnly;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * JUnit's parallel execution with the agent: eight tests at once, three of which leak; each leak is blamed on the
 * test whose work started it, and on no other, twenty runs in a row, under the fixed strategy and the default
 * (dynamic) one.
 */
class ParallelBlameIT {

    static final int RUNS = 20;

    @BeforeAll
    static void agentIsLoaded() {
        assertTrue(ManagementFactory.getPlatformMBeanServer().isRegistered(AgentCensus.AGENT),
                "run with -javaagent:threadstorm-agent.jar");
    }

    @AfterAll
    static void stopLeaks() throws InterruptedException {
        Leaks.stopAll();
        Parallel.shared = null;
    }

    /** Runs the eight tests in parallel: the fixed strategy with eight threads, or the default dynamic one. */
    static EngineExecutionResults runParallel(boolean fixed) throws InterruptedException {
        Parallel.prepare();
        Map<String, String> parameters = new TreeMap<>(Map.of(
                "junit.jupiter.execution.parallel.enabled", "true",
                "junit.jupiter.execution.parallel.mode.default", "concurrent",
                "junit.jupiter.execution.parallel.mode.classes.default", "concurrent"));
        if (fixed) {
            parameters.put("junit.jupiter.execution.parallel.config.strategy", "fixed");
            parameters.put("junit.jupiter.execution.parallel.config.fixed.parallelism", "8");
        }
        return EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(Parallel.EightAtOnce.class))
                .configurationParameter(TestKitOnly.PARAMETER, "true")
                .configurationParameters(parameters)
                .execute();
    }

    /** The failed tests' messages by method name. */
    static Map<String, String> failuresByTest(EngineExecutionResults r) {
        Map<String, String> out = new TreeMap<>();
        for (Event e : r.testEvents().failed().list()) {
            Throwable t = e.getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();
            out.put(e.getTestDescriptor().getDisplayName(), t.getMessage());
        }
        return out;
    }

    @Test
    void eachLeakIsBlamedOnTheTestWhoseWorkStartedIt() throws Exception {
        String forgotten = "Parallel$EightAtOnce.forgetsAThread(Parallel.java:" + lineOf(TestKit.PARALLEL, "// site:parallel-forgotten")
                + ")";
        String shared = "Parallel$EightAtOnce.submitsATaskThatNeverReturns(Parallel.java:"
                + lineOf(TestKit.PARALLEL, "// site:parallel-shared") + ")";
        String async = "(Parallel.java:" + lineOf(TestKit.PARALLEL, "// site:parallel-async") + ")";
        for (int run = 0; run < RUNS; run++) {
            EngineExecutionResults r = runParallel(run % 2 == 0);
            Map<String, String> failures = failuresByTest(r);
            String where = "run " + run + ": " + failures;
            assertEquals(java.util.Set.of("forgetsAThread()", "submitsATaskThatNeverReturns()",
                    "startsAThreadInAnAsyncStage()"), failures.keySet(), where);
            assertEquals(0, r.containerEvents().failed().count(), where);
            assertEquals(5, r.testEvents().succeeded().count(), where);

            String m = failures.get("forgetsAThread()");
            assertTrue(m.startsWith("Test forgetsAThread() leaked 1 thread,"), where);
            assertTrue(m.contains("\"parallel-forgotten\"") && m.contains("started at io.threadstorm.junit.samples."
                    + forgotten), where);

            m = failures.get("submitsATaskThatNeverReturns()");
            assertTrue(m.startsWith("Test submitsATaskThatNeverReturns() leaked 1 thread,"), where);
            assertTrue(m.contains("runs the test's task submitted at io.threadstorm.junit.samples." + shared), where);

            m = failures.get("startsAThreadInAnAsyncStage()");
            assertTrue(m.startsWith("Test startsAThreadInAnAsyncStage() leaked 1 thread,"), where);
            assertTrue(m.contains("\"parallel-async\"") && m.contains(async + " (site "), where);
            assertTrue(m.contains("started at io.threadstorm.junit.samples.Parallel$EightAtOnce.lambda$"), where);
            for (String message : failures.values()) {
                assertTrue(message.endsWith("Creation sites from the threadstorm agent."), where);
            }
        }
    }
}
