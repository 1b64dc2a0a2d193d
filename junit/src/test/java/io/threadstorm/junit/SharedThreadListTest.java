package io.threadstorm.junit;

import static io.threadstorm.junit.TestKit.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.threadstorm.bootstrap.SystemThreadNames;
import io.threadstorm.junit.samples.Leaks;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** The one list of JVM and tooling threads (SystemThreadNames), which the agent's classifier reads too. */
class SharedThreadListTest {

    @AfterEach
    void stopLeaks() throws InterruptedException {
        Leaks.stopAll();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Test worker", "/127.0.0.1:41235 to /127.0.0.1:43561 workers Thread 2",
        "surefire-forkedjvm-ping-30s", "surefire-forkedjvm-command-thread", "testcontainers-ryuk",
        "testcontainers-pull-watchdog-1", "testcontainers-wait-0", "docker-java-stream-1634572946", "JNA Cleaner",
        "Attach Listener", "junit-jupiter-timeout-watcher", "threadstorm-sampler"})
    void testInfrastructureThreadsNeverCount(String name) {
        assertTrue(SystemThreads.isSystem(thread(name)), name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"main", "pool-1-thread-1", "Test worker 2", "testcontainers", "JNA"})
    void applicationThreadsStillCount(String name) {
        assertFalse(SystemThreads.isSystem(thread(name)), name);
    }

    @Test
    void everyEntryHasAReason() {
        for (SystemThreadNames.Entry e : SystemThreadNames.ENTRIES) {
            assertFalse(e.reason().isBlank(), e.name());
        }
    }

    @Test
    void aTestThatStartsTheReaperOfTestcontainersDoesNotFail() {
        EngineExecutionResults r = run(io.threadstorm.junit.samples.Samples.StartsAReaper.class);
        assertEquals(1, r.testEvents().succeeded().count(), TestKit.failures(r.testEvents()).toString());
    }

    private static LiveThread thread(String name) {
        return new LiveThread(1, name, "WAITING", true, false, List.of(), null, null);
    }
}
