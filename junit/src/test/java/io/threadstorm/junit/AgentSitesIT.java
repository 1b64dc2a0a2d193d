package io.threadstorm.junit;

import static io.threadstorm.junit.TestKit.failures;
import static io.threadstorm.junit.TestKit.lineOf;
import static io.threadstorm.junit.TestKit.onlyFailure;
import static io.threadstorm.junit.TestKit.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.threadstorm.junit.samples.Leaks;
import io.threadstorm.junit.samples.Samples;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * The extension in a JVM that runs the threadstorm agent (the surefire execution {@code with-agent}, options
 * {@code appPackages=io.threadstorm.junit}): each leaked thread is named with the line that started it.
 */
class AgentSitesIT {

    @BeforeAll
    static void agentIsLoaded() {
        assertTrue(ManagementFactory.getPlatformMBeanServer().isRegistered(AgentCensus.AGENT),
                "run with -javaagent:threadstorm-agent.jar");
    }

    @AfterEach
    void stopLeaks() throws InterruptedException {
        Leaks.stopAll();
    }

    @Test
    void aLeakedThreadIsNamedWithItsCreationSite() throws IOException {
        EngineExecutionResults r = run(Samples.ParkedThread.class);
        String message = onlyFailure(r.testEvents());
        String site = "started at io.threadstorm.junit.samples.Samples$ParkedThread.parksAThread(Samples.java:"
                + lineOf("// site:parked") + ") (site ";
        assertTrue(message.contains("\"sample-parked\""), message);
        assertTrue(message.contains(site), "expected '" + site + "' in: " + message);
        assertTrue(message.contains(", kind platform)"), message);
        assertTrue(message.endsWith("Creation sites from the threadstorm agent."), message);
        assertEquals(0, r.containerEvents().failed().count());
    }

    @Test
    void aLeakedPoolIsNamedWithTheLineThatMadeItGrow() throws IOException {
        String message = onlyFailure(run(Samples.LeakedPool.class).testEvents());
        String site = "started at io.threadstorm.junit.samples.Samples$LeakedPool.leaksAPool(Samples.java:"
                + lineOf("// site:pool") + ") (site ";
        assertTrue(message.startsWith("Test leaksAPool() leaked 2 threads"), message);
        assertTrue(message.contains(site), "expected '" + site + "' in: " + message);
        assertTrue(message.contains(", kind executor)"), message);
    }

    @Test
    void healthyTestsStillPass() {
        for (Class<?> sample : new Class<?>[] {Samples.ShortThread.class, Samples.ShutDownPool.class,
                Samples.StoppedInAfterAll.class}) {
            EngineExecutionResults r = run(sample);
            assertEquals(0, r.allEvents().failed().count(), sample + ": " + failures(r.allEvents()));
        }
    }

    @Test
    void aClassLevelLeakIsNamedWithItsCreationSite() {
        String message = onlyFailure(run(Samples.LeakInBeforeAll.class).containerEvents());
        assertTrue(message.contains(
                "started at io.threadstorm.junit.samples.Samples$LeakInBeforeAll.startServer(Samples.java:"), message);
    }

    @Test
    @EnabledForJreRange(min = JRE.JAVA_21)
    void aLeakedVirtualThreadIsSeen() throws IOException {
        String message = onlyFailure(run(Samples.ParkedVirtualThread.class).testEvents());
        String site = "started at io.threadstorm.junit.samples.Samples$ParkedVirtualThread.parksAVirtualThread("
                + "Samples.java:" + lineOf("// site:virtual") + ") (site ";
        assertTrue(message.startsWith("Test parksAVirtualThread() leaked 1 thread,"),
                "the virtual thread and nothing else (no carrier thread): " + message);
        assertTrue(message.contains("\"sample-virtual\" (id "), message);
        assertTrue(message.contains(", virtual, daemon)"), message);
        assertTrue(message.contains(site), "expected '" + site + "' in: " + message);
    }
}
