package io.threadstorm.junit;

import static io.threadstorm.junit.TestKit.onlyFailure;
import static io.threadstorm.junit.TestKit.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.threadstorm.junit.samples.Leaks;
import io.threadstorm.junit.samples.Suites;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * {@code threadstorm.junit.baseline=suite} with the agent: a fixture made before the test plan grows a worker during
 * a test; by default the new worker is the test's leak, with the suite baseline it is the fixture's (its site was
 * alive when the plan started).
 */
class SuiteBaselineIT {

    @AfterEach
    void stopLeaks() throws InterruptedException {
        Leaks.stopAll();
    }

    @Test
    void withoutTheBaselineTheFixturesNewWorkerIsTheTestsLeak() throws Exception {
        Suites.makeFixture();
        String message = onlyFailure(run(Suites.UsesTheFixture.class).testEvents());
        assertTrue(message.startsWith("Test runsTwoTasksAtOnceOnTheFixture() leaked 1 thread"), message);
    }

    @Test
    void theSuiteBaselineIgnoresTheThreadsAndSitesAliveWhenThePlanStarted() throws Exception {
        Suites.makeFixture();
        EngineExecutionResults r = run(Suites.UsesTheFixture.class, Map.of("threadstorm.junit.baseline", "suite"));
        assertEquals(1, r.testEvents().succeeded().count(), TestKit.failures(r.testEvents()).toString());
        assertEquals(0, r.containerEvents().failed().count());
    }
}
