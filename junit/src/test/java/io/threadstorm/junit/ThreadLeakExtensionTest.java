package io.threadstorm.junit;

import static io.threadstorm.junit.TestKit.failures;
import static io.threadstorm.junit.TestKit.onlyFailure;
import static io.threadstorm.junit.TestKit.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.threadstorm.junit.samples.Leaks;
import io.threadstorm.junit.samples.Samples;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** The extension without the agent: platform threads, current stacks. Each test runs sample classes in this JVM. */
class ThreadLeakExtensionTest {

    @AfterEach
    void stopLeaks() throws InterruptedException {
        Leaks.stopAll();
    }

    @Test
    void aThreadBlockedForeverFailsTheTest() {
        EngineExecutionResults r = run(Samples.ParkedThread.class);
        String message = onlyFailure(r.testEvents());
        assertTrue(message.startsWith("Test parksAThread() leaked 1 thread, still running 100 ms after it ended:"),
                message);
        assertTrue(message.contains("\"sample-parked\" (id "), message);
        assertTrue(message.contains(", WAITING, platform, daemon)"), message);
        assertTrue(message.contains("io.threadstorm.junit.samples.Samples$ParkedThread.lambda$parksAThread$"),
                "a frame of the leaking test: " + message);
        assertTrue(message.contains("-javaagent:threadstorm-agent.jar"), "says how to see creation sites: " + message);
        assertFalse(message.contains("started at"), message);
        assertEquals(0, r.containerEvents().failed().count(), "the class does not report the test's leak again");
    }

    @Test
    void aThreadThatEndsWithinTheGracePeriodPasses() {
        EngineExecutionResults r = run(Samples.ShortThread.class);
        assertEquals(1, r.testEvents().succeeded().count(), failures(r.allEvents()).toString());
        assertEquals(0, r.allEvents().failed().count());
    }

    @Test
    void aPoolShutDownPasses() {
        EngineExecutionResults r = run(Samples.ShutDownPool.class);
        assertEquals(1, r.testEvents().succeeded().count(), failures(r.allEvents()).toString());
        assertEquals(0, r.allEvents().failed().count());
    }

    @Test
    void aPoolNeverShutDownFailsTheTest() {
        String message = onlyFailure(run(Samples.LeakedPool.class).testEvents());
        assertTrue(message.startsWith("Test leaksAPool() leaked 2 threads"), message);
        assertTrue(message.matches("(?s).*\"pool-\\d+-thread-1\".*\"pool-\\d+-thread-2\".*"), message);
        assertTrue(message.contains("java.util.concurrent.ThreadPoolExecutor.getTask"), message);
    }

    @Test
    void onAMethodTheAnnotationChecksThatTestOnly() {
        EngineExecutionResults r = run(Samples.MethodOnly.class);
        assertEquals(1, r.testEvents().succeeded().count(), failures(r.allEvents()).toString());
        String message = onlyFailure(r.testEvents());
        assertTrue(message.startsWith("Test checked() leaked 1 thread"), message);
        assertTrue(message.contains("\"sample-checked\""), message);
    }

    @Test
    void ignoredNamesDoNotCountAndAreMatchedWhole() {
        EngineExecutionResults r = run(Samples.IgnoredNames.class);
        assertEquals(2, r.testEvents().succeeded().count(), failures(r.allEvents()).toString());
        String message = onlyFailure(r.testEvents());
        assertTrue(message.contains("\"sample-housekeeper-1x\""), message);
        assertEquals(0, r.containerEvents().failed().count(),
                "the class does not count what a test's own ignores let pass: " + failures(r.containerEvents()));
    }

    @Test
    void ignoredFramesDoNotCount() {
        EngineExecutionResults r = run(Samples.IgnoredFrames.class);
        assertEquals(0, r.allEvents().failed().count(), failures(r.allEvents()).toString());
    }

    @Test
    void aThreadStartedInBeforeAllAndNeverStoppedFailsTheClass() {
        EngineExecutionResults r = run(Samples.LeakInBeforeAll.class);
        assertEquals(1, r.testEvents().succeeded().count(), "the test itself started nothing");
        String message = onlyFailure(r.containerEvents());
        assertTrue(message.startsWith("Class Samples$LeakInBeforeAll leaked 1 thread"), message);
        assertTrue(message.contains("\"sample-before-all\""), message);
    }

    @Test
    void aThreadStartedInBeforeAllAndStoppedInAfterAllPasses() {
        EngineExecutionResults r = run(Samples.StoppedInAfterAll.class);
        assertEquals(0, r.allEvents().failed().count(), failures(r.allEvents()).toString());
    }

    @Test
    void theGracePeriodComesFromTheConfigurationWhenTheAnnotationHasNone() {
        EngineExecutionResults patient = run(Samples.SlowThread.class);
        assertEquals(0, patient.allEvents().failed().count(), "2 s by default: " + failures(patient.allEvents()));

        EngineExecutionResults hasty = run(Samples.SlowThread.class, Map.of(LeakOptions.GRACE, "50ms"));
        String message = onlyFailure(hasty.testEvents());
        assertTrue(message.contains("still running 50 ms after it ended") && message.contains("\"sample-slow\""),
                message);
    }

    @Test
    void autoDetectionChecksEveryTestAndRegistersTheExtensionOnce() {
        Map<String, String> auto = Map.of("junit.jupiter.extensions.autodetection.enabled", "true",
                LeakOptions.GRACE, "100ms");
        assertEquals(0, run(Samples.Unannotated.class).allEvents().failed().count(), "not checked without it");

        String message = onlyFailure(run(Samples.Unannotated.class, auto).testEvents());
        assertTrue(message.contains("\"sample-unannotated\""), message);

        EngineExecutionResults annotated = run(Samples.ParkedThread.class, auto);
        List<Throwable> thrown = annotated.testEvents().failed().stream()
                .map(e -> e.getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow()
                        .getThrowable().orElseThrow())
                .toList();
        assertEquals(1, thrown.size());
        assertEquals(0, thrown.get(0).getSuppressed().length, "one check, not two");
    }

    @Test
    void nestedClassesFollowTheEnclosingAnnotation() {
        EngineExecutionResults r = run(Samples.Outer.class);
        assertEquals(1, r.testEvents().succeeded().count(), failures(r.allEvents()).toString());
        String message = onlyFailure(r.testEvents());
        assertTrue(message.startsWith("Test leaksAThread() leaked 1 thread, still running 100 ms"), message);
        assertTrue(message.contains("\"sample-nested\""), message);
        assertEquals(0, r.containerEvents().failed().count(), failures(r.containerEvents()).toString());
    }

    @Test
    void withFailOnLeakFalseALeakIsReportedButPasses() {
        EngineExecutionResults r = run(Samples.ParkedThread.class, Map.of(LeakOptions.FAIL_ON_LEAK, "false"));
        assertEquals(0, r.allEvents().failed().count());
        List<String> entries = r.allEvents().reportingEntryPublished().stream()
                .map(e -> e.getPayload(ReportEntry.class).orElseThrow().getKeyValuePairs().get("threadstorm.leak"))
                .toList();
        assertEquals(1, entries.size(), entries.toString());
        assertTrue(entries.get(0).contains("\"sample-parked\""), entries.get(0));
    }

    @Test
    void aBadSettingFailsClearlyBeforeAnyTestRuns() {
        EngineExecutionResults r = run(Samples.ShortThread.class, Map.of(LeakOptions.GRACE, "2 seconds"));
        assertEquals(0, r.testEvents().started().count());
        assertEquals("threadstorm.junit.grace: '2 seconds' is not a duration such as 500ms, 2s or 1m",
                onlyFailure(r.containerEvents()));
    }
}
