package io.threadstorm.junit;

import static io.threadstorm.junit.TestKit.onlyFailure;
import static io.threadstorm.junit.TestKit.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.threadstorm.junit.samples.Leaks;
import io.threadstorm.junit.samples.Suites;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** {@code threadstorm.junit.onLeak=interrupt}: a failing test's leaked threads are interrupted; the failure names those that ignored it. */
class OnLeakInterruptTest {

    @AfterEach
    void stopLeaks() throws InterruptedException {
        Suites.LeaksObedientAndStubbornThreads.stop = true;
        Leaks.stopAll();
        Suites.LeaksObedientAndStubbornThreads.stop = false;
    }

    private static Thread named(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name)).findFirst()
                .orElse(null);
    }

    @Test
    void theLeakedThreadsAreInterruptedAndTheStubbornOneIsNamed() {
        String message = onlyFailure(run(Suites.LeaksObedientAndStubbornThreads.class,
                Map.of("threadstorm.junit.onLeak", "interrupt")).testEvents());
        assertTrue(message.startsWith("Test leaksTwoThreads() leaked 2 threads"), message);
        assertTrue(message.contains("Interrupted 2 threads (onLeak=interrupt): 1 ignored the interrupt and is still "
                + "running 1000 ms later: \"sample-stubborn\""), message);
        assertEquals(null, named("sample-obedient"), "the interrupt ended it");
        assertTrue(named("sample-stubborn").isAlive());
    }

    @Test
    void byDefaultNothingIsInterrupted() {
        String message = onlyFailure(run(Suites.LeaksObedientAndStubbornThreads.class).testEvents());
        assertFalse(message.contains("Interrupted"), message);
        assertTrue(named("sample-obedient").isAlive());
    }

    @Test
    void aBadValueFailsTheClass() {
        EngineExecutionResults r = run(Suites.LeaksObedientAndStubbornThreads.class,
                Map.of("threadstorm.junit.onLeak", "kill"));
        String message = onlyFailure(r.containerEvents());
        assertEquals("threadstorm.junit.onLeak: 'kill' is not none or interrupt", message);
        assertEquals(0, r.testEvents().started().count());
        assertTrue(ExtensionConfigurationException.class.getSimpleName().length() > 0);
    }
}
